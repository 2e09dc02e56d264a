namespace Quant.Orleans.MarketData;

/// <summary>
/// A recorded market-data file is malformed: a line cannot be parsed, a field is out of range, or the archive is
/// unreadable. The message names the file, the zip entry, the 1-based line number and what was wrong; the same facts
/// are exposed as properties so that a feed can record them in its data-quality report.
/// </summary>
public sealed class MarketDataFormatException : Exception
{
    /// <summary>Creates the exception for a position in a file.</summary>
    /// <param name="path">Path of the file (the zip archive for Lean data).</param>
    /// <param name="entryName">Name of the entry inside the archive, or null when not applicable.</param>
    /// <param name="lineNumber">1-based line number inside the entry; 0 when the problem is not on a line (e.g. a corrupt archive).</param>
    /// <param name="reason">What was wrong, e.g. "field 2 (bid) is not an integer: '18x'".</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public MarketDataFormatException(string path, string? entryName, long lineNumber, string reason, Exception? innerException = null)
        : base(FormatMessage(path, entryName, lineNumber, reason), innerException)
    {
        FilePath = path;
        EntryName = entryName;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The most bytes of a malformed field that a reason quotes (64); a longer field is cut and its length
    /// given, and bytes outside printable ASCII are shown as <c>\xNN</c>.</summary>
    public const int MaxQuotedBytes = 64;

    /// <summary>Path of the malformed file.</summary>
    public string FilePath { get; }

    /// <summary>Entry inside the archive, or null.</summary>
    public string? EntryName { get; }

    /// <summary>1-based line number inside the entry; 0 when the failure is not tied to a line.</summary>
    public long LineNumber { get; }

    /// <summary>What was wrong, without the position.</summary>
    public string Reason { get; }

    private static string FormatMessage(string path, string? entryName, long lineNumber, string reason)
    {
        var where = entryName is null ? path : $"{path}!{entryName}";
        return lineNumber > 0 ? $"{where}, line {lineNumber}: {reason}" : $"{where}: {reason}";
    }
}
