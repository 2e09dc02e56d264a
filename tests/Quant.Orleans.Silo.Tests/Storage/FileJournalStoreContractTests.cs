using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>The file store (one silo's disk: segment files in a folder) passes the journal store contract, in a temp
/// folder of its own.</summary>
public sealed class FileJournalStoreContractTests : JournalStoreContract
{
    private readonly TempFolder _folder = new("qo-journal-contract");

    /// <inheritdoc />
    protected override bool SecondWriterTakesOver => false;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    /// <inheritdoc />
    protected override Task<IJournalStore> StoreAsync(bool smallSegments = false) =>
        Task.FromResult<IJournalStore>(new FileJournalStore(_folder.Path, smallSegments ? new FileJournalOptions { MaxSegmentBytes = 200 } : null));

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<(string Location, byte[] Bytes)>> SegmentsAsync(string name)
    {
        var segments = new List<(string, byte[])>();
        foreach (var path in Segments(name))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, Token);
            segments.Add((path, bytes));
        }

        return segments;
    }

    /// <inheritdoc />
    protected override async Task AppendRawAsync(string name, byte[] bytes)
    {
        await using var stream = new FileStream(Segments(name)[^1], FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(bytes, Token);
    }

    /// <inheritdoc />
    protected override async Task FlipByteAsync(string name, int segment, long offset)
    {
        var path = Segments(name)[segment];
        var bytes = await File.ReadAllBytesAsync(path, Token);
        bytes[offset] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, Token);
    }

    private string[] Segments(string name) =>
        [.. Directory.EnumerateFiles(_folder.Path, JournalFormat.EscapeName(name) + ".*" + JournalFormat.Extension).Order(StringComparer.Ordinal)];
}
