using Quant.Orleans.Core;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Journal;

/// <summary>
/// A complete, acknowledged record that fails its checksum is corruption, never a torn write: recovery refuses it
/// with the file and the byte offset and changes nothing (issue 14, item 2: flipping the last 8 bytes of an account's
/// journal made recovery truncate an acknowledged 700-share fill as a "torn tail").
/// </summary>
public sealed class JournalCorruptionTests : IDisposable
{
    private const string Name = "account/ACC1";

    private static readonly PortfolioBookOptions Options = new()
    {
        InitialCash = 1_000_000m,
        Sizing = new KellySizingOptions(0.25, 0.5, 200_000m, allowShort: true),
        Risk = new RiskLimits { Order = new PreTradeLimits(Qty(5_000), 250_000m, 100m) },
    };

    private readonly TempFolder _folder = new("qo-journal-corruption");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FlippingTheLastEightBytesOfAnAcknowledgedFillIsRefusedWithFileAndOffsetAndChangesNothing()
    {
        var (segment, fillOffset) = WriteAccountJournal();
        var (position, cash, torn) = Recover();
        Assert.Null(torn);
        Assert.Equal(Qty(700), position);
        Assert.Equal(1_000_000m - (700 * 180.25m) - 3.5m, cash);

        var bytes = File.ReadAllBytes(segment);
        for (var i = bytes.Length - 8; i < bytes.Length; i++)
        {
            bytes[i] ^= 0xFF;
        }

        File.WriteAllBytes(segment, bytes);

        var e = Assert.Throws<JournalCorruptedException>(() => Recover());
        Assert.Equal((segment, fillOffset), (e.Path, e.Offset));
        Assert.Contains(segment, e.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {fillOffset}", e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(segment));

        // A reader refuses it too, rather than skipping it as a record still being written.
        var read = Assert.Throws<JournalCorruptedException>(() => JsonJournal<TradingJournalEntry>.ReadAll(_folder.Path, Name, TradingJournalJson.Default.TradingJournalEntry));
        Assert.Equal(fillOffset, read.Offset);
        Assert.Equal(bytes, File.ReadAllBytes(segment));
    }

    [Fact]
    public void DamageToAnyByteOfTheLastCompleteRecordIsCorruptionNotATornTail()
    {
        var (segment, fillOffset) = WriteAccountJournal();
        var original = File.ReadAllBytes(segment);
        for (var at = (int)fillOffset; at < original.Length; at++)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x01;
            File.WriteAllBytes(segment, bytes);

            var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_folder.Path, Name));
            Assert.Equal((segment, fillOffset), (e.Path, e.Offset));
            Assert.Equal(bytes, File.ReadAllBytes(segment));
        }
    }

    [Fact]
    public void NonZeroGarbageWhereARecordHeaderShouldBeIsCorruption()
    {
        var (segment, _) = WriteAccountJournal();
        var end = new FileInfo(segment).Length;
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            // 24 bytes: more than a record header, so not a header cut short by the end of the file.
            stream.Write("garbage garbage garbage!"u8);
        }

        var bytes = File.ReadAllBytes(segment);
        var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_folder.Path, Name));
        Assert.Equal((segment, end), (e.Path, e.Offset));
        Assert.Equal(bytes, File.ReadAllBytes(segment));
    }

    [Fact]
    public void AGarbageHeaderOfTheLastSegmentIsCorruptionAndTheSegmentIsKept()
    {
        WriteAccountJournal();
        using (var journal = FileJournal.Open(_folder.Path, Name))
        {
            Assert.True(journal.StartSegment());
        }

        var segment = Directory.GetFiles(_folder.Path, "*.qoj").Order(StringComparer.Ordinal).Last();
        var bytes = File.ReadAllBytes(segment);
        bytes[9] ^= 0x10;
        File.WriteAllBytes(segment, bytes);

        var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_folder.Path, Name));
        Assert.Equal((segment, 0L), (e.Path, e.Offset));
        Assert.Equal(bytes, File.ReadAllBytes(segment));
    }

    [Fact]
    public void ALastSegmentOfZerosIsAnUnfinishedCreationAndIsStartedAgain()
    {
        WriteAccountJournal();
        var zeros = Path.Combine(_folder.Path, "account%2FACC1.0000000000000004.qoj");
        File.WriteAllBytes(zeros, new byte[4096]);

        using var journal = FileJournal.Open(_folder.Path, Name);
        Assert.Equal(new JournalTornTail(zeros, 0, 4096), journal.Recovery.TornTail);
        Assert.Equal(3, journal.LastSequence);
        Assert.Equal(4, journal.Append("{}"u8.ToArray()));
        Assert.Equal(zeros, journal.SegmentPath);
    }

    /// <summary>An account that bought 700 IBM at 180.25: its order, the venue's acknowledgement and the fill, each
    /// appended (and flushed) as its own batch, as an account acknowledges them.</summary>
    /// <returns>The segment file and the byte offset of the fill's record (the last one).</returns>
    private (string Segment, long FillOffset) WriteAccountJournal()
    {
        var order = LimitOrder("ACC1-0000000001", Side.Buy, 700, 180.50m, sentTime: 1_000, timeInForce: TimeInForce.Day);
        var fill = new Fill("SIM-0000000002", order.ClOrdId, Account, Ibm, Side.Buy, Qty(700), Px(180.25m), 3.5m, At(3_000), At(3_000));
        using var journal = JsonJournal<TradingJournalEntry>.Open(_folder.Path, Name, TradingJournalJson.Default.TradingJournalEntry, null);
        journal.Append([new OrderEntered(order, "manual", OrderEntryOutcome.Accepted, 180.50m, null, null, string.Empty)]);
        journal.Append([new ExecutionReported(new ExecutionReport("SIM-0000000001", order.ClOrdId, Account, Ibm, Side.Buy, ExecType.New, OrdStatus.New, Qty(700), Quantity.Zero, Qty(700), At(2_000), null, null, string.Empty))]);
        var fillOffset = new FileInfo(journal.Journal.SegmentPath).Length;
        journal.Append([new ExecutionReported(new ExecutionReport(fill.FillId, order.ClOrdId, Account, Ibm, Side.Buy, ExecType.Trade, OrdStatus.Filled, Qty(700), Qty(700), Quantity.Zero, fill.Time, fill, null, string.Empty))]);
        return (journal.Journal.SegmentPath, fillOffset);
    }

    /// <summary>Recovers the account from its journal as an activation does.</summary>
    private (Quantity Position, decimal Cash, JournalTornTail? Torn) Recover()
    {
        var book = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(book);
        using var journal = JsonJournal<TradingJournalEntry>.Open(_folder.Path, Name, TradingJournalJson.Default.TradingJournalEntry, (_, entry) => recovery.Apply(entry));
        return (book.Ledger.GetPosition(Ibm).Quantity, book.Ledger.Cash, journal.Journal.Recovery.TornTail);
    }
}
