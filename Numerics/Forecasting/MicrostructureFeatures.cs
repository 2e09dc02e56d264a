using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// Causal per-event microstructure features of one symbol, fed with every NBBO change (<see cref="OnQuote"/>) and every
/// trade (<see cref="OnTrade"/>) in event order:
/// <list type="bullet">
/// <item><see cref="RelativeSpread"/> = (ask − bid) / mid of the last two-sided NBBO, mid = (bid + ask) / 2; 0 before one.</item>
/// <item><see cref="TradeFlowImbalance"/> = (B − S) / (B + S) in [−1, 1], B and S the exponentially weighted buy and
/// sell volumes (shares) with weight 2^(−age / <see cref="FlowHalfLife"/>); 0 while B + S = 0. Each trade is signed by
/// the Lee–Ready rule (Lee and Ready, "Inferring Trade Direction from Intraday Data", Journal of Finance 46(2), 1991):
/// the quote rule first — a price above the prevailing mid is a buy, below it a sell — and the tick rule for a trade
/// at the mid or before any two-sided quote: a price above the last different trade price (uptick or zero-uptick) is a
/// buy, below it a sell; a trade with no earlier different price is left unsigned (it adds to neither B nor S). The
/// prevailing quote is the last one fed at or before the trade (no five-second lag: Lee and Ready's lag corrected
/// for late quote reporting in 1988 data, which time-stamped consolidated feeds do not need).</item>
/// </list>
/// Because B and S decay by the same factor, the imbalance does not change between trades: its value at any time is
/// that after the last trade. Allocation-free; deterministic; causal (a value depends only on earlier and current
/// events). Not thread-safe: one instance per symbol. <see cref="Capture"/>/<see cref="Restore"/> give an exact checkpoint.
/// </summary>
public sealed class MicrostructureFeatures
{
    private readonly double _inverseTimeConstant;
    private double _bid;
    private double _ask;
    private double _lastTradePrice;
    private int _lastTickSign;
    private double _buyVolume;
    private double _sellVolume;
    private long _lastTradeTime;
    private long _lastTime = long.MinValue;

    /// <summary>Creates the features.</summary>
    /// <param name="flowHalfLife">Half-life of the trade-flow weights, positive (e.g. 30 seconds).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flowHalfLife"/> is not positive.</exception>
    public MicrostructureFeatures(TimeSpan flowHalfLife)
    {
        if (flowHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(flowHalfLife), flowHalfLife, "The trade-flow half-life must be positive.");
        }

