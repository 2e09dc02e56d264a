using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// How <see cref="DistillationDatasetBuilder"/> turns one recorded day into a <see cref="DistillationDay"/>: the grid,
/// the target horizons, the triple-barrier label and the parameters of the causal features.
/// <para><b>Barrier label</b> (López de Prado, AFML §3.4; <see cref="Labels.TripleBarrierLabeler"/>, direction-neutral,
/// both barriers symmetric): for a start step s with mid p₀ the half-width in log price is
/// <c>w = BarrierWidth · σ₁[s] · √(V / Cadence) + FeeRate + HalfSpread[s]</c>, where σ₁ is
/// <see cref="Labels.EwmaVolatility"/> of the grid mids (log return per step, span <see cref="VolatilitySpan"/> steps),
/// V the vertical barrier and HalfSpread[s] = (ask − bid) / 2 / mid. The upper barrier is <c>p₀·e^w</c>, the lower
/// <c>p₀·e^−w</c>: a move must beat the volatility band <i>plus</i> the cost of a trade (fee and half spread) before it
/// counts as a win for the side that would have taken it, i.e. the cost is subtracted from the profit side of both a
/// long and a short.</para>
/// </summary>
public sealed record DistillationDatasetOptions
{
    /// <summary>Grid step, market time; must divide the session. Default 1 second (23,400 steps in 09:30–16:00).</summary>
    public TimeSpan Cadence { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Target horizons, each a positive multiple of <see cref="Cadence"/>, strictly increasing. Default 10 s, 60 s, 300 s.</summary>
    public TimeSpan[] Horizons { get; init; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)];

    /// <summary>Vertical barrier V of the label, a positive multiple of <see cref="Cadence"/>; null (default) takes the
    /// longest horizon.</summary>
    public TimeSpan? VerticalBarrier { get; init; }

    /// <summary>k, the barrier half-width in standard deviations of the log return over V, finite and ≥ 0. Default 1.</summary>
    public double BarrierWidth { get; init; } = 1.0;

    /// <summary>Span (in grid steps, ≥ 1) of the EWMA volatility that scales the barriers (<see cref="Labels.EwmaVolatility"/>,
    /// α = 2 / (span + 1)). Default 300 (five minutes at 1 s).</summary>
    public int VolatilitySpan { get; init; } = 300;

    /// <summary>Fee of a trade as a fraction of its notional (0.0001 = 1 bp), added to the barrier half-width; finite and
    /// in [0, 0.1). Default 0.</summary>
    public double FeeRate { get; init; }

    /// <summary>Half-life of the trade-flow imbalance (<see cref="MicrostructureFeatures.FlowHalfLife"/>), positive. Default 30 s.</summary>
    public TimeSpan TradeFlowHalfLife { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a venue's last quote counts in the teacher's depth view (<see cref="VenueDepthBook"/>); positive.
    /// Default 10 s.</summary>
    public TimeSpan DepthMaxAge { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Regular-session open, New York local time. Default 09:30 (as <c>SignalSessionOptions.SessionOpen</c>).</summary>
    public TimeOnly SessionOpen { get; init; } = new(9, 30);

    /// <summary>Regular-session close, New York local time, after the open. Default 16:00 (as <c>SignalSessionOptions.SessionClose</c>).</summary>
    public TimeOnly SessionClose { get; init; } = new(16, 0);

    /// <summary>The causal feature engine's parameters (the symbol grain's <c>SignalSessionOptions.Features</c>); they also
    /// give the local-linear-trend model of the golden trajectory.</summary>
    public SymbolFeatureOptions Features { get; init; } = new();

    /// <summary>The data-quality filter's price-outlier rule (as <c>ReplayOptions.Quality</c>).</summary>
    public QualityFilterOptions Quality { get; init; } = new();

    /// <summary>The vertical barrier in effect: <see cref="VerticalBarrier"/> or the longest horizon.</summary>
    public TimeSpan EffectiveVerticalBarrier => VerticalBarrier ?? (Horizons is { Length: > 0 } ? Horizons[^1] : TimeSpan.Zero);

    /// <summary>Grid steps in the session: (close − open) / cadence.</summary>
    public int Steps => (int)((SessionClose - SessionOpen).Ticks / Cadence.Ticks);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value breaks the rule stated on its property.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Horizons"/>, <see cref="Features"/> or <see cref="Quality"/> is null.</exception>
    public void Validate()
    {
        if (Cadence <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Cadence), Cadence, "Cadence must be positive.");
        }

        if (SessionClose <= SessionOpen)
        {
            throw new ArgumentOutOfRangeException(nameof(SessionClose), SessionClose, $"SessionClose must be after SessionOpen {SessionOpen}.");
        }

        var session = SessionClose - SessionOpen;
        if (session.Ticks % Cadence.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Cadence), Cadence, $"Cadence must divide the session length {session}.");
        }

        ArgumentNullException.ThrowIfNull(Horizons, nameof(Horizons));
        if (Horizons.Length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Horizons), "Horizons must hold at least one horizon.");
        }

        for (var h = 0; h < Horizons.Length; h++)
        {
            CheckMultiple(Horizons[h], $"{nameof(Horizons)}[{h}]");
            if (h > 0 && Horizons[h] <= Horizons[h - 1])
            {
                throw new ArgumentOutOfRangeException(nameof(Horizons), Horizons[h], $"Horizons must be strictly increasing; Horizons[{h}] follows {Horizons[h - 1]}.");
            }
        }

        CheckMultiple(EffectiveVerticalBarrier, nameof(VerticalBarrier));
        if (!double.IsFinite(BarrierWidth) || BarrierWidth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BarrierWidth), BarrierWidth, "BarrierWidth must be finite and ≥ 0.");
        }

        if (VolatilitySpan < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(VolatilitySpan), VolatilitySpan, "VolatilitySpan must be at least 1 step.");
        }

        if (!(FeeRate >= 0 && FeeRate < 0.1))
        {
            throw new ArgumentOutOfRangeException(nameof(FeeRate), FeeRate, "FeeRate must be a fraction of notional in [0, 0.1).");
        }

        if (TradeFlowHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TradeFlowHalfLife), TradeFlowHalfLife, "TradeFlowHalfLife must be positive.");
        }

        if (DepthMaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DepthMaxAge), DepthMaxAge, "DepthMaxAge must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        ArgumentNullException.ThrowIfNull(Quality, nameof(Quality));
        Quality.Validate();
    }

    private void CheckMultiple(TimeSpan span, string name)
    {
        if (span <= TimeSpan.Zero || span.Ticks % Cadence.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(name, span, $"{name} must be a positive multiple of the cadence {Cadence}.");
        }

        if (span >= SessionClose - SessionOpen)
        {
            throw new ArgumentOutOfRangeException(name, span, $"{name} must be shorter than the session ({SessionClose - SessionOpen}).");
        }
    }
}
