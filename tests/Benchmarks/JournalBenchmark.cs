using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- journal [folder]</c>: latency of a durable
/// <see cref="FileJournal.Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/> (one write and one fsync per batch) for
/// batches of 1, 8 and 64 records of 320 bytes (about one JSON execution report), as p50/p99 per batch and the cost
/// per record, against a reference measured in the same run on the same disk: the same bytes written to a plain
/// <see cref="FileStream"/> and flushed with <c>Flush(flushToDisk: true)</c>. Also the append without a flush (what
/// the journal costs on top of the OS). The folder defaults to the system temp folder; pass one on the disk the
/// journal will live on, because fsync latency is a property of the device.
/// </summary>
public static class JournalBenchmark
{
    private const int PayloadBytes = 320;
    private const int Batches = 400;

    /// <summary>Runs the measurements and prints the table.</summary>
    public static void Run(string? folder)
    {
        var root = Path.Combine(folder ?? Path.GetTempPath(), "qo-journal-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"folder: {root}; {Batches} batches per row, payload {PayloadBytes} B");
            Console.WriteLine("| batch | plain write+fsync p50 / p99 (µs) | journal append p50 / p99 (µs) | journal/plain p50 | per record (µs) | no-fsync append p50 (µs) |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var batch in new[] { 1, 8, 64 })
            {
                var payloads = Enumerable.Range(0, batch).Select(i => (ReadOnlyMemory<byte>)Enumerable.Range(0, PayloadBytes).Select(b => (byte)(i + b)).ToArray()).ToArray();
                var plain = MeasurePlain(root, batch);
                var durable = MeasureJournal(root, $"durable-{batch}", payloads, flush: true);
                var buffered = MeasureJournal(root, $"buffered-{batch}", payloads, flush: false);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {batch} | {Percentile(plain, 0.5):0} / {Percentile(plain, 0.99):0} | {Percentile(durable, 0.5):0} / {Percentile(durable, 0.99):0} | {Percentile(durable, 0.5) / Percentile(plain, 0.5):0.00} | {Percentile(durable, 0.5) / batch:0.0} | {Percentile(buffered, 0.5):0.0} |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double[] MeasureJournal(string root, string name, ReadOnlyMemory<byte>[] payloads, bool flush)
    {
        using var journal = FileJournal.Open(root, name);
        for (var i = 0; i < 20; i++)
        {
            journal.Append(payloads, flush);
        }

        var samples = new double[Batches];
        for (var i = 0; i < Batches; i++)
        {
            var start = Stopwatch.GetTimestamp();
            journal.Append(payloads, flush);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return samples;
    }

    private static double[] MeasurePlain(string root, int records)
    {
        var bytes = new byte[records * (PayloadBytes + 20)];
        using var stream = new FileStream(Path.Combine(root, $"plain-{records}.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        for (var i = 0; i < 20; i++)
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        var samples = new double[Batches];
        for (var i = 0; i < Batches; i++)
        {
            var start = Stopwatch.GetTimestamp();
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return samples;
    }

    private static double Percentile(double[] samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
