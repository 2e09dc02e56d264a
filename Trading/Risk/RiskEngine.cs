using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <summary>
/// An account's pre-trade risk engine in the spirit of SEC Rule 15c3-5 (market access rule). Checks, in order (the
/// first failing rule is the reason):
/// <list type="number">
/// <item>state: <see cref="RiskState.Halted"/> rejects everything (<see cref="PreTradeRejectReason.Halted"/>);</item>
/// <item>restricted list (<see cref="PreTradeRejectReason.RestrictedSymbol"/>);</item>
/// <item>the per-order checks of <see cref="PreTradeChecks"/> (quantity, prices, max quantity, NBBO, price collar,
/// max notional);</item>
/// <item><see cref="RiskState.Reducing"/>: the order must reduce the exposure (<see cref="PreTradeRejectReason.ReducingOnly"/>):
/// a buy reduces when the position is short and <c>working buys + qty ≤ −position</c>, a sell when it is long and
/// <c>working sells + qty ≤ position</c>;</item>
/// <item>position: buy <c>position + working buys + qty ≤ max</c>, sell <c>−(position − working sells − qty) ≤ max</c>
/// (<see cref="PreTradeRejectReason.MaxPositionExceeded"/>);</item>
/// <item>gross exposure (orders that add exposure): <c>gross + qty × reference price ≤ max</c>, the reference price
/// being the limit (limit, stop-limit), the stop (stop) or the far side of the NBBO (market)
/// (<see cref="PreTradeRejectReason.GrossExposureExceeded"/>);</item>
/// <item>capital threshold (orders that add exposure): <c>equity ≥ threshold</c> (<see cref="PreTradeRejectReason.CapitalThresholdBreached"/>);</item>
/// <item>duplicate: an accepted order with the same symbol, side, type, quantity and prices within the window
/// (<see cref="PreTradeRejectReason.DuplicateOrderWindow"/>; the last <see cref="DuplicateMemory"/> accepted orders are remembered);</item>
/// <item>rate: at most <see cref="RiskLimits.MaxOrdersPerSecond"/> accepted orders with a sent time in
/// <c>(t − 1 s, t]</c> (<see cref="PreTradeRejectReason.OrderRateExceeded"/>).</item>
/// </list>
/// Time is the order's sent time (market time in a replay), so a replay stays deterministic. Every rejection is
/// counted per reason. The accept path allocates nothing (only a rejection builds its text). Not thread-safe: one
/// engine per portfolio grain.
/// </summary>
public sealed partial class RiskEngine
{
    /// <summary>Accepted orders remembered for the duplicate check.</summary>
    public const int DuplicateMemory = 64;

    private readonly PreTradeChecks _orderChecks;
    private readonly HashSet<Symbol> _restricted;
    private readonly long[] _rateRing;
    private readonly Fingerprint[] _recent = new Fingerprint[DuplicateMemory];
    private readonly long[] _rejections = new long[Enum.GetValues<PreTradeRejectReason>().Length];
    private int _rateHead;
    private int _rateCount;
    private int _recentHead;
    private int _recentCount;

    /// <summary>Creates an engine in <see cref="RiskState.Active"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="limits"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range (see <see cref="RiskLimits.Validate"/>).</exception>
    public RiskEngine(RiskLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        Limits = limits;
        _orderChecks = new PreTradeChecks(limits.Order);
        _restricted = [.. limits.RestrictedSymbols];
        _rateRing = new long[limits.MaxOrdersPerSecond];
    }

    /// <summary>The limits applied.</summary>
    public RiskLimits Limits { get; }

    /// <summary>The engine's state.</summary>
    public RiskState State { get; private set; }

    /// <summary>Why the engine is in its state (the kill or resume reason); empty while never changed.</summary>
    public string StateReason { get; private set; } = string.Empty;

    /// <summary>Orders accepted since creation.</summary>
    public long Accepted { get; private set; }

