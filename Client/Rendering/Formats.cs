using System.Globalization;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Number formats of the console (invariant culture: '.' decimal point, ',' thousands separator).</summary>
public static class Formats
{
    /// <summary>Units: thousands separators, up to 4 decimals, none when whole (<c>1,200</c>, <c>0.5</c>).</summary>
    public static string Quantity(decimal value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    /// <summary>A price per unit: at least 2 and up to 4 decimals (<c>182.43</c>, <c>182.4325</c>).</summary>
    public static string Price(decimal value) => value.ToString("#,0.00##", CultureInfo.InvariantCulture);

    /// <summary>An amount of money, 2 decimals (rounded half away from zero for display only).</summary>
    public static string Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A PnL amount with its sign (<c>+12.50</c>, <c>-3.00</c>, <c>0.00</c>).</summary>
    public static string SignedMoney(decimal value)
    {
        var rounded = decimal.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded > 0 ? "+" + Money(rounded) : Money(rounded);
    }

    /// <summary>A UTC time as ISO-8601 to the millisecond (<c>2013-10-07T13:42:08.658Z</c>).</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a signed percentage with 4 decimals (<c>0.000123</c> → <c>+0.0123%</c>).</summary>
    public static string SignedPercent(decimal fraction)
    {
        var percent = decimal.Round(fraction * 100, 4, MidpointRounding.AwayFromZero);
        return (percent > 0 ? "+" : string.Empty) + percent.ToString("0.0000", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>A model figure with its sign and 6 significant digits (<c>+0.00123457</c>, <c>-182.41</c>); <c>NaN</c>
    /// as is.</summary>
    public static string Signed(double value) =>
        double.IsNaN(value) ? "NaN" : (value > 0 ? "+" : string.Empty) + value.ToString("G6", CultureInfo.InvariantCulture);
}
