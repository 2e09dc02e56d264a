using System.Buffers.Binary;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>
/// The contract every journal store of the grid passes (<see cref="IJournalStore"/>: the file store on a silo's disk,
/// the Azure Blob store of a cluster): records appended in batches — unflushed, write-ahead and flushed — come back in
/// order after a reopen, by a new store on the same storage, and sequences continue across reopens and segments; a
/// record cut short by the end of the last segment is a torn tail, reported and never delivered, and appends continue
/// after it; a flipped byte in a complete record is refused with its segment and byte offset, and nothing is changed;
/// a second writer never gets records into the journal while the first one holds it; and an account recovered by an
/// <c>AccountEngine</c> over the store equals the one that wrote it (orders, fills, cash). Each test uses storage of its
/// own (a folder, a container).
/// </summary>
public abstract class JournalStoreContract : IAsyncDisposable
{
    /// <summary>A store on this test's storage (a new instance each call, on the same storage). With
    /// <paramref name="smallSegments"/>, segments roll over after a few hundred bytes.</summary>
    protected abstract Task<IJournalStore> StoreAsync(bool smallSegments = false);

    /// <summary>The bytes of every segment of journal <paramref name="name"/>, in order, with its location.</summary>
    protected abstract Task<IReadOnlyList<(string Location, byte[] Bytes)>> SegmentsAsync(string name);

    /// <summary>Appends <paramref name="bytes"/> to the last segment of <paramref name="name"/>, as a write the process
    /// did not finish leaves them.</summary>
    protected abstract Task AppendRawAsync(string name, byte[] bytes);

    /// <summary>Flips the bits of the byte at <paramref name="offset"/> of segment <paramref name="segment"/>.</summary>
    protected abstract Task FlipByteAsync(string name, int segment, long offset);

    /// <summary>What a second writer meets while the first holds the journal: false when its open is refused (the file
    /// store's lock), true when it opens and the first writer's next append is refused (the blob store).</summary>
    protected abstract bool SecondWriterTakesOver { get; }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task RecordsAppendedUnflushedWriteAheadAndFlushedComeBackInOrderAfterAReopen()
    {
        var store = await StoreAsync();
        var written = new List<byte[]>();
        await using (var journal = await store.OpenAsync("acct/1", null, Token))
        {
            Assert.Equal(0, journal.LastSequence);
            Assert.Equal(0, journal.Recovery.Records);
            for (var batch = 0; batch < 8; batch++)
            {
                var payloads = Enumerable.Range(0, batch + 1).Select(i => Payload((batch * 100) + i, i * 37)).ToArray();
                written.AddRange(payloads);
                var last = (batch % 3) switch
                {
                    0 => journal.AppendUnflushed(Memories(payloads)),
                    1 => await journal.AppendAsync(Memories(payloads), flush: false, Token),
                    _ => await journal.AppendAsync(Memories(payloads), flush: true, Token),
                };
                Assert.Equal(written.Count, last);
                Assert.Equal(written.Count, journal.LastSequence);
            }

            written.Add([]);
            await journal.AppendAsync(new ReadOnlyMemory<byte>[] { Array.Empty<byte>() }, flush: true, Token); // an empty payload is a record
            journal.AppendUnflushed(Memories([Payload(999, 5)]));
            written.Add(Payload(999, 5));
            await journal.FlushAsync(Token);
        }

        var recovered = new List<JournalRecord>();
        await using (var journal = await (await StoreAsync()).OpenAsync("acct/1", recovered.Add, Token))
        {
            Assert.Equal(written.Count, journal.LastSequence);
            Assert.Equal((written.Count, 1L, (long)written.Count), (journal.Recovery.Records, journal.Recovery.FirstSequence, journal.Recovery.LastSequence));
            Assert.Null(journal.Recovery.TornTail);
        }

        Assert.Equal(Enumerable.Range(1, written.Count).Select(i => (long)i), recovered.Select(r => r.Sequence));
        Assert.All(recovered, r => Assert.Equal(written[(int)r.Sequence - 1], r.Payload.ToArray()));

        var read = new List<JournalRecord>();
        var scan = await (await StoreAsync()).ReadAsync("acct/1", read.Add, Token);
        Assert.Equal(recovered.Select(r => (r.Sequence, r.Path, r.Offset)), read.Select(r => (r.Sequence, r.Path, r.Offset)));
        Assert.Equal(written.Count, scan.LastSequence);
        Assert.Equal(0, (await store.ReadAsync("no such journal", _ => Assert.Fail("a record of an absent journal"), Token)).Records);
    }

