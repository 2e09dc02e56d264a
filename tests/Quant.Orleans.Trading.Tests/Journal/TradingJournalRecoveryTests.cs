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
        Risk = new RiskLimits { Order = new PreTradeLimits(Qty(5_000), 250_000m, 100m) },
    };

    [Fact]
    public void ReplayingTheJournalRebuildsOrdersLedgerRiskAndClOrdIdSequenceExactly()
    {
        var live = Driver.Run(seed: 5);
        Assert.True(live.Book.Ledger.Fills.Count > 10, $"only {live.Book.Ledger.Fills.Count} fills");
        Assert.Contains(live.Book.Orders, o => o.Status == OrdStatus.Rejected);
        Assert.Contains(live.Book.Orders, o => o.Status == OrdStatus.Replaced);
        Assert.Contains(live.Book.Orders, o => !o.IsTerminal);
        Assert.Contains(live.Entries, e => e is OrderEntered { Outcome: OrderEntryOutcome.DuplicateRejected });
        Assert.Contains(live.Entries, e => e is DayEnded);

        var book = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(book);
        foreach (var entry in live.Entries.Select(RoundTrip))
        {
            recovery.Apply(entry);
        }

        var a = live.Book;
        Assert.Equal(a.Orders.Select(o => o.ToRecord()), book.Orders.Select(o => o.ToRecord()));
        Assert.Equal(a.Ledger.Fills, book.Ledger.Fills);

        // Marks are market data, not journal entries: the next quote sets them again.
        Assert.Equal(a.Ledger.GetPositions().Select(Booked), book.Ledger.GetPositions().Select(Booked));
        Assert.Equal((a.Ledger.Cash, a.Ledger.Fees, a.Ledger.RealizedPnl), (book.Ledger.Cash, book.Ledger.Fees, book.Ledger.RealizedPnl));
        Assert.Equal((a.Risk.State, a.Risk.StateReason, a.Risk.Accepted), (book.Risk.State, book.Risk.StateReason, book.Risk.Accepted));
        Assert.Equal(a.Risk.RejectionCounts(), book.Risk.RejectionCounts());
        Assert.Equal(a.Risk.OrdersInLastSecond(live.Time), book.Risk.OrdersInLastSecond(live.Time));
        Assert.Equal((a.RiskRejections, a.Oms.WorkingCount, a.Oms.WorkingNotional, a.Working(Ibm)), (book.RiskRejections, book.Oms.WorkingCount, book.Oms.WorkingNotional, book.Working(Ibm)));
        Assert.True(book.Ledger.Reconcile().IsBalanced);
        Assert.Equal(a.NextClOrdId(), book.NextClOrdId());
        Assert.Equal((0, a.Ledger.Fills.Count), (recovery.DuplicateFills, recovery.Fills));
        Assert.Equal(live.Venue.LastExecSequence, recovery.LastExecSequence("SIM"));
    }

    [Fact]
    public void ReplayingTheTradeReportsAgainAppliesNoFillTwice()
    {
        var live = Driver.Run(seed: 9);
        var book = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(book);
        foreach (var entry in live.Entries)
        {
            recovery.Apply(entry);
        }

        var cash = book.Ledger.Cash;
        var positions = book.Ledger.GetPositions().Select(Booked).ToArray();
        var trades = live.Entries.OfType<ExecutionReported>().Where(e => e.Report.Fill is not null).ToArray();
        foreach (var entry in trades)
        {
            recovery.Apply(entry);
        }

        Assert.Equal(trades.Length, recovery.DuplicateFills);
        Assert.Equal(cash, book.Ledger.Cash);
        Assert.Equal(positions, book.Ledger.GetPositions().Select(Booked));
        Assert.Equal(live.Book.Ledger.Fills.Count, book.Ledger.Fills.Count);
    }

    [Fact]
    public void OpenOrdersTheVenueLostAreCancelledOnDisconnectAndTheOthersStay()
    {
        var book = new PortfolioBook(Account, Options);
        var recovery = new TradingJournalRecovery(book);
        var lost = LimitOrder("ACC1-0000000007", Side.Buy, 100, 50.00m, sentTime: 1_000, timeInForce: TimeInForce.Day);
        var kept = LimitOrder("ACC1-0000000008", Side.Sell, 100, 51.00m, sentTime: 1_000, timeInForce: TimeInForce.Day);
        foreach (var order in new[] { lost, kept })
        {
            recovery.Apply(new OrderEntered(order, "manual", OrderEntryOutcome.Accepted, order.LimitPrice!.Value.ToDecimal(), null, null, string.Empty));
            recovery.Apply(new ExecutionReported(new ExecutionReport("SIM-000000000" + (order == lost ? "3" : "4"), order.ClOrdId, Account, Ibm, order.Side, ExecType.New, OrdStatus.New, Qty(100), Quantity.Zero, Qty(100), At(2_000), null, null, string.Empty)));
        }

        Assert.Equal(2, book.Oms.WorkingCount);
        var canceled = Assert.Single(recovery.CancelOrdersTheVenueLost(new HashSet<ClOrdId> { kept.ClOrdId }, At(5_000)));
        Assert.Equal((ExecType.Canceled, OrdStatus.Canceled, "ACC1-0000000007-restart"), (canceled.ExecType, canceled.OrdStatus, canceled.ExecId));
        Assert.Equal([OrdStatus.Canceled, OrdStatus.New], book.Orders.Select(o => o.Status));
        Assert.Equal(1, book.Oms.WorkingCount);
        Assert.Equal(4, recovery.LastExecSequence("SIM"));
        Assert.Equal(new ClOrdId("ACC1-0000000009"), book.NextClOrdId());
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

    /// <summary>Drives a book and a venue as the portfolio grain does, journaling what the grain journals: strategy
    /// orders, manual resting orders, a duplicate ClOrdID, risk rejections, replaces, a kill and resume, day ends.</summary>
    private sealed class Driver
    {
        private readonly List<ExecutionReport> _reports = [];

        private Driver()
        {
            Book = new PortfolioBook(Account, Options);
            Venue = new SimulatedVenue(new VenueOptions("SIM", 1_000, new FeeSchedule(0.005m, 0m, 1m)));
        }

        public PortfolioBook Book { get; }

        public SimulatedVenue Venue { get; }

        public List<TradingJournalEntry> Entries { get; } = [];

        public UnixNanos Time { get; private set; }

        public static Driver Run(int seed)
        {
            var d = new Driver();
            var rng = new DeterministicRandom((ulong)seed);
            var mid = 50m;
            ClOrdId? resting = null;
            for (var t = 1L; t <= 3_000; t++)
            {
                mid = Math.Max(1m, mid + ((rng.NextInt(7) - 3) * 0.01m));
                var quote = Nbbo(t * 500_000, mid - 0.01m, 100 + rng.NextInt(900), mid + 0.01m, 100 + rng.NextInt(900));
                d.Time = quote.Time;
                d.OnQuote(quote);
                if (t % 20 == 0 && d.Book.OnForecast(quote, (rng.NextDouble() - 0.5) * 0.02, 0.02) is { } sized)
                {
                    d.Journal(sized.Order, d.Book.Oms.Find(sized.Order.ClOrdId)!, ClOrdIdUse.Fresh);
                    if (sized.Check.IsAccepted)
                    {
                        d.Send(sized.Order);
                    }
                }

                if (t % 250 == 0)
                {
                    // A resting DAY buy below the market, a collared one, and the same ClOrdID with other content.
                    var id = d.Book.NextClOrdId();
                    d.Enter(OrderRequest.Limit(id, Account, Ibm, Side.Buy, Qty(100), Px(mid - 0.50m), quote.Time, TimeInForce.Day));
                    d.Enter(OrderRequest.Limit(d.Book.NextClOrdId(), Account, Ibm, Side.Buy, Qty(100), Px(mid * 2), quote.Time, TimeInForce.Day));
                    d.Enter(OrderRequest.Limit(id, Account, Ibm, Side.Buy, Qty(200), Px(mid - 0.50m), quote.Time, TimeInForce.Day));
                    if (resting is { } previous)
                    {
                        d.Replace(previous, d.Book.NextClOrdId(), Qty(150), Px(mid - 0.40m));
                    }

                    resting = id;
                }

                if (t == 1_000)
                {
                    d.Book.Risk.SetState(RiskState.Halted, "test kill");
                    d.Entries.Add(new RiskStateChanged(RiskState.Halted, "test kill"));
                    d.Book.Risk.SetState(RiskState.Active, "test resume");
                    d.Entries.Add(new RiskStateChanged(RiskState.Active, "test resume"));
                }

                if (t == 1_500)
                {
                    d.EndOfDay();
                }
            }

            return d;
        }

        private void OnQuote(Quote quote)
        {
            _reports.Clear();
            Venue.OnQuote(quote, _reports);
            Book.Mark(quote);
            BookReports();
        }

        private void Enter(OrderRequest request)
        {
            var entry = Book.Enter(request, "manual");
            Journal(request, entry.Order, entry.ClOrdIdUse);
            if (entry.Send)
            {
                Send(request);
            }
        }

        private void Send(OrderRequest request)
        {
            _reports.Clear();
            Venue.Submit(request, _reports);
            BookReports();
        }

        private void Replace(ClOrdId orig, ClOrdId newId, Quantity quantity, Price limit)
        {
            var entry = Book.PrepareReplace(orig, newId, quantity, limit, null, Time);
            if (entry.Outcome == ReplaceOutcome.RiskRejected)
            {
                Entries.Add(new ReplaceEntered(orig, entry.Replacement!, false, entry.Report!.RiskReason));
                return;
            }

            if (entry.Outcome != ReplaceOutcome.Ready)
            {
                return;
            }

            Entries.Add(new ReplaceEntered(orig, entry.Replacement!, true, null));
            _reports.Clear();
            Venue.Replace(orig, entry.Replacement!, _reports);
            BookReports();
            if (!_reports.Any(r => r.ExecType == ExecType.Replaced))
            {
                Book.Oms.AbandonReplace(newId);
                Entries.Add(new ReplaceAbandoned(newId));
            }
        }

        private void EndOfDay()
        {
            _reports.Clear();
            Venue.EndOfDay(Time, _reports);
            BookReports();
            Book.Oms.EndOfDay();
            Entries.Add(new DayEnded(Time));
        }

        private void Journal(OrderRequest request, Order order, ClOrdIdUse use)
        {
            if (use == ClOrdIdUse.Resend)
            {
                return;
            }

            var outcome = use == ClOrdIdUse.Duplicate ? OrderEntryOutcome.DuplicateRejected
                : order.Status == OrdStatus.Rejected ? OrderEntryOutcome.RiskRejected
                : OrderEntryOutcome.Accepted;
            Entries.Add(new OrderEntered(request, order.Origin, outcome, order.ReferencePrice, order.RejectReason, order.RiskReason, order.Text));
        }

        private void BookReports()
        {
            foreach (var report in _reports.ToArray())
            {
                if (Book.Apply(report) is not null)
                {
                    Entries.Add(new ExecutionReported(report));
                }
            }
        }
    }
}
