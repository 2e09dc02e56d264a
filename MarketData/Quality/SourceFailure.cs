namespace Quant.Orleans.MarketData.Quality;

/// <summary>A source that stopped because its file was malformed or unreadable; the rest of the feed went on.</summary>
/// <param name="Symbol">The instrument whose stream stopped.</param>
/// <param name="Path">The file, or null when the failure is not tied to one.</param>
/// <param name="EntryName">Entry inside the archive, or null.</param>
/// <param name="LineNumber">1-based line number; 0 when not tied to a line.</param>
/// <param name="Message">The full error message.</param>
public sealed record SourceFailure(Symbol Symbol, string? Path, string? EntryName, long LineNumber, string Message);
