using System.Buffers;
using System.IO.Compression;

namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Streams the lines of the CSV entry of a Lean zip archive without materialising the file: the entry's deflate
/// stream is read into one pooled byte buffer and each line is handed out as a span into that buffer, valid until the
/// next call. Tracks the 1-based line number for error messages.
/// </summary>
internal sealed class LeanCsvReader : IDisposable
{
    private const int InitialBufferBytes = 1 << 16;
    private const int MaxLineBytes = 1 << 20;

    private readonly ZipArchive _archive;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;
    private bool _endOfStream;
    private bool _disposed;

    /// <summary>Opens the single CSV entry of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="MarketDataFormatException">The file is not a zip archive or holds no entry.</exception>
    public LeanCsvReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Lean data file '{path}' does not exist.", path);
        }

        Path = path;
        try
        {
            _archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new MarketDataFormatException(path, null, 0, $"not a readable zip archive ({e.Message})", e);
        }

        try
        {
            var entry = SelectEntry(_archive) ?? throw new MarketDataFormatException(path, null, 0, "the archive holds no entry");
            EntryName = entry.FullName;
            _stream = entry.Open();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // A damaged central directory or local header, or an unsupported compression method.
            _archive.Dispose();
            throw new MarketDataFormatException(path, null, 0, $"not a readable zip archive ({e.Message})", e);
        }
        catch
        {
            _archive.Dispose();
            throw;
        }

        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>Path of the archive.</summary>
    public string Path { get; }

    /// <summary>Name of the entry being read.</summary>
    public string EntryName { get; }

    /// <summary>1-based number of the line last returned; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The bytes of the line last returned by <see cref="TryReadLine"/> (without its terminator); valid until
    /// the next call; empty before the first line and at the end of the entry.</summary>
    public ReadOnlySpan<byte> CurrentLine => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>Returns the next line without its terminator (LF or CRLF); false at the end of the entry.</summary>
    /// <exception cref="MarketDataFormatException">The compressed data is corrupt or a line exceeds 1 MiB.</exception>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        (_lineStart, _lineLength) = (0, 0);
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                (_lineStart, _lineLength) = (_start, line.Length);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_endOfStream)
            {
                if (pending.IsEmpty)
                {
                    (_lineStart, _lineLength) = (0, 0);
                    line = default;
                    return false;
                }

                line = TrimCarriageReturn(pending);
                (_lineStart, _lineLength) = (_start, line.Length);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    /// <summary>An exception for the current line (or for the file when no line was read yet).</summary>
    public MarketDataFormatException Error(string reason, Exception? inner = null) => new(Path, EntryName, LineNumber, reason, inner);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        _archive.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                LineNumber++;
                throw Error($"line is longer than {MaxLineBytes} bytes");
            }

            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            throw Error($"corrupt compressed data after this line ({e.Message})", e);
        }

        if (read == 0)
        {
            _endOfStream = true;
        }
        else
        {
            _end += read;
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static ZipArchiveEntry? SelectEntry(ZipArchive archive)
    {
        ZipArchiveEntry? first = null;
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            if (entry.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }

            first ??= entry;
        }

        return first;
    }
}