        FlowHalfLife = flowHalfLife;
        _inverseTimeConstant = Math.Log(2.0) / flowHalfLife.TotalSeconds;
    }

    /// <summary>The half-life of the trade-flow weights.</summary>
    public TimeSpan FlowHalfLife { get; }

    /// <summary>True once a two-sided NBBO has been accepted.</summary>
    public bool HasQuote => _bid > 0.0;

    /// <summary>(ask − bid) / mid of the last two-sided NBBO, dimensionless (a one-cent spread on a $100 stock is 1e-4);
    /// 0 before the first.</summary>
    public double RelativeSpread => HasQuote ? (_ask - _bid) / (0.5 * (_bid + _ask)) : 0.0;

    /// <summary>(B − S) / (B + S) in [−1, 1]: +1 when all recent volume was bought, −1 when all was sold; 0 while no signed
    /// trade has been seen.</summary>
    public double TradeFlowImbalance
    {
        get
        {
            var total = _buyVolume + _sellVolume;
            return total > 0.0 ? (_buyVolume - _sellVolume) / total : 0.0;
        }
    }

    /// <summary>The exponentially weighted buy volume B (shares), as of the last trade.</summary>
    public double BuyVolume => _buyVolume;

    /// <summary>The exponentially weighted sell volume S (shares), as of the last trade.</summary>
    public double SellVolume => _sellVolume;

    /// <summary>Quotes accepted.</summary>
    public long QuoteCount { get; private set; }

    /// <summary>Trades accepted (signed or not).</summary>
    public long TradeCount { get; private set; }

    /// <summary>Events refused: a time earlier than the previous event, a non-finite or non-positive trade price or size.</summary>
    public long RejectedCount { get; private set; }

    /// <summary>
    /// Feeds one NBBO. A two-sided quote with 0 &lt; bid &lt; ask (USD) replaces the prevailing quote; a one-sided,
    /// locked or crossed quote is accepted but leaves the prevailing quote unchanged.
    /// </summary>
    /// <param name="time">Event time, UTC; not earlier than the previous event.</param>
    /// <param name="bid">Best bid, USD (0 when none).</param>
    /// <param name="ask">Best ask, USD (0 when none).</param>
    /// <returns>False (and counted in <see cref="RejectedCount"/>) when the time goes backwards; true otherwise.</returns>
    public bool OnQuote(UnixNanos time, double bid, double ask)
    {
        if (time.Value < _lastTime)
        {
            RejectedCount++;
            return false;
        }

        _lastTime = time.Value;
        QuoteCount++;
        if (bid > 0.0 && ask > bid && double.IsFinite(ask))
        {
            _bid = bid;
            _ask = ask;
        }

        return true;
    }

    /// <summary>Feeds one trade and updates <see cref="TradeFlowImbalance"/>.</summary>
    /// <param name="time">Event time, UTC; not earlier than the previous event.</param>
    /// <param name="price">Trade price, USD, finite and positive.</param>
    /// <param name="size">Trade size, shares, finite and positive.</param>
    /// <returns>The trade's Lee–Ready sign (+1 buy, −1 sell, 0 unsigned); 0 also when the trade is refused (counted in
    /// <see cref="RejectedCount"/>).</returns>
    public int OnTrade(UnixNanos time, double price, double size)
    {
        if (time.Value < _lastTime || !(price > 0.0) || !double.IsFinite(price) || !(size > 0.0) || !double.IsFinite(size))
        {
            RejectedCount++;
            return 0;
        }

        if (TradeCount > 0)
        {
            var decay = Math.Exp(-(time.Value - _lastTradeTime) / (double)UnixNanos.NanosPerSecond * _inverseTimeConstant);
            _buyVolume *= decay;
            _sellVolume *= decay;
        }

        if (TradeCount > 0 && price != _lastTradePrice)
        {
            _lastTickSign = price > _lastTradePrice ? 1 : -1;
        }

        var sign = _lastTickSign;
        if (HasQuote)
        {
            var mid = 0.5 * (_bid + _ask);
            if (price > mid)
            {
                sign = 1;
            }
            else if (price < mid)
            {
                sign = -1;
            }
        }

        if (sign > 0)
        {
            _buyVolume += size;
        }
        else if (sign < 0)
        {
            _sellVolume += size;
        }

        _lastTradePrice = price;
        _lastTradeTime = time.Value;
        _lastTime = time.Value;
        TradeCount++;
        return sign;
    }

    /// <summary>Forgets every event (e.g. at the start of a session).</summary>
    public void Reset() => ApplyState(new MicrostructureFeaturesState(0.0, 0.0, 0.0, 0, 0.0, 0.0, 0L, long.MinValue, 0L, 0L, 0L));

    /// <summary>Copies the state into a checkpoint (allocates; the features are unchanged).</summary>
    /// <returns>Plain data: later events do not change it.</returns>
    public MicrostructureFeaturesState Capture() =>
        new(_bid, _ask, _lastTradePrice, _lastTickSign, _buyVolume, _sellVolume, _lastTradeTime, _lastTime, QuoteCount, TradeCount, RejectedCount);

    /// <summary>Replaces the state with a checkpoint of an instance with the same <see cref="FlowHalfLife"/>; every later
    /// output is then bit for bit that of the captured instance. Every field is checked before any is changed.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">A price or volume is negative or not finite, the quote is not 0 ≤ bid &lt; ask
    /// (or both 0), the tick sign is not −1, 0 or +1, or a counter is negative; the message names the field.</exception>
    public void Restore(MicrostructureFeaturesState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (value, field) in new[]
        {
            (state.Bid, "MicrostructureFeaturesState.Bid"), (state.Ask, "MicrostructureFeaturesState.Ask"),
            (state.LastTradePrice, "MicrostructureFeaturesState.LastTradePrice"),
            (state.BuyVolume, "MicrostructureFeaturesState.BuyVolume"), (state.SellVolume, "MicrostructureFeaturesState.SellVolume"),
        })
        {
            CheckpointGuard.Finite(value, field);
            CheckpointGuard.Rule(value >= 0.0, field, $"{value} must not be negative.");
        }

        CheckpointGuard.Rule((state.Bid == 0.0 && state.Ask == 0.0) || (state.Bid > 0.0 && state.Ask > state.Bid), "MicrostructureFeaturesState.Ask", $"the quote {state.Bid}/{state.Ask} must be 0/0 or have 0 < bid < ask.");
        CheckpointGuard.Rule(state.LastTickSign is -1 or 0 or 1, "MicrostructureFeaturesState.LastTickSign", $"{state.LastTickSign} must be -1, 0 or +1.");
        CheckpointGuard.NonNegative(state.QuoteCount, "MicrostructureFeaturesState.QuoteCount");
        CheckpointGuard.NonNegative(state.TradeCount, "MicrostructureFeaturesState.TradeCount");
        CheckpointGuard.NonNegative(state.RejectedCount, "MicrostructureFeaturesState.RejectedCount");
        ApplyState(state);
    }

    private void ApplyState(MicrostructureFeaturesState state)
    {
        _bid = state.Bid;
        _ask = state.Ask;
        _lastTradePrice = state.LastTradePrice;
        _lastTickSign = state.LastTickSign;
        _buyVolume = state.BuyVolume;
        _sellVolume = state.SellVolume;
        _lastTradeTime = state.LastTradeTimeNanos;
        _lastTime = state.LastTimeNanos;
        QuoteCount = state.QuoteCount;
        TradeCount = state.TradeCount;
        RejectedCount = state.RejectedCount;
    }
}
