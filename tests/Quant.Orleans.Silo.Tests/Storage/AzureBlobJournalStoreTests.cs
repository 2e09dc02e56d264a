using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>What is particular to the Azure Blob journal store (beyond <see cref="JournalStoreContract"/>), against the
/// Azurite emulator: the blobs hold the file journal's bytes; commits are split at the block limit; segments roll over
/// at the block limit and are sealed; a torn tail stays in place behind a seal; an unfinished segment creation is
/// started again; a seal that does not match the records is refused; and a stale writer is refused whatever it tries
/// (a commit, a roll-over, its final flush, vouching for the journal with nothing to write, an account snapshot).</summary>
public sealed class AzureBlobJournalStoreTests : IAsyncDisposable
{
    private readonly string _container = "qo-journal-" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempFolder _folder = new("qo-journal-blob");
    private Azurite? _azurite;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task SegmentBlobsHoldExactlyTheBytesOfTheFileJournalsSegmentFiles()
    {
        var file = new FileJournalStore(_folder.Path, new FileJournalOptions { MaxSegmentBytes = 300 });
        var blob = new AzureBlobJournalStore(await ContainerAsync(), new AzureBlobJournalOptions { MaxSegmentBytes = 300 });
        foreach (var store in new IJournalStore[] { file, blob })
        {
            await using var journal = await store.OpenAsync("acct/1", null, Token);
            for (var i = 0; i < 12; i++)
            {
                await journal.AppendAsync(Batch(i, 1 + (i % 3), 10 + (i * 3)), flush: i % 2 == 0, Token);
            }
        }

        var files = Directory.GetFiles(_folder.Path, "*.qoj").Order(StringComparer.Ordinal).ToArray();
        var blobs = await BlobsAsync("acct/1");
        Assert.True(files.Length >= 3, $"{files.Length} segments");
        Assert.Equal(files.Select(Path.GetFileName), blobs.Select(b => b.Name.Replace('/', '.')));
        for (var i = 0; i < files.Length; i++)
        {
            Assert.Equal(Convert.ToHexString(await File.ReadAllBytesAsync(files[i], Token)), Convert.ToHexString(blobs[i].Bytes));
        }
    }

    [Fact]
    public async Task ACommitOverTheBlockLimitIsSplitIntoSeveralAppendsAndRecoveredWhole()
    {
        var options = new AzureBlobJournalOptions { MaxBlockBytes = 64 };
        var store = new AzureBlobJournalStore(await ContainerAsync(), options);
        var payloads = Batch(1, 4, 50); // 4 × 70 bytes
        await using (var journal = (AzureBlobJournal)await store.OpenAsync("j", null, Token))
        {
            Assert.Equal(1, journal.BlockAppends); // the segment header
            journal.AppendUnflushed(payloads[..2]);
            Assert.Equal(0, journal.CommittedSequence);
            await journal.AppendAsync(payloads[2..], flush: false, Token);
            Assert.Equal((4L, 1L + 5), (journal.CommittedSequence, journal.BlockAppends)); // 280 bytes in 64-byte blocks
        }

        var records = new List<JournalRecord>();
        await using (await store.OpenAsync("j", records.Add, Token))
        {
        }

        Assert.Equal(payloads.Select(p => Convert.ToHexString(p.Span)), records.Select(r => Convert.ToHexString(r.Payload.Span)));
        var blob = (await ContainerAsync()).GetAppendBlobClient((await BlobsAsync("j"))[0].Name);
        Assert.Equal(6, (await blob.GetPropertiesAsync(cancellationToken: Token)).Value.BlobCommittedBlockCount);
    }

