namespace Quant.Orleans.Trading.Tests.Journal;

/// <summary>A segment stream that logs writes and flushes (with the file length each time), and can fail a flush.</summary>
internal sealed class RecordingFileStream(string path, FileMode mode, List<string> log) : FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, 0)
{
    public bool FailFlush { get; set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        log.Add($"write {buffer.Length}");
        base.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        log.Add($"write {count}");
        base.Write(buffer, offset, count);
    }

    public override void Flush(bool flushToDisk)
    {
        if (FailFlush)
        {
            throw new IOException("simulated fsync failure (EIO)");
        }

        log.Add($"flush {flushToDisk} at {Length}");
        base.Flush(flushToDisk);
    }
}
