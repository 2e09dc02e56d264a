using System.Globalization;
using System.Text;

namespace Quant.Orleans.MarketData.Quality;

/// <summary>
/// Every quarantined record, in the order the checks quarantined it (for a replay: the order the feed read its files
/// in, which is deterministic), kept as lines of CSV under <see cref="CsvHeader"/>: symbol, reason, source file, zip
/// entry, 1-based line, time (UTC, ISO 8601), detail, and the record as written in the file (at most
/// <see cref="MaxRecordBytes"/> bytes of it; see <see cref="FormatRecord"/>). Memory is bounded: lines stay in memory
/// up to a limit (default <see cref="DefaultMemoryLimitBytes"/>), then move to a temporary file that leaves nothing
/// behind, even when the process is killed: on Unix its name is removed as soon as it is created (the open handle
/// keeps the data), on Windows the system deletes it when its handle closes. At most a set number of records is
/// kept (default <see cref="DefaultMaxRecords"/>, about 200 MB of CSV); later ones are only counted
/// (<see cref="Dropped"/>). Appending allocates only for the quarantined record itself. Thread-safe.
/// </summary>
public sealed class QuarantineSpool : IDisposable
{
    /// <summary>The CSV header line, without its newline.</summary>
    public const string CsvHeader = "symbol,reason,file,entry,line,time_utc,detail,record";

    /// <summary>The most bytes of a raw record that are kept (1,024); a longer one is cut and marked with its length.</summary>
    public const int MaxRecordBytes = 1024;

    /// <summary>The most characters of a detail text that are kept (512).</summary>
    public const int MaxDetailChars = 512;

    /// <summary>Bytes of CSV kept in memory before the spool moves to a temporary file by default: 4 MiB.</summary>
    public const long DefaultMemoryLimitBytes = 4L << 20;

    /// <summary>Records kept by default: 1,000,000 (a 4-day replay of AIG, BAC and IBM quarantines 28,304).</summary>
    public const long DefaultMaxRecords = 1_000_000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _lock = new();
    private readonly long _memoryLimitBytes;
    private readonly long _maxRecords;
    private readonly string _temporaryFolder;
    private readonly StringBuilder _line = new();
    private byte[] _bytes = new byte[1024];
    private Stream _stream = new MemoryStream();
    private bool _onDisk;
    private long _count;
    private long _dropped;
    private bool _disposed;

    /// <summary>Creates an empty spool.</summary>
    /// <param name="memoryLimitBytes">Bytes of CSV kept in memory before moving to a temporary file; 0 goes to the
    /// file with the first record.</param>
    /// <param name="temporaryFolder">Where the temporary file goes; null for <see cref="Path.GetTempPath"/>.</param>
    /// <param name="maxRecords">Records kept; later ones are only counted in <see cref="Dropped"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="memoryLimitBytes"/> or <paramref name="maxRecords"/> is negative.</exception>
    public QuarantineSpool(long memoryLimitBytes = DefaultMemoryLimitBytes, string? temporaryFolder = null, long maxRecords = DefaultMaxRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryLimitBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        _memoryLimitBytes = memoryLimitBytes;
        _maxRecords = maxRecords;
        _temporaryFolder = temporaryFolder ?? Path.GetTempPath();
    }

    /// <summary>Records kept so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records appended after the spool was full, counted but not kept.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True once the lines have moved from memory to the temporary file.</summary>
    public bool IsOnDisk
    {
        get
        {
            lock (_lock)
            {
                return _onDisk;
            }
        }
    }

    /// <summary>Appends one quarantined record with the raw bytes of its line (empty when there are none); counts it in
    /// <see cref="Dropped"/> instead when the spool holds its maximum.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The spool is disposed.</exception>
    /// <exception cref="IOException">The temporary file could not be written.</exception>
    public void Append(QuarantinedRecord record, ReadOnlySpan<byte> rawRecord)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_count >= _maxRecords)
            {
                _dropped++;
                return;
            }

            _line.Clear();
            AppendField(_line, record.Symbol.Ticker).Append(',');
            _line.Append(record.Reason.ToString()).Append(',');
            AppendField(_line, record.Path).Append(',');
            AppendField(_line, record.EntryName ?? string.Empty).Append(',');
            _line.Append(record.LineNumber.ToString(CultureInfo.InvariantCulture)).Append(',');
            _line.Append(record.Time.Value == 0 ? string.Empty : record.Time.ToString()).Append(',');
            AppendField(_line, record.Detail.Length > MaxDetailChars ? string.Concat(record.Detail.AsSpan(0, MaxDetailChars), "...") : record.Detail).Append(',');
            AppendField(_line, FormatRecord(rawRecord)).Append('\n');
            var length = Encode(_line);
            if (!_onDisk && _stream.Length + length > _memoryLimitBytes)
            {
                MoveToFile();
            }

            _stream.Write(_bytes, 0, length);
            _count++;
        }
    }

    /// <summary>Writes <see cref="CsvHeader"/> and every record appended so far to <paramref name="destination"/> (UTF-8).</summary>
    /// <returns>The number of records written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The spool is disposed.</exception>
    public long WriteCsv(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            destination.Write(Utf8.GetBytes(CsvHeader + "\n"));
            var end = _stream.Position;
            _stream.Flush();
            _stream.Position = 0;
            try
            {
                var buffer = new byte[64 * 1024];
                long left = end;
                while (left > 0)
                {
                    var read = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0)
                    {
                        throw new IOException($"The quarantine spool ended after {end - left} of its {end} bytes.");
                    }

                    destination.Write(buffer, 0, read);
                    left -= read;
                }
            }
            finally
            {
                _stream.Position = end;
            }

            return _count;
        }
    }

    /// <summary>
    /// A raw record as the CSV's <c>record</c> column shows it: printable ASCII as is, every other byte (control
    /// characters, bytes of non-ASCII text) and the backslash as <c>\xNN</c>, so the column is plain ASCII and the
    /// original bytes can be recovered; at most <see cref="MaxRecordBytes"/> bytes, a longer record ending in
    /// <c>...(N bytes)</c> with its full length.
    /// </summary>
    public static string FormatRecord(ReadOnlySpan<byte> raw) => RawText.Format(raw, MaxRecordBytes);

    /// <summary>Releases the memory or deletes the temporary file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stream.Dispose();
        }
    }

    /// <summary>Encodes the line into the reusable byte buffer (UTF-8), without a string.</summary>
    private int Encode(StringBuilder line)
    {
        var needed = Utf8.GetMaxByteCount(line.Length);
        if (_bytes.Length < needed)
        {
            _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
        }

        var length = 0;
        foreach (var chunk in line.GetChunks())
        {
            length += Utf8.GetBytes(chunk.Span, _bytes.AsSpan(length));
        }

        return length;
    }

    private void MoveToFile()
    {
        Directory.CreateDirectory(_temporaryFolder);
        var path = Path.Combine(_temporaryFolder, $"qo-quarantine-{Guid.NewGuid():N}.csv.tmp");
        var windows = OperatingSystem.IsWindows();
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 64 * 1024, windows ? FileOptions.DeleteOnClose : FileOptions.None);
        try
        {
            if (!windows)
            {
                File.Delete(path);
            }

            _stream.Position = 0;
            _stream.CopyTo(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _stream.Dispose();
        _stream = file;
        _onDisk = true;
    }

    /// <summary>Appends a CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    private static StringBuilder AppendField(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(value);
        }

        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
