using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Journal;

public sealed class TradingJournalRecoveryTests
{
    private static readonly PortfolioBookOptions Options = new()
    {
        InitialCash = 1_000_000m,
        Sizing = new KellySizingOptions(0.25, 0.5, 200_000m, allowShort: true),
        Limits = new PreTradeLimits(Qty(5_000), 250_000m, 100m),
    };

    [Fact]
    public void ReplayingTheJournalRebuildsOrdersLedgerAndClOrdIdSequenceExactly()
    {
        var (book, entries) = Trade(seed: 5);
        Assert.True(book.Ledger.Fills.Count > 10, $"only {book.Ledger.Fills.Count} fills");
        Assert.Contains(book.Orders, o => o.Status == OrdStatus.Rejected);

        var recovered = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(recovered);
        foreach (var entry in entries.Select(RoundTrip))
        {
            recovery.Apply(entry);
        }

        Assert.Equal(book.Orders, recovered.Orders);
        Assert.Equal(book.Ledger.Fills, recovered.Ledger.Fills);
        // Marks are market data, not journal entries: the next quote sets them again.
        Assert.Equal(book.Ledger.GetPositions().Select(Booked), recovered.Ledger.GetPositions().Select(Booked));
        Assert.Equal((book.Ledger.Cash, book.Ledger.Fees, book.Ledger.RealizedPnl), (recovered.Ledger.Cash, recovered.Ledger.Fees, recovered.Ledger.RealizedPnl));
        Assert.Equal(book.RiskRejections, recovered.RiskRejections);
        Assert.Equal(book.Working(Ibm), recovered.Working(Ibm));
        Assert.True(recovered.Ledger.Reconcile().IsBalanced);
        Assert.Equal(book.NextClOrdId(), recovered.NextClOrdId());
        Assert.Equal(0, recovery.DuplicateFills);
        Assert.Equal(book.Ledger.Fills.Count, recovery.Fills);
    }

    [Fact]
    public void ReplayingTheSameReportsAgainAppliesNoFillTwice()
    {
        var (book, entries) = Trade(seed: 9);
        var recovered = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(recovered);
        foreach (var entry in entries)
        {
            recovery.Apply(entry);
        }

        var cash = recovered.Ledger.Cash;
        var positions = recovered.Ledger.GetPositions().ToArray();
        foreach (var entry in entries.OfType<ExecutionReported>())
        {
            recovery.Apply(entry);
        }

        Assert.Equal(book.Ledger.Fills.Count, recovery.DuplicateFills);
        Assert.Equal(cash, recovered.Ledger.Cash);
        Assert.Equal(positions, recovered.Ledger.GetPositions());
        Assert.Equal(book.Ledger.Fills.Count, recovered.Ledger.Fills.Count);
    }

    [Fact]
    public void OrdersWorkingAtTheRestartAreCancelledOnDisconnect()
    {
        var book = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(book);
        var order = LimitOrder("ACC1-0000000007", Side.Buy, 100, 50.02m, sentTime: 1_000);
        recovery.Apply(new OrderEntered(order, "manual", true, string.Empty));
        recovery.Apply(new ExecutionReported(new ExecutionReport("SIM-0000000003", order.ClOrdId, Account, Ibm, Side.Buy, ExecType.New, OrdStatus.New, Qty(100), Quantity.Zero, Qty(100), At(2_000), null, null, string.Empty)));
        Assert.Equal(Qty(100), book.Working(Ibm));

        var canceled = Assert.Single(recovery.CancelOpenOrders(At(5_000)));
        Assert.Equal((ExecType.Canceled, OrdStatus.Canceled, "ACC1-0000000007-restart"), (canceled.ExecType, canceled.OrdStatus, canceled.ExecId));
        Assert.Equal(OrdStatus.Canceled, Assert.Single(book.Orders).Status);
        Assert.Equal(Quantity.Zero, book.Working(Ibm));
        Assert.Equal("SIM-0000000003", recovery.HighestExecId);
        Assert.Equal(new ClOrdId("ACC1-0000000008"), book.NextClOrdId());
        Assert.Empty(recovery.CancelOpenOrders(At(6_000)));
    }

