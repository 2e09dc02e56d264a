namespace Quant.Orleans.MarketData.Quality;

/// <summary>An example of a quarantined record with its source position.</summary>
/// <param name="Reason">Why it was quarantined.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Path">Source file path.</param>
/// <param name="EntryName">Entry inside the archive, or null.</param>
/// <param name="LineNumber">1-based line number in the entry.</param>
/// <param name="Time">Record time, UTC.</param>
/// <param name="Detail">What was seen, e.g. "bid 182.16 > ask 182.10".</param>
public sealed record QuarantinedRecord(QualityReason Reason, Symbol Symbol, string Path, string? EntryName, long LineNumber, UnixNanos Time, string Detail);