    /// <summary>Moves the engine to <paramref name="state"/> (kill switch: <see cref="RiskState.Halted"/>; resume:
    /// <see cref="RiskState.Active"/> or <see cref="RiskState.Reducing"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not defined.</exception>
    public void SetState(RiskState state, string reason)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Risk state must be Active, Reducing or Halted.");
        }

        State = state;
        StateReason = reason ?? string.Empty;
    }

    /// <summary>Rejections so far for <paramref name="reason"/>.</summary>
    public long Rejections(PreTradeRejectReason reason) => (uint)reason < (uint)_rejections.Length ? _rejections[(int)reason] : 0;

    /// <summary>Every reason with at least one rejection, with its count.</summary>
    public IReadOnlyDictionary<PreTradeRejectReason, long> RejectionCounts()
    {
        var counts = new Dictionary<PreTradeRejectReason, long>();
        for (var i = 1; i < _rejections.Length; i++)
        {
            if (_rejections[i] > 0)
            {
                counts[(PreTradeRejectReason)i] = _rejections[i];
            }
        }

        return counts;
    }

    /// <summary>Accepted orders with a sent time in <c>(now − 1 s, now]</c>, as far as the rate window remembers
    /// (at most <see cref="RiskLimits.MaxOrdersPerSecond"/>).</summary>
    public int OrdersInLastSecond(UnixNanos now)
    {
        var count = 0;
        for (var i = 0; i < _rateCount; i++)
        {
            var t = _rateRing[i];
            if (t > now.Value - UnixNanos.NanosPerSecond && t <= now.Value)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Checks <paramref name="order"/>; when it passes, it is counted as accepted (rate and duplicate windows).
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="nbbo">The NBBO prevailing for the order's symbol, or null when none has been seen.</param>
    /// <param name="exposure">The account's position, working orders, gross exposure and equity.</param>
    /// <returns><see cref="PreTradeResult.Accepted"/> or a rejection with its reason code and text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="nbbo"/> is for another symbol.</exception>
    public PreTradeResult Check(OrderRequest order, Quote? nbbo, in RiskExposure exposure)
    {
        var result = Evaluate(order, nbbo, exposure);
        if (result.IsAccepted)
        {
            RecordAccepted(order);
        }
        else
        {
            _rejections[(int)result.Reason]++;
        }

        return result;
    }

    /// <summary>Counts a rejection decided outside the engine (e.g. a duplicate ClOrdID) under <paramref name="reason"/>.</summary>
    public void CountRejection(PreTradeRejectReason reason)
    {
        if (reason != PreTradeRejectReason.None && (uint)reason < (uint)_rejections.Length)
        {
            _rejections[(int)reason]++;
        }
    }

    /// <summary>True when <paramref name="order"/> reduces the exposure (see the class summary).</summary>
    public static bool Reduces(OrderRequest order, in RiskExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(order);
        var qty = order.Quantity.Raw;
        return order.Side == Side.Buy
            ? exposure.Position.Raw < 0 && exposure.WorkingBuy.Raw + qty <= -exposure.Position.Raw
            : exposure.Position.Raw > 0 && exposure.WorkingSell.Raw + qty <= exposure.Position.Raw;
    }

    private PreTradeResult Evaluate(OrderRequest order, Quote? nbbo, in RiskExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (State == RiskState.Halted)
        {
            return PreTradeResult.Reject(PreTradeRejectReason.Halted, $"Order {order.ClOrdId}: the account is halted (kill switch: {StateReason}); no new orders.");
        }

        if (_restricted.Count > 0 && _restricted.Contains(order.Symbol))
        {
            return PreTradeResult.Reject(PreTradeRejectReason.RestrictedSymbol, $"Order {order.ClOrdId}: {order.Symbol} is on the restricted list.");
        }

        var basic = _orderChecks.Check(order, nbbo);
        if (!basic.IsAccepted)
        {
            return basic;
        }

        var reduces = Reduces(order, exposure);
        if (State == RiskState.Reducing && !reduces)
        {
            return PreTradeResult.Reject(PreTradeRejectReason.ReducingOnly, $"Order {order.ClOrdId}: the account only accepts orders that reduce exposure; {order.Side.ToString().ToLowerInvariant()} {order.Quantity} {order.Symbol} against position {exposure.Position} (working buys {exposure.WorkingBuy}, sells {exposure.WorkingSell}) does not.");
        }

        var max = Limits.MaxPositionPerSymbol.Raw;
        var projected = order.Side == Side.Buy
            ? exposure.Position.Raw + exposure.WorkingBuy.Raw + order.Quantity.Raw
            : -(exposure.Position.Raw - exposure.WorkingSell.Raw - order.Quantity.Raw);
        if (projected > max)
        {
            return PreTradeResult.Reject(PreTradeRejectReason.MaxPositionExceeded, $"Order {order.ClOrdId}: {order.Symbol} position {exposure.Position} with working orders and this order would reach {new Quantity(order.Side == Side.Buy ? projected : -projected)}, beyond the max position {Limits.MaxPositionPerSymbol}.");
        }

        if (!reduces)
        {
            var notional = ReferencePrice(order, nbbo) * order.Quantity.ToDecimal();
            if (exposure.GrossExposure + notional > Limits.MaxGrossExposure)
            {
                return PreTradeResult.Reject(PreTradeRejectReason.GrossExposureExceeded, $"Order {order.ClOrdId}: gross exposure {exposure.GrossExposure} + order notional {notional} = {exposure.GrossExposure + notional} exceeds the max gross exposure {Limits.MaxGrossExposure}.");
            }

            if (exposure.Equity < Limits.CapitalThreshold)
            {
                return PreTradeResult.Reject(PreTradeRejectReason.CapitalThresholdBreached, $"Order {order.ClOrdId}: equity {exposure.Equity} is below the capital threshold {Limits.CapitalThreshold}; only orders that reduce exposure pass.");
            }
        }

        if (Limits.DuplicateWindowMillis > 0 && FindDuplicate(order) is { } previous)
        {
            return PreTradeResult.Reject(PreTradeRejectReason.DuplicateOrderWindow, $"Order {order.ClOrdId}: same symbol, side, type, quantity and prices as an order accepted {(order.SentTime.Value - previous) / UnixNanos.NanosPerMillisecond} ms earlier, within the {Limits.DuplicateWindowMillis} ms duplicate window.");
        }

        if (Limits.MaxOrdersPerSecond > 0 && _rateCount == _rateRing.Length && _rateRing[_rateHead] > order.SentTime.Value - UnixNanos.NanosPerSecond)
        {
            return PreTradeResult.Reject(PreTradeRejectReason.OrderRateExceeded, $"Order {order.ClOrdId}: {Limits.MaxOrdersPerSecond} orders were already accepted in the second up to {order.SentTime}; the limit is {Limits.MaxOrdersPerSecond} per second.");
        }

        return PreTradeResult.Accepted;
    }

    private static decimal ReferencePrice(OrderRequest order, Quote? nbbo) => order.Type switch
    {
        OrderType.Limit or OrderType.StopLimit => order.LimitPrice.GetValueOrDefault().ToDecimal(),
        OrderType.Stop => order.StopPrice.GetValueOrDefault().ToDecimal(),
        _ => nbbo is { } q ? (order.Side == Side.Buy ? q.AskPrice : q.BidPrice).ToDecimal() : 0m,
    };

    private long? FindDuplicate(OrderRequest order)
    {
        var window = Limits.DuplicateWindowMillis * UnixNanos.NanosPerMillisecond;
        var limit = order.LimitPrice.GetValueOrDefault().Raw;
        var stop = order.StopPrice.GetValueOrDefault().Raw;
        for (var i = 0; i < _recentCount; i++)
        {
            ref readonly var f = ref _recent[i];
            if (f.Side == order.Side && f.Type == order.Type && f.Quantity == order.Quantity.Raw && f.Limit == limit && f.Stop == stop
                && order.SentTime.Value - f.Time < window && f.Time <= order.SentTime.Value && f.Symbol == order.Symbol)
            {
                return f.Time;
            }
        }

        return null;
    }

    private void RecordAccepted(OrderRequest order)
    {
        Accepted++;
        if (_rateRing.Length > 0)
        {
            _rateRing[_rateHead] = order.SentTime.Value;
            _rateHead = _rateHead + 1 == _rateRing.Length ? 0 : _rateHead + 1;
            _rateCount = Math.Min(_rateCount + 1, _rateRing.Length);
        }

        if (Limits.DuplicateWindowMillis > 0)
        {
            _recent[_recentHead] = new Fingerprint(order.Symbol, order.Side, order.Type, order.Quantity.Raw, order.LimitPrice.GetValueOrDefault().Raw, order.StopPrice.GetValueOrDefault().Raw, order.SentTime.Value);
            _recentHead = (_recentHead + 1) % DuplicateMemory;
            _recentCount = Math.Min(_recentCount + 1, DuplicateMemory);
        }
    }

    private readonly record struct Fingerprint(Symbol Symbol, Side Side, OrderType Type, long Quantity, long Limit, long Stop, long Time);
}
