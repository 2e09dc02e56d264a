using System.Collections.Immutable;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>Checks an <see cref="AccountSnapshot"/> before anything is restored from it; every refusal is an
/// <see cref="AccountSnapshotException"/> naming the field (as a path from the root) with the value and the rule.</summary>
internal static class AccountSnapshotValidator
{
    /// <summary>Checks that every record and collection is present (a snapshot built in code or decoded).</summary>
    /// <exception cref="AccountSnapshotException">Something is missing.</exception>
    public static void ValidateShape(AccountSnapshot snapshot)
    {
        Require(snapshot.Account, "account");
        Require(snapshot.ExecSequences, "execSequences");
        var book = Require(snapshot.Book, "book");
        var orders = Require(book.Orders, "book.orders");
        RequireElements(Require(orders.Orders, "book.orders.orders"), "book.orders.orders");
        for (var i = 0; i < orders.Orders.Length; i++)
        {
            var o = orders.Orders[i];
            var at = Index("book.orders.orders", i);
            Require(o.Request, at + ".request");
            Require(o.OrderId, at + ".orderId");
            Require(o.Origin, at + ".origin");
            Require(o.Text, at + ".text");
        }

        Require(orders.Today, "book.orders.today");
        RequireElements(Require(orders.PendingReplacements, "book.orders.pendingReplacements"), "book.orders.pendingReplacements");
        Require(orders.Working, "book.orders.working");
        var ledger = Require(book.Ledger, "book.ledger");
        Require(ledger.Positions, "book.ledger.positions");
        RequireElements(Require(ledger.Fills, "book.ledger.fills"), "book.ledger.fills");
        var risk = Require(book.Risk, "book.risk");
        Require(risk.StateReason, "book.risk.stateReason");
        Require(risk.RateWindow, "book.risk.rateWindow");
        Require(risk.DuplicateWindow, "book.risk.duplicateWindow");
        Require(risk.Rejections, "book.risk.rejections");
        Require(book.LastQuotes, "book.lastQuotes");
        Require(book.EquityCurve, "book.equityCurve");
    }

    /// <summary>Checks that <paramref name="snapshot"/> is of this schema, this account and these options, and that its
    /// parts agree with each other (orders of the account, working quantities and counts as the orders say, distinct
    /// fill ids, a ledger that reconciles, risk windows and counters in range).</summary>
    /// <exception cref="AccountSnapshotException">A check fails.</exception>
    public static void Validate(AccountSnapshot snapshot, string account, PortfolioBookOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ValidateShape(snapshot);
        if (snapshot.SchemaVersion != AccountSnapshot.CurrentSchemaVersion)
        {
            throw new AccountSnapshotException("schemaVersion", $"the snapshot has schema version {snapshot.SchemaVersion}; this build reads version {AccountSnapshot.CurrentSchemaVersion}.");
        }

        if (snapshot.Account != account)
        {
            throw new AccountSnapshotException("account", $"the snapshot is of account '{snapshot.Account}', not '{account}'.");
        }

        Check(snapshot.JournalEntries >= 0, "journalEntries", $"{snapshot.JournalEntries} must be zero or positive.");
        var venues = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.ExecSequences.Length; i++)
        {
            var (venue, sequence) = snapshot.ExecSequences[i];
            var at = Index("execSequences", i);
            Check(!string.IsNullOrEmpty(venue) && venues.Add(venue), at + ".venue", $"'{venue}' must be a venue name, once.");
            Check(sequence >= 0, at + ".lastSequence", $"{sequence} must be zero or positive.");
        }

        var book = snapshot.Book;
        Check(book.LastClOrdIdSequence >= 0, "book.lastClOrdIdSequence", $"{book.LastClOrdIdSequence} must be zero or positive.");
        Check(book.RiskRejections >= 0, "book.riskRejections", $"{book.RiskRejections} must be zero or positive.");
        var quoted = new HashSet<Symbol>();
        for (var i = 0; i < book.LastQuotes.Length; i++)
        {
            Check(quoted.Add(book.LastQuotes[i].Symbol), Index("book.lastQuotes", i), $"a second quote for {book.LastQuotes[i].Symbol}.");
        }

        for (var i = 1; i < book.EquityCurve.Length; i++)
        {
            Check(book.EquityCurve[i].Time > book.EquityCurve[i - 1].Time, Index("book.equityCurve", i) + ".time", $"{book.EquityCurve[i].Time.Value} must be after the previous point's {book.EquityCurve[i - 1].Time.Value}.");
        }

