using System.Diagnostics;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounting;

/// <summary>
/// The books of one account: cash, per-symbol positions (long or short, crossing through zero) with their cost basis,
/// realised and unrealised PnL, and fees. Applying a <see cref="Fill"/> is the only way to change cash or positions;
/// each fill id is applied at most once. Marks (NBBO mids) only change the valuation.
/// <para>Conventions (quote currency throughout, exact decimal):</para>
/// <list type="bullet">
/// <item>a buy of q at p: cash −= q·p; a sell: cash += q·p; every fill: cash −= fee;</item>
/// <item>the part of a fill that adds to the position (or opens one) adds its signed notional to the cost basis, so the
/// average cost is the quantity-weighted average of opening prices;</item>
/// <item>the part that reduces the position releases the proportional share of the cost basis (rounded to 10⁻¹⁰) and
/// realises <c>closed proceeds − released basis</c> for a long, <c>released basis − closed cost</c> for a short; a
/// fill larger than the position closes it and opens the remainder on the other side at the fill price;</item>
/// <item>unrealised PnL = Σ (position × mark − cost basis); realised PnL is gross of fees; equity = cash + Σ position × mark.</item>
/// </list>
/// Whatever rounding the released basis carries moves between realised and unrealised PnL and never breaks the
/// conservation invariants checked by <see cref="Reconcile"/>. Not thread-safe (one ledger per portfolio grain).
/// </summary>
public sealed partial class PortfolioLedger
{
    private const int ReleasedBasisDecimals = 10;

    private readonly Dictionary<Symbol, PositionState> _positions = [];
    private readonly HashSet<string> _fillIds = new(StringComparer.Ordinal);
    private readonly List<Fill> _fills = [];

