namespace Quant.Orleans.MarketData.Lean;

/// <summary>The time zones of Lean's data files.</summary>
public static class LeanTimeZones
{
    /// <summary>America/New_York (IANA), the data time zone of Lean's US equity files and of its FXCM forex files.</summary>
    /// <exception cref="TimeZoneNotFoundException">The operating system has no IANA time-zone database (tzdata).</exception>
    public static TimeZoneInfo NewYork => LazyNewYork.Value;

    private static readonly Lazy<TimeZoneInfo> LazyNewYork = new(() => TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
}
