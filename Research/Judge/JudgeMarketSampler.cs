using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// Samples a symbol's delivered NBBOs and trades onto the judge's grid — one step every <see cref="Cadence"/> of the
/// calendar's regular session (09:30–16:00 New York for <c>us_equity</c>), the first at the open — and feeds each step
/// to a <see cref="JudgeFeatureState"/>. A step at time b holds every event strictly before b (the prevailing two-sided
/// NBBO: its mid, relative half-spread and sizes at the best; the trade-flow imbalance of
/// <see cref="MicrostructureFeatures"/>), so a row written at an event at time t reads nothing after t. Steps before
/// the session's first two-sided NBBO (of that session date) are skipped; a new session date resets the state, the
/// prevailing NBBO and the trade flow. The symbol grain serves with
/// it and the judge's training rows are recorded from it (one code path). Not thread-safe.
/// </summary>
public sealed class JudgeMarketSampler
{
    private readonly JudgeFeatureOptions _options;
    private readonly long _cadence;
    private readonly TimeSpan _tradeFlowHalfLife;
    private MicrostructureFeatures _micro;
    private DateOnly _day;
    private long _open = long.MaxValue;
    private long _close = long.MinValue;
    private long _next = long.MaxValue;
    private double _mid = double.NaN;
    private double _halfSpread;
    private double _bidSize;
    private double _askSize;

    /// <summary>Creates the sampler and its feature state.</summary>
    /// <param name="options">The judge's feature options (calendar, columns).</param>
    /// <param name="fractionalDifference">The fitted d of the served judge.</param>
    /// <param name="cadence">Grid spacing, &gt; 0 (the judge's training grid: 1 s).</param>
    /// <param name="tradeFlowHalfLife">Half-life of the trade-flow imbalance's exponential weights, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A span is not positive.</exception>
    public JudgeMarketSampler(JudgeFeatureOptions options, FractionalDifferenceFit fractionalDifference, TimeSpan cadence, TimeSpan tradeFlowHalfLife)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cadence, TimeSpan.Zero);
        _options = options;
        _cadence = cadence.Ticks * 100;
        _tradeFlowHalfLife = tradeFlowHalfLife;
        _micro = new MicrostructureFeatures(tradeFlowHalfLife);
        State = new JudgeFeatureState(options, fractionalDifference);
        Cadence = cadence;
    }

    /// <summary>The feature state the steps go to.</summary>
    public JudgeFeatureState State { get; }

    /// <summary>Grid spacing.</summary>
    public TimeSpan Cadence { get; }

    /// <summary>Called with each step after it is fed (the training data's recorder); null: nobody.</summary>
    public Action<JudgeGridStep>? StepObserver { get; set; }

    /// <summary>True when a step of today's session has been fed (a row can be written).</summary>
    public bool IsReady => State.Steps > 0;

    /// <summary>Applies a delivered NBBO (one-sided ones feed the trade classifier only).</summary>
    /// <param name="nbbo">The NBBO.</param>
    public void OnNbbo(in Quote nbbo)
    {
        AdvanceTo(nbbo.Time.Value);
        _micro.OnQuote(nbbo.Time, nbbo.BidPrice.ToDouble(), nbbo.AskPrice.ToDouble());
        if (nbbo.IsTwoSided)
        {
            var bid = nbbo.BidPrice.ToDouble();
            var ask = nbbo.AskPrice.ToDouble();
            _mid = nbbo.MidDouble;
            _halfSpread = Math.Max(0, (ask - bid) / 2.0 / _mid);
            _bidSize = nbbo.BidSize.ToDouble();
            _askSize = nbbo.AskSize.ToDouble();
        }
    }

    /// <summary>Applies a delivered trade.</summary>
    /// <param name="time">Trade time.</param>
    /// <param name="price">Price, USD.</param>
    /// <param name="size">Size, shares.</param>
    public void OnTrade(UnixNanos time, double price, double size)
    {
        AdvanceTo(time.Value);
        _micro.OnTrade(time, price, size);
    }

    /// <summary>Feeds every grid step at or before <paramref name="timeNanos"/> not fed yet, with the values prevailing
    /// before it; a time on a new session date starts that session (the state is reset).</summary>
    /// <param name="timeNanos">UTC Unix ns, non-decreasing between calls.</param>
    public void AdvanceTo(long timeNanos)
    {
        if (timeNanos >= _close || timeNanos < _open - (24L * 3600 * UnixNanos.NanosPerSecond))
        {
            var day = _options.Calendar.SessionDate(timeNanos);
            if (day != _day)
            {
                StartSession(day);
            }
        }

        while (_next <= timeNanos && _next < _close)
        {
            if (double.IsFinite(_mid))
            {
                var step = new JudgeGridStep(_next, _mid, _halfSpread, _bidSize, _askSize, Math.Clamp(_micro.TradeFlowImbalance, -1, 1));
                State.Step(step);
                StepObserver?.Invoke(step);
            }

            _next += _cadence;
        }
    }

    private void StartSession(DateOnly day)
    {
        _day = day;
        var calendar = _options.Calendar;
        var openLocal = day.ToDateTime(calendar.GridOpen, DateTimeKind.Unspecified);
        var openUtc = calendar.TimeZone == TimeZoneInfo.Utc ? DateTime.SpecifyKind(openLocal, DateTimeKind.Utc) : TimeZoneInfo.ConvertTimeToUtc(openLocal, calendar.TimeZone);
        _open = UnixNanos.FromDateTime(openUtc).Value;
        _close = _open + (calendar.GridMinutesPerDay * 60L * UnixNanos.NanosPerSecond);
        _next = _open;
        State.Reset();

        // Nothing of the previous session carries over: no prevailing NBBO, no trade flow.
        (_mid, _halfSpread, _bidSize, _askSize) = (double.NaN, 0, 0, 0);
        _micro = new MicrostructureFeatures(_tradeFlowHalfLife);
    }
}