    [Fact]
    public void PricesQuantitiesAndTimesRoundTripExactly()
    {
        var fill = new Fill("SIM-0000000001", new ClOrdId("ACC1-0000000001"), Account, Ibm, Side.Sell, new Quantity(123_456_789), new Price(18_015_000_001), 0.35m, At(1_381_153_423_645_000_123), At(1_381_153_423_645_000_001));
        var report = new ExecutionReport(fill.FillId, fill.ClOrdId, Account, Ibm, Side.Sell, ExecType.Trade, OrdStatus.Filled, fill.LastQty, fill.LastQty, Quantity.Zero, fill.Time, fill, null, string.Empty);
        var json = JsonSerializer.Serialize<TradingJournalEntry>(new ExecutionReported(report), TradingJournalJson.Default.TradingJournalEntry);

        Assert.Contains("\"kind\":\"report\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lastPx\":18015000001", json, StringComparison.Ordinal);
        var back = Assert.IsType<ExecutionReported>(JsonSerializer.Deserialize(json, TradingJournalJson.Default.TradingJournalEntry));
        Assert.Equal(report with { Fill = null }, back.Report with { Fill = null });
        Assert.Equal(fill, back.Report.Fill);
    }

    [Fact]
    public void ASignalMarkCoversEarlierTimesAndTheSameTimeUpToItsSymbol()
    {
        var mark = new SignalsProcessed(At(100), new Symbol("BAC"));
        Assert.True(mark.Covers(At(99), new Symbol("ZZZ")));
        Assert.True(mark.Covers(At(100), new Symbol("AIG")));
        Assert.True(mark.Covers(At(100), new Symbol("BAC")));
        Assert.False(mark.Covers(At(100), new Symbol("IBM")));
        Assert.False(mark.Covers(At(101), new Symbol("AIG")));
    }

    private static object Booked(Trading.Accounting.Position p) => (p.Symbol, p.Quantity, p.CostBasis, p.RealizedPnl, p.Fees);

    private static TradingJournalEntry RoundTrip(TradingJournalEntry entry) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(entry, TradingJournalJson.Default.TradingJournalEntry), TradingJournalJson.Default.TradingJournalEntry)!;

    /// <summary>Drives a book and a venue as the portfolio grain does, journaling what the grain journals.</summary>
    private static (PortfolioBook Book, List<TradingJournalEntry> Entries) Trade(int seed)
    {
        var rng = new DeterministicRandom((ulong)seed);
        var book = new PortfolioBook(Account, Options);
        var venue = new SimulatedVenue(new VenueOptions("SIM", 1_000, new FeeSchedule(0.005m, 0m, 1m)));
        var entries = new List<TradingJournalEntry>();
        var reports = new List<ExecutionReport>();
        var mid = 50m;
        void Book(IEnumerable<ExecutionReport> list)
        {
            foreach (var report in list.Where(book.Apply))
            {
                entries.Add(new ExecutionReported(report));
            }
        }

        for (var t = 0L; t < 3_000; t++)
        {
            mid = Math.Max(1m, mid + ((rng.NextInt(7) - 3) * 0.01m));
            var quote = Nbbo(t * 500, mid - 0.01m, 100 + rng.NextInt(900), mid + 0.01m, 100 + rng.NextInt(900));
            reports.Clear();
            venue.OnQuote(quote, reports);
            book.Mark(quote);
            Book(reports);
            if (t % 20 != 0)
            {
                continue;
            }

            if (book.OnForecast(quote, (rng.NextDouble() - 0.5) * 0.02, 0.02) is { } sized)
            {
                entries.Add(new OrderEntered(sized.Order, "signal", sized.Check.IsAccepted, sized.Check.IsAccepted ? string.Empty : sized.Check.Text!));
                if (sized.Check.IsAccepted)
                {
                    reports.Clear();
                    venue.Submit(sized.Order, reports);
                    Book(reports);
                }
            }

            if (t == 1_500)
            {
                var manual = OrderRequest.Limit(book.NextClOrdId(), Account, Ibm, Side.Buy, Qty(100), Px(mid * 2), quote.Time);
                var check = book.SubmitManual(manual, quote);
                Assert.False(check.IsAccepted);
                entries.Add(new OrderEntered(manual, "manual", false, check.Text!));
            }
        }

        return (book, entries);
    }
}