    [Fact]
    public async Task SequencesContinueAcrossReopensAndSegmentsAndJournalsAreApart()
    {
        var expected = new List<byte[]>();
        for (var reopen = 0; reopen < 3; reopen++)
        {
            var delivered = new List<long>();
            await using var journal = await (await StoreAsync(smallSegments: true)).OpenAsync("day", r => delivered.Add(r.Sequence), Token);
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), delivered);
            for (var i = 0; i < 6; i++)
            {
                var payload = Payload((reopen * 10) + i, 60);
                expected.Add(payload);
                Assert.Equal(expected.Count, await journal.AppendAsync(Memories([payload]), flush: true, Token));
            }
        }

        await using (var other = await (await StoreAsync()).OpenAsync("day-2", null, Token))
        {
            Assert.Equal(1, await other.AppendAsync(Memories([Payload(7, 7)]), flush: true, Token));
        }

        var segments = await SegmentsAsync("day");
        Assert.True(segments.Count >= 3, $"{segments.Count} segments: small segments should have rolled over");
        var records = new List<JournalRecord>();
        var scan = await (await StoreAsync()).ReadAsync("day", records.Add, Token);
        Assert.Equal(expected.Count, scan.LastSequence);
        Assert.Equal(expected, records.Select(r => r.Payload.ToArray()));
        Assert.Equal(segments.Select(s => s.Location), scan.Segments);
    }

    [Fact]
    public async Task ATornTailIsReportedNeverDeliveredAndAppendsContinueAfterIt()
    {
        await using (var journal = await (await StoreAsync()).OpenAsync("j", null, Token))
        {
            await journal.AppendAsync(Memories([Payload(1, 10), Payload(2, 10), Payload(3, 10)]), flush: true, Token);
        }

        var before = await SegmentsAsync("j");
        var validLength = before[^1].Bytes.Length;
        var record = new byte[JournalFormat.RecordHeaderBytes + 40];
        JournalFormat.WriteRecord(record, 4, Payload(4, 40));
        await AppendRawAsync("j", record[..(JournalFormat.RecordHeaderBytes + 17)]); // the batch of record 4, cut short

        var delivered = new List<long>();
        await using (var journal = await (await StoreAsync()).OpenAsync("j", r => delivered.Add(r.Sequence), Token))
        {
            Assert.Equal([1L, 2L, 3L], delivered);
            Assert.Equal(3, journal.LastSequence);
            var torn = journal.Recovery.TornTail;
            Assert.NotNull(torn);
            Assert.Equal((before[^1].Location, (long)validLength, (long)JournalFormat.RecordHeaderBytes + 17), (torn.Path, torn.Offset, torn.Length));
            Assert.Equal(4, await journal.AppendAsync(Memories([Payload(40, 9)]), flush: true, Token));
        }

        var records = new List<JournalRecord>();
        await using (var journal = await (await StoreAsync()).OpenAsync("j", records.Add, Token))
        {
            Assert.Null(journal.Recovery.TornTail); // dealt with by the previous open
        }

        Assert.Equal([1L, 2L, 3L, 4L], records.Select(r => r.Sequence));
        Assert.Equal(Payload(40, 9), records[^1].Payload.ToArray());
    }

    [Fact]
    public async Task AFlippedByteInACompleteRecordIsRefusedWithItsLocationAndNothingChanges()
    {
        long lastOffset;
        await using (var journal = await (await StoreAsync()).OpenAsync("acct", null, Token))
        {
            await journal.AppendAsync(Memories([Payload(1, 30)]), flush: true, Token);
            await journal.AppendAsync(Memories([Payload(2, 30)]), flush: true, Token);
            lastOffset = (await SegmentsAsync("acct"))[^1].Bytes.Length;
            await journal.AppendAsync(Memories([Payload(3, 700)]), flush: true, Token); // the last record: acknowledged
        }

        foreach (var offset in new[] { lastOffset + 9, lastOffset + JournalFormat.RecordHeaderBytes + 350, lastOffset + JournalFormat.RecordHeaderBytes + 699 })
        {
            await FlipByteAsync("acct", 0, offset);
            var damaged = await SegmentsAsync("acct");
            var delivered = new List<long>();
            var open = await Assert.ThrowsAsync<JournalCorruptedException>(async () => await (await StoreAsync()).OpenAsync("acct", r => delivered.Add(r.Sequence), Token));
            Assert.Equal((damaged[0].Location, lastOffset), (open.Path, open.Offset));
            Assert.Contains(damaged[0].Location, open.Message, StringComparison.Ordinal);
            var read = await Assert.ThrowsAsync<JournalCorruptedException>(async () => await (await StoreAsync()).ReadAsync("acct", _ => { }, Token));
            Assert.Equal(lastOffset, read.Offset);

            var after = await SegmentsAsync("acct"); // nothing truncated, repaired or added
            Assert.Equal(damaged.Select(s => (s.Location, Convert.ToHexString(s.Bytes))), after.Select(s => (s.Location, Convert.ToHexString(s.Bytes))));
            await FlipByteAsync("acct", 0, offset); // undo, for the next offset
        }

        var records = new List<long>();
        await using var repaired = await (await StoreAsync()).OpenAsync("acct", r => records.Add(r.Sequence), Token);
        Assert.Equal([1L, 2L, 3L], records);
    }

    [Fact]
    public async Task ASecondWriterNeverGetsRecordsIntoTheJournalOfTheFirst()
    {
        await using var first = await (await StoreAsync()).OpenAsync("acct", null, Token);
        await first.AppendAsync(Memories([Payload(1, 20), Payload(2, 20)]), flush: true, Token);
        first.AppendUnflushed(Memories([Payload(3, 20)])); // waiting in memory (blob store) or written (file store)

        if (!SecondWriterTakesOver)
        {
            // The file store: the first writer's lock keeps the second out; the first goes on.
            await Assert.ThrowsAnyAsync<IOException>(async () => await (await StoreAsync()).OpenAsync("acct", null, Token));
            Assert.Equal(4, await first.AppendAsync(Memories([Payload(4, 20)]), flush: true, Token));
            await first.ConfirmWriterAsync(Token);
            return;
        }

        // The blob store: the second writer (a new activation elsewhere) takes over with what was committed; the first
        // writer (a stale activation) is refused and writes nothing, even what it held in memory.
        var recovered = new List<long>();
        await using var second = await (await StoreAsync()).OpenAsync("acct", r => recovered.Add(r.Sequence), Token);
        Assert.Equal([1L, 2L], recovered);
        var before = await SegmentsAsync("acct");
        var refused = await Assert.ThrowsAsync<JournalConflictException>(async () => await first.AppendAsync(Memories([Payload(4, 20)]), flush: true, Token));
        Assert.Contains("another writer", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => first.AppendUnflushed(Memories([Payload(5, 20)]))); // refuses from now on
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await first.ConfirmWriterAsync(Token));
        await second.ConfirmWriterAsync(Token);
        Assert.Equal(before.Select(s => Convert.ToHexString(s.Bytes)), (await SegmentsAsync("acct")).Select(s => Convert.ToHexString(s.Bytes)));

        Assert.Equal(3, await second.AppendAsync(Memories([Payload(30, 20)]), flush: true, Token));
        var records = new List<JournalRecord>();
        await (await StoreAsync()).ReadAsync("acct", records.Add, Token);
        Assert.Equal([Payload(1, 20), Payload(2, 20), Payload(30, 20)], records.Select(r => r.Payload.ToArray()));
    }

    [Fact]
    public async Task AnAccountRecoveredOverTheStoreEqualsTheOneThatWroteIt()
    {
        var venue = new ContractVenue();
        var written = await ContractVenue.TradeAsync(await StoreAsync(), venue);
        var orders = written.GetOrders(workingOnly: false);
        var fills = written.GetFills();
        var before = written.Snapshot();
        await written.CloseAsync();
        Assert.True(fills.Length >= 2, $"{fills.Length} fills");
        Assert.Contains(orders, o => o.Status == OrdStatus.Canceled);

        venue.Restart(); // a new silo: a new simulated venue
        var recovered = ContractVenue.NewEngine(await StoreAsync(), venue);
        await recovered.RecoverAsync();
        Assert.Equal(orders, recovered.GetOrders(workingOnly: false));
        Assert.Equal(fills, recovered.GetFills());
        var after = recovered.Snapshot();
        Assert.Equal((before.Cash, before.Fees, before.RealizedPnl, before.OrderCount, before.FillCount), (after.Cash, after.Fees, after.RealizedPnl, after.OrderCount, after.FillCount));
        Assert.Equal(before.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)), after.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)));
        Assert.Equal((written.RiskView().State, written.RiskView().StateReason), (recovered.RiskView().State, recovered.RiskView().StateReason));
        Assert.True(after.Reconciled);
        await recovered.CloseAsync();
    }

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A deterministic payload of <paramref name="length"/> bytes.</summary>
    protected static byte[] Payload(int id, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((id * 31) + (i * 7) + 1);
        }

        if (length >= 4)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, id);
        }

        return bytes;
    }

    /// <summary>The payloads as a batch.</summary>
    protected static ReadOnlyMemory<byte>[] Memories(byte[][] payloads) => [.. payloads.Select(p => (ReadOnlyMemory<byte>)p)];
}