    /// <summary>Creates an empty ledger.</summary>
    /// <param name="account">The account; see <see cref="AccountName"/>.</param>
    /// <param name="initialCash">Cash at the start, quote currency (may be zero; negative is refused).</param>
    /// <exception cref="ArgumentException"><paramref name="account"/> breaks the account rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCash"/> is negative.</exception>
    public PortfolioLedger(string account, decimal initialCash)
    {
        Account = AccountName.Validate(account, nameof(account));
        if (initialCash < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCash), initialCash, "Initial cash must be zero or positive.");
        }

        InitialCash = initialCash;
        Cash = initialCash;
    }

    /// <summary>The account these books belong to.</summary>
    public string Account { get; }

    /// <summary>Cash at creation, quote currency.</summary>
    public decimal InitialCash { get; }

    /// <summary>Cash now, quote currency (negative when the account borrows).</summary>
    public decimal Cash { get; private set; }

    /// <summary>Total fees paid, quote currency.</summary>
    public decimal Fees { get; private set; }

    /// <summary>Total realised PnL over all symbols, gross of fees, quote currency.</summary>
    public decimal RealizedPnl { get; private set; }

    /// <summary>Fills applied so far, in the order applied (the ledger's journal).</summary>
    public IReadOnlyList<Fill> Fills => _fills;

    /// <summary>Total unrealised PnL at the current marks: Σ (position × mark − cost basis), quote currency.</summary>
    public decimal UnrealizedPnl
    {
        get
        {
            var sum = 0m;
            foreach (var state in _positions.Values)
            {
                sum += (state.Quantity.ToDecimal() * state.Mark) - state.CostBasis;
            }

            return sum;
        }
    }

    /// <summary>Σ position × mark over all symbols, quote currency.</summary>
    public decimal MarketValue
    {
        get
        {
            var sum = 0m;
            foreach (var state in _positions.Values)
            {
                sum += state.Quantity.ToDecimal() * state.Mark;
            }

            return sum;
        }
    }

    /// <summary>Gross market value Σ |position| × mark over all symbols, quote currency (the positions' part of the
    /// gross exposure a risk engine limits). Allocates nothing.</summary>
    public decimal GrossMarketValue
    {
        get
        {
            var sum = 0m;
            foreach (var state in _positions.Values)
            {
                sum += Math.Abs(state.Quantity.ToDecimal() * state.Mark);
            }

            return sum;
        }
    }

    /// <summary>Equity: <c>Cash + Σ position × mark</c>, quote currency.</summary>
    public decimal Equity => Cash + MarketValue;

    /// <summary>True when a fill with <paramref name="fillId"/> has been applied.</summary>
    public bool HasApplied(string fillId) => _fillIds.Contains(fillId);

    /// <summary>
    /// Applies a fill: updates cash, the symbol's position, cost basis, realised PnL and fees. A fill id seen before
    /// changes nothing and returns <see cref="FillOutcome.Duplicate"/>. Before any quote for the symbol, the fill price
    /// becomes its mark.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="fill"/> is null.</exception>
    /// <exception cref="ArgumentException">The fill belongs to another account.</exception>
    /// <exception cref="OverflowException">The position leaves the range of <see cref="Quantity"/>.</exception>
    public FillOutcome Apply(Fill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (!string.Equals(fill.Account, Account, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Fill {fill.FillId} is for account '{fill.Account}', this ledger is '{Account}'.", nameof(fill));
        }

        if (_fillIds.Contains(fill.FillId))
        {
            return FillOutcome.Duplicate;
        }

        if (!_positions.TryGetValue(fill.Symbol, out var state))
        {
            state = new PositionState { Mark = fill.LastPx.ToDecimal() };
            _positions.Add(fill.Symbol, state);
        }

        var newQuantity = state.Quantity + fill.SignedQuantity;
        var price = fill.LastPx.ToDecimal();
        var signedFill = fill.SignedQuantity.ToDecimal();
        var open = state.Quantity.ToDecimal();

        var closing = 0m;
        if (open != 0m && Math.Sign(signedFill) != Math.Sign(open))
        {
            closing = Math.Min(Math.Abs(signedFill), Math.Abs(open));
        }

        if (closing > 0m)
        {
            var released = closing == Math.Abs(open)
                ? state.CostBasis
                : Math.Round(state.CostBasis * closing / Math.Abs(open), ReleasedBasisDecimals, MidpointRounding.ToEven);

            // Closing quantity signed like the fill: -sign(open) * closing; its cash flow is -(signed) * price.
            var closingCashFlow = Math.Sign(open) * closing * price;
            var realized = closingCashFlow - released;
            state.CostBasis -= released;
            state.RealizedPnl += realized;
            RealizedPnl += realized;
        }

        var opening = signedFill - (-Math.Sign(open) * closing);
        state.CostBasis += opening * price;
        state.Quantity = newQuantity;
        state.Fees += fill.Fee;
        Debug.Assert(state.Quantity.Raw != 0 || state.CostBasis == 0m, "Invariant: a flat position has zero cost basis.");

        Cash -= (signedFill * price) + fill.Fee;
        Fees += fill.Fee;
        _fillIds.Add(fill.FillId);
        _fills.Add(fill);
        return FillOutcome.Applied;
    }

    /// <summary>Marks <paramref name="quote"/>'s symbol at the exact NBBO mid; a one-sided quote is ignored.</summary>
    /// <returns>True when the mark changed to the quote's mid.</returns>
    public bool Mark(Quote quote)
    {
        if (quote.MidPrice() is not { } mid)
        {
            return false;
        }

        Mark(quote.Symbol, mid);
        return true;
    }

    /// <summary>Marks <paramref name="symbol"/> at <paramref name="price"/> (quote currency per unit).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> is not positive.</exception>
    public void Mark(Symbol symbol, decimal price)
    {
        if (price <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, $"Mark price for {symbol} must be positive.");
        }

        if (!_positions.TryGetValue(symbol, out var state))
        {
            state = new PositionState();
            _positions.Add(symbol, state);
        }

        state.Mark = price;
    }

    /// <summary>The position in <paramref name="symbol"/>; a flat, zero position when never traded.</summary>
    public Position GetPosition(Symbol symbol)
        => _positions.TryGetValue(symbol, out var s) ? s.ToPosition(symbol) : new Position(symbol, Quantity.Zero, 0m, 0m, 0m, 0m);

    /// <summary>Every symbol traded or marked, ordered by ticker (ordinal), as snapshots.</summary>
    public IReadOnlyList<Position> GetPositions()
    {
        var list = new List<Position>(_positions.Count);
        foreach (var (symbol, state) in _positions)
        {
            list.Add(state.ToPosition(symbol));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Symbol.Ticker, b.Symbol.Ticker));
        return list;
    }

    /// <summary>
    /// Recomputes the books from the journal of fills and checks, exactly: cash = initial − Σ buy notional + Σ sell
    /// notional − Σ fees; each position = Σ signed fill quantity; fees = Σ fill fees; a flat position has zero cost
    /// basis; equity = cash + Σ position × mark; realised + unrealised − fees = equity − initial cash.
    /// </summary>
    /// <returns>The report; call <see cref="ReconciliationReport.ThrowIfBroken"/> to fail fast.</returns>
    public ReconciliationReport Reconcile()
    {
        var breaks = new List<string>();
        var expectedCash = InitialCash;
        var expectedFees = 0m;
        var expectedQuantities = new Dictionary<Symbol, Quantity>();
        foreach (var fill in _fills)
        {
            expectedCash += fill.Side == Side.Buy ? -fill.Notional : fill.Notional;
            expectedCash -= fill.Fee;
            expectedFees += fill.Fee;
            expectedQuantities[fill.Symbol] = expectedQuantities.GetValueOrDefault(fill.Symbol) + fill.SignedQuantity;
        }

        if (Cash != expectedCash)
        {
            breaks.Add($"cash {Cash} != initial cash - buys + sells - fees = {expectedCash}");
        }

        if (Fees != expectedFees)
        {
            breaks.Add($"fees {Fees} != sum of fill fees {expectedFees}");
        }

        var marketValue = 0m;
        var realized = 0m;
        foreach (var (symbol, state) in _positions)
        {
            var expected = expectedQuantities.GetValueOrDefault(symbol);
            if (state.Quantity != expected)
            {
                breaks.Add($"{symbol}: position {state.Quantity} != sum of signed fills {expected}");
            }

            if (state.Quantity.Raw == 0 && state.CostBasis != 0m)
            {
                breaks.Add($"{symbol}: flat position has cost basis {state.CostBasis}");
            }

            marketValue += expected.ToDecimal() * state.Mark;
            realized += state.RealizedPnl;
        }

        foreach (var symbol in expectedQuantities.Keys)
        {
            if (!_positions.ContainsKey(symbol))
            {
                breaks.Add($"{symbol}: filled but missing from the positions");
            }
        }

        var equity = Equity;
        if (equity != expectedCash + marketValue)
        {
            breaks.Add($"equity {equity} != expected cash + sum of position x mark = {expectedCash + marketValue}");
        }

        if (realized != RealizedPnl)
        {
            breaks.Add($"realised PnL {RealizedPnl} != sum over symbols {realized}");
        }

        var unrealized = UnrealizedPnl;
        if (RealizedPnl + unrealized - Fees != equity - InitialCash)
        {
            breaks.Add($"realised {RealizedPnl} + unrealised {unrealized} - fees {Fees} = {RealizedPnl + unrealized - Fees} != equity - initial cash = {equity - InitialCash}");
        }

        return new ReconciliationReport(Account, _fills.Count, Cash, expectedCash, equity, RealizedPnl, unrealized, Fees, breaks);
    }

    private sealed class PositionState
    {
        public Quantity Quantity { get; set; }

        public decimal CostBasis { get; set; }

        public decimal RealizedPnl { get; set; }

        public decimal Fees { get; set; }

        public decimal Mark { get; set; }

        public Position ToPosition(Symbol symbol) => new(symbol, Quantity, CostBasis, RealizedPnl, Fees, Mark);
    }
}