        ValidateOrders(book.Orders, account);
        ValidateLedger(book.Ledger, account, options);
        ValidateRisk(book.Risk);
    }

    private static void ValidateOrders(OrderManagerSnapshot oms, string account)
    {
        var working = new Dictionary<Symbol, (long Buy, long Sell)>();
        var workingCount = 0;
        var workingNotional = 0m;
        var orderIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < oms.Orders.Length; i++)
        {
            var o = oms.Orders[i];
            var at = Index("book.orders.orders", i);
            Check(o.Request.Account == account, at + ".request.account", $"'{o.Request.Account}' is not the account '{account}'.");
            Check(Enum.IsDefined(o.Status), at + ".status", $"{(int)o.Status} is not an OrdStatus.");
            Check(o.OrderId.Length > 0, at + ".orderId", "must not be empty.");
            Check(o.CumQty.Raw >= 0 && o.CumQty <= o.Request.Quantity, at + ".cumQty", $"{o.CumQty} must be in [0, order quantity {o.Request.Quantity}].");
            orderIds.Add(o.OrderId);
            var leaves = OrderStateMachine.IsTerminal(o.Status) ? 0L : (o.Request.Quantity - o.CumQty).Raw;
            if (leaves > 0)
            {
                workingCount++;
                workingNotional += new Quantity(leaves).ToDecimal() * o.ReferencePrice;
                var w = working.GetValueOrDefault(o.Request.Symbol);
                working[o.Request.Symbol] = o.Request.Side == Side.Buy ? (w.Buy + leaves, w.Sell) : (w.Buy, w.Sell + leaves);
            }
        }

        for (var i = 0; i < oms.PendingReplacements.Length; i++)
        {
            var r = oms.PendingReplacements[i];
            Check(r.Account == account, Index("book.orders.pendingReplacements", i) + ".account", $"'{r.Account}' is not the account '{account}'.");
        }

        Check(oms.WorkingCount == workingCount, "book.orders.workingCount", $"{oms.WorkingCount}, but {workingCount} orders have a leaves quantity.");
        Check(oms.WorkingNotional == workingNotional, "book.orders.workingNotional", $"{oms.WorkingNotional}, but the working orders' leaves × reference price sum to {workingNotional}.");
        var seen = new HashSet<Symbol>();
        for (var i = 0; i < oms.Working.Length; i++)
        {
            var w = oms.Working[i];
            var expected = working.GetValueOrDefault(w.Symbol);
            Check(seen.Add(w.Symbol) && w.Buy.Raw == expected.Buy && w.Sell.Raw == expected.Sell, Index("book.orders.working", i), $"{w.Symbol} buy {w.Buy} sell {w.Sell}, but the working orders leave buy {new Quantity(expected.Buy)} sell {new Quantity(expected.Sell)}.");
        }

        foreach (var symbol in working.Keys)
        {
            Check(seen.Contains(symbol), "book.orders.working", $"no entry for {symbol}, which has working orders.");
        }

        Check(oms.OrderSequence >= orderIds.Count, "book.orders.orderSequence", $"{oms.OrderSequence} is below the {orderIds.Count} order ids given.");
        Check(oms.ExecSequence >= 0, "book.orders.execSequence", $"{oms.ExecSequence} must be zero or positive.");
    }

    private static void ValidateLedger(LedgerSnapshot ledger, string account, PortfolioBookOptions options)
    {
        Check(ledger.InitialCash == options.InitialCash, "book.ledger.initialCash", $"{ledger.InitialCash}, but the account's options start with {options.InitialCash}.");
        var fillIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ledger.Fills.Length; i++)
        {
            var fill = ledger.Fills[i];
            Check(fill.Account == account, Index("book.ledger.fills", i) + ".account", $"'{fill.Account}' is not the account '{account}'.");
            Check(fillIds.Add(fill.FillId), Index("book.ledger.fills", i) + ".fillId", $"'{fill.FillId}' is applied twice.");
        }

        var symbols = new HashSet<Symbol>();
        for (var i = 0; i < ledger.Positions.Length; i++)
        {
            Check(symbols.Add(ledger.Positions[i].Symbol), Index("book.ledger.positions", i) + ".symbol", $"a second position in {ledger.Positions[i].Symbol}.");
        }

        var scratch = new PortfolioLedger(account, ledger.InitialCash);
        scratch.Restore(ledger);
        var report = scratch.Reconcile();
        Check(report.IsBalanced, "book.ledger", $"does not reconcile with its fills: {string.Join("; ", report.Breaks)}");
    }

    private static void ValidateRisk(RiskEngineSnapshot risk)
    {
        Check(Enum.IsDefined(risk.State), "book.risk.state", $"{(int)risk.State} is not a RiskState.");
        Check(risk.Accepted >= 0, "book.risk.accepted", $"{risk.Accepted} must be zero or positive.");
        var count = risk.DuplicateWindow.Length;
        Check(count <= RiskEngine.DuplicateMemory, "book.risk.duplicateWindow", $"{count} orders, more than the {RiskEngine.DuplicateMemory} the window holds.");
        var nextIsValid = count < RiskEngine.DuplicateMemory ? risk.DuplicateWindowNext == count : risk.DuplicateWindowNext is >= 0 and < RiskEngine.DuplicateMemory;
        Check(nextIsValid, "book.risk.duplicateWindowNext", $"{risk.DuplicateWindowNext} does not fit a window of {count} orders.");
        var reasons = new HashSet<PreTradeRejectReason>();
        for (var i = 0; i < risk.Rejections.Length; i++)
        {
            var (reason, n) = risk.Rejections[i];
            var at = Index("book.risk.rejections", i);
            Check(Enum.IsDefined(reason) && reason != PreTradeRejectReason.None && reasons.Add(reason), at + ".reason", $"{reason} must be a rejection reason, once.");
            Check(n > 0, at + ".count", $"{n} must be positive.");
        }
    }

    private static string Index(string field, int i) => string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");

    private static void Check(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw new AccountSnapshotException(field, problem);
        }
    }

    private static T Require<T>(T? value, string field)
        where T : class
        => value ?? throw new AccountSnapshotException(field, "missing.");

    private static ImmutableArray<T> Require<T>(ImmutableArray<T> value, string field)
        => value.IsDefault ? throw new AccountSnapshotException(field, "missing.") : value;

    private static void RequireElements<T>(ImmutableArray<T> values, string field)
        where T : class
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                throw new AccountSnapshotException(Index(field, i), "missing.");
            }
        }
    }
}