    [Fact]
    public async Task ASegmentRollsOverAtTheBlockLimitSealedAtItsLength()
    {
        var store = new AzureBlobJournalStore(await ContainerAsync(), new AzureBlobJournalOptions { MaxBlocksPerSegment = 3 });
        await using (var journal = (AzureBlobJournal)await store.OpenAsync("j", null, Token))
        {
            for (var i = 0; i < 5; i++)
            {
                await journal.AppendAsync(Batch(i, 1, 20), flush: true, Token);
            }

            Assert.Equal(5, journal.SegmentFirstSequence); // 1–2, 3–4, 5
        }

        var blobs = await BlobsAsync("j");
        Assert.Equal(["j/0000000000000001.qoj", "j/0000000000000003.qoj", "j/0000000000000005.qoj"], blobs.Select(b => b.Name));
        Assert.Equal([blobs[0].Bytes.Length.ToString(CultureInfo.InvariantCulture), blobs[1].Bytes.Length.ToString(CultureInfo.InvariantCulture), null], blobs.Select(b => b.Metadata.TryGetValue("qojsealedat", out var end) ? end : null));
        var sequences = new List<long>();
        await (new AzureBlobJournalStore(await ContainerAsync())).ReadAsync("j", r => sequences.Add(r.Sequence), Token);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], sequences);
    }

    [Fact]
    public async Task ATornTailStaysInPlaceBehindASealAndTheNextSegmentContinues()
    {
        var store = new AzureBlobJournalStore(await ContainerAsync());
        await using (var journal = await store.OpenAsync("j", null, Token))
        {
            await journal.AppendAsync(Batch(1, 2, 30), flush: true, Token);
        }

        var record = new byte[JournalFormat.RecordHeaderBytes + 30];
        JournalFormat.WriteRecord(record, 3, new byte[30]);
        var first = (await ContainerAsync()).GetAppendBlobClient((await BlobsAsync("j"))[0].Name);
        var valid = (await first.GetPropertiesAsync(cancellationToken: Token)).Value.ContentLength;
        using (var torn = new MemoryStream(record[..25]))
        {
            await first.AppendBlockAsync(torn, cancellationToken: Token); // the first block of a commit cut short
        }

        await using (var journal = await store.OpenAsync("j", null, Token))
        {
            Assert.Equal(new JournalTornTail($"{_container}/j/0000000000000001.qoj", valid, 25), journal.Recovery.TornTail);
            Assert.Equal(3, await journal.AppendAsync(Batch(3, 1, 30), flush: true, Token));
        }

        var blobs = await BlobsAsync("j");
        Assert.Equal(["j/0000000000000001.qoj", "j/0000000000000003.qoj"], blobs.Select(b => b.Name));
        Assert.Equal(valid + 25, blobs[0].Bytes.Length); // the torn bytes stay: an append blob cannot be truncated
        Assert.Equal(valid.ToString(CultureInfo.InvariantCulture), blobs[0].Metadata["qojsealedat"]);
        var sequences = new List<long>();
        await using (var journal = await store.OpenAsync("j", r => sequences.Add(r.Sequence), Token))
        {
            Assert.Null(journal.Recovery.TornTail);
        }

        Assert.Equal([1L, 2L, 3L], sequences);
    }

    [Fact]
    public async Task AnUnfinishedSegmentCreationIsStartedAgain()
    {
        var container = await ContainerAsync();
        var store = new AzureBlobJournalStore(container);
        await using (var journal = await store.OpenAsync("j", null, Token))
        {
            await journal.AppendAsync(Batch(1, 2, 10), flush: true, Token);
        }

        // A writer sealed segment 1 and died after creating segment 3, before writing its header.
        var firstName = (await BlobsAsync("j"))[0].Name;
        var length = (await container.GetBlobClient(firstName).GetPropertiesAsync(cancellationToken: Token)).Value.ContentLength;
        await container.GetBlobClient(firstName).SetMetadataAsync(new Dictionary<string, string> { ["qojsealedat"] = length.ToString(CultureInfo.InvariantCulture) }, cancellationToken: Token);
        await container.GetAppendBlobClient("j/0000000000000003.qoj").CreateAsync(new AppendBlobCreateOptions(), Token);

        await using (var journal = await store.OpenAsync("j", null, Token))
        {
            Assert.Equal(2, journal.LastSequence);
            Assert.Equal(3, await journal.AppendAsync(Batch(3, 1, 10), flush: true, Token));
        }

        var sequences = new List<long>();
        var scan = await store.ReadAsync("j", r => sequences.Add(r.Sequence), Token);
        Assert.Equal([1L, 2L, 3L], sequences);
        Assert.Equal(2, scan.Segments.Count);
    }

    [Fact]
    public async Task ASegmentWhoseRecordsDoNotEndWhereItWasSealedIsRefusedAndLeftAsItIs()
    {
        var container = await ContainerAsync();
        var store = new AzureBlobJournalStore(container, new AzureBlobJournalOptions { MaxBlocksPerSegment = 2 });
        await using (var journal = await store.OpenAsync("j", null, Token))
        {
            await journal.AppendAsync(Batch(1, 1, 10), flush: true, Token);
            await journal.AppendAsync(Batch(2, 1, 10), flush: true, Token);
        }

        var first = container.GetBlobClient((await BlobsAsync("j"))[0].Name);
        await first.SetMetadataAsync(new Dictionary<string, string> { ["qojsealedat"] = "24" }, cancellationToken: Token);
        var before = await BlobsAsync("j");
        var e = await Assert.ThrowsAsync<JournalCorruptedException>(async () => await store.OpenAsync("j", null, Token));
        Assert.Equal($"{_container}/j/0000000000000001.qoj", e.Path);
        Assert.Contains("sealed at byte offset 24", e.Message, StringComparison.Ordinal);
        Assert.Equal(before.Select(b => (b.Name, Convert.ToHexString(b.Bytes))), (await BlobsAsync("j")).Select(b => (b.Name, Convert.ToHexString(b.Bytes))));
    }

    [Fact]
    public async Task AStaleWriterIsRefusedAtItsRollOverAndAtItsFinalFlushAndWritesNothing()
    {
        var store = new AzureBlobJournalStore(await ContainerAsync(), new AzureBlobJournalOptions { MaxBlocksPerSegment = 2 });
        var stale = await store.OpenAsync("j", null, Token);
        await stale.AppendAsync(Batch(1, 1, 10), flush: true, Token); // segment 1 is full (header + one block)
        var staleToo = await store.OpenAsync("k", null, Token);
        await staleToo.AppendAsync(Batch(1, 1, 10), flush: true, Token);
        staleToo.AppendUnflushed(Batch(2, 1, 10));

        await using var newer = await store.OpenAsync("j", null, Token);
        await using var newerToo = await store.OpenAsync("k", null, Token);
        var beforeJ = await BlobsAsync("j");
        var beforeK = await BlobsAsync("k");

        await Assert.ThrowsAsync<JournalConflictException>(async () => await stale.AppendAsync(Batch(2, 1, 10), flush: true, Token)); // needs a roll-over
        await Assert.ThrowsAsync<JournalConflictException>(async () => await staleToo.DisposeAsync()); // its unflushed record
        await stale.DisposeAsync(); // refused before: nothing left to write
        Assert.Equal(beforeJ.Select(b => (b.Name, Convert.ToHexString(b.Bytes))), (await BlobsAsync("j")).Select(b => (b.Name, Convert.ToHexString(b.Bytes))));
        Assert.Equal(beforeK.Select(b => (b.Name, Convert.ToHexString(b.Bytes))), (await BlobsAsync("k")).Select(b => (b.Name, Convert.ToHexString(b.Bytes))));
        Assert.Equal(2, await newer.AppendAsync(Batch(20, 1, 10), flush: true, Token));
        Assert.Equal(2, await newerToo.AppendAsync(Batch(20, 1, 10), flush: true, Token));
    }

    [Fact]
    public async Task AStaleWriterWithNothingToWriteLearnsItLostTheJournalBeforeItVouchesForIt()
    {
        var store = new AzureBlobJournalStore(await ContainerAsync());
        await using var stale = await store.OpenAsync("j", null, Token);
        await stale.AppendAsync(Batch(1, 1, 10), flush: true, Token);
        await stale.ConfirmWriterAsync(Token);
        await using var newer = await store.OpenAsync("j", null, Token);

        await stale.FlushAsync(Token); // nothing waits: nothing to refuse
        var refused = await Assert.ThrowsAsync<JournalConflictException>(async () => await stale.ConfirmWriterAsync(Token));
        Assert.Equal($"{_container}/j/0000000000000001.qoj", refused.Location);
        Assert.Throws<InvalidOperationException>(() => stale.AppendUnflushed(Batch(2, 1, 10)));
        await newer.ConfirmWriterAsync(Token);
    }

    [Fact]
    public async Task AnAccountThatLostItsJournalToAnotherSiloNeverCapturesASnapshot()
    {
        var venue = new ContractVenue();
        var stale = await ContractVenue.TradeAsync(new AzureBlobJournalStore(await ContainerAsync()), venue);
        var newer = ContractVenue.NewEngine(new AzureBlobJournalStore(await ContainerAsync()), new ContractVenue());
        await newer.RecoverAsync();
        Assert.Equal(stale.GetFills(), newer.GetFills());

        // The stale engine's state matches its journal here, but it is no longer the journal's writer.
        await Assert.ThrowsAsync<JournalConflictException>(async () => await stale.CaptureAsync());
        Assert.Equal(newer.JournalEntries, (await newer.CaptureAsync()).JournalEntries);
        await stale.CloseAsync();
        await newer.CloseAsync();
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedNamingTheLimit()
    {
        var container = new BlobContainerClient(Azurite.ConnectionStringFor(1, 2, 3), "unused");
        Assert.Equal("MaxBlockBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new AzureBlobJournalStore(container, new AzureBlobJournalOptions { MaxBlockBytes = (4 << 20) + 1 })).ParamName);
        Assert.Equal("MaxBlocksPerSegment", Assert.Throws<ArgumentOutOfRangeException>(() => new AzureBlobJournalStore(container, new AzureBlobJournalOptions { MaxBlocksPerSegment = 50_001 })).ParamName);
        Assert.Equal("MaxSegmentBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new AzureBlobJournalStore(container, new AzureBlobJournalOptions { MaxSegmentBytes = 10 })).ParamName);
        Assert.Equal("MaxPayloadBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new AzureBlobJournalStore(container, new AzureBlobJournalOptions { MaxPayloadBytes = 0 })).ParamName);
    }

    private static ReadOnlyMemory<byte>[] Batch(int id, int records, int bytes) =>
        [.. Enumerable.Range(0, records).Select(r => (ReadOnlyMemory<byte>)Enumerable.Range(0, bytes).Select(i => (byte)((id * 13) + (r * 5) + i)).ToArray())];

    private async Task<List<(string Name, byte[] Bytes, IDictionary<string, string> Metadata)>> BlobsAsync(string journal)
    {
        var container = await ContainerAsync();
        var blobs = new List<(string, byte[], IDictionary<string, string>)>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = JournalFormat.EscapeName(journal) + "/" }, Token))
        {
            var download = (await container.GetBlobClient(item.Name).DownloadContentAsync(Token)).Value;
            blobs.Add((item.Name, download.Content.ToArray(), download.Details.Metadata));
        }

        return [.. blobs.OrderBy(b => b.Item1, StringComparer.Ordinal)];
    }

    private async Task<BlobContainerClient> ContainerAsync()
    {
        _azurite ??= await Azurite.StartAsync();
        var container = new BlobContainerClient(_azurite.ConnectionString, _container);
        await container.CreateIfNotExistsAsync(cancellationToken: Token);
        return container;
    }
}
