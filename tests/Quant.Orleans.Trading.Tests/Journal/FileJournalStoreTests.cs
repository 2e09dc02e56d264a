using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Trading.Tests.Journal;

/// <summary>The file store opens <see cref="FileJournal"/>s in its folder and adds nothing: every call is the file
/// journal's own, complete when it returns, with the same writes and flushes (the store contract itself runs in
/// <c>Quant.Orleans.Silo.Tests.Storage</c> beside the Azure Blob store).</summary>
public sealed class FileJournalStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-journal-store");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EachLevelOfAppendIsTheFileJournalsWriteOrWriteAndFlushCompletedBeforeItReturns()
    {
        var log = new List<string>();
        var store = new FileJournalStore(_folder.Path, new FileJournalOptions { OpenSegmentStream = (p, m) => new RecordingFileStream(p, m, log) });
        var opening = store.OpenAsync("acct/1", null, TestContext.Current.CancellationToken);
        Assert.True(opening.IsCompletedSuccessfully);
        await using var journal = await opening;
        Assert.IsType<FileJournal>(journal);
        Assert.Equal(_folder.Path, journal.Location);
        log.Clear();

        Assert.Equal(1, journal.AppendUnflushed([Payload(1, 5)]));
        Assert.Equal(["write 25"], log);
        var append = journal.AppendAsync(new ReadOnlyMemory<byte>[] { Payload(2, 5) }, flush: false, TestContext.Current.CancellationToken);
        Assert.True(append.IsCompletedSuccessfully);
        Assert.Equal(2, await append);
        Assert.Equal(["write 25", "write 25"], log);
        var flushed = journal.AppendAsync(new ReadOnlyMemory<byte>[] { Payload(3, 5) }, flush: true, TestContext.Current.CancellationToken);
        Assert.True(flushed.IsCompletedSuccessfully);
        Assert.Equal(["write 25", "write 25", "write 25", "flush True at 99"], log);
        Assert.Equal(3, journal.AppendUnflushed([]));
        await journal.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal(4, log.Count); // nothing unflushed: no flush
    }

    [Fact]
    public async Task TheStoreReadsAndDescribesTheFolderItWritesTo()
    {
        var store = new FileJournalStore(_folder.Path);
        await using (var journal = await store.OpenAsync("acct/1", null, TestContext.Current.CancellationToken))
        {
            await journal.AppendAsync(new ReadOnlyMemory<byte>[] { Payload(1, 3), Payload(2, 4) }, flush: true, TestContext.Current.CancellationToken);
        }

        Assert.Equal($"'acct/1' in '{Path.GetFullPath(_folder.Path)}'", store.Describe("acct/1"));
        var viaStore = new List<(long, string, long)>();
        var scan = await store.ReadAsync("acct/1", r => viaStore.Add((r.Sequence, r.Path, r.Offset)), TestContext.Current.CancellationToken);
        var direct = new List<(long, string, long)>();
        FileJournal.Read(_folder.Path, "acct/1", r => direct.Add((r.Sequence, r.Path, r.Offset)));
        Assert.Equal(direct, viaStore);
        Assert.Equal(2, scan.LastSequence);
        Assert.EndsWith("acct%2F1.0000000000000001.qoj", Assert.Single(scan.Segments), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FileJournalStore(" "));
    }

    private static byte[] Payload(int id, int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(id + i))];
}
