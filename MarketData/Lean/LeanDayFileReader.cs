namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// What the readers of Lean's one-day files share: the zip entry read line by line through one pooled buffer, the
/// file's local date and the clock that turns milliseconds since local midnight into UTC. Derived readers parse one
/// line per <c>TryRead</c>. Not thread-safe.
/// </summary>
public abstract class LeanDayFileReader : IDisposable
{
    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="date">Local date of the file; null takes it from the file name (yyyyMMdd prefix).</param>
    /// <param name="zone">Data time zone; null means <see cref="LeanTimeZones.NewYork"/>.</param>
    /// <exception cref="ArgumentException">No date was given and the file name has none.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The archive is unreadable or empty.</exception>
    private protected LeanDayFileReader(string path, DateOnly? date, TimeZoneInfo? zone)
    {
        var day = date ?? LeanFileNames.DateFromPath(path);
        Clock = LocalDayClock.Create(day, zone ?? LeanTimeZones.NewYork);
        Csv = new LeanCsvReader(path);
    }

    /// <summary>Path of the archive.</summary>
    public string Path => Csv.Path;

    /// <summary>Name of the CSV entry inside the archive.</summary>
    public string EntryName => Csv.EntryName;

    /// <summary>Local date of the file.</summary>
    public DateOnly Date => Clock.Date;

    /// <summary>1-based number of the line last read.</summary>
    public long LineNumber => Csv.LineNumber;

    /// <summary>The raw bytes of the line last read (ASCII in a well-formed file, without its line terminator), e.g.
    /// to quarantine the record as it was written; valid until the next read, empty before the first.</summary>
    public ReadOnlySpan<byte> CurrentLine => Csv.CurrentLine;

    private protected LeanCsvReader Csv { get; }

    private protected LocalDayClock Clock { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Csv.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The fields of the next line; false at the end of the file.</summary>
    private protected bool TryNextLine(out LeanFieldCursor fields)
    {
        if (!Csv.TryReadLine(out var line))
        {
            fields = default;
            return false;
        }

        fields = new LeanFieldCursor(line, Csv);
        return true;
    }
}
