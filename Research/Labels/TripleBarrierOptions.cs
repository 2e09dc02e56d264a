namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Barrier widths of the triple-barrier method (AFML §3.4, snippet 3.2): the horizontal barriers sit at
/// <c>±multiple · volatility</c> in log-price units around the entry, asymmetric when the two multiples differ; the
/// vertical barrier closes the event after <see cref="MaxHoldingObservations"/> observations or
/// <see cref="MaxHoldingNanos"/> of time, whichever comes first.
/// </summary>
public sealed record TripleBarrierOptions
{
    /// <summary>Profit-taking multiple of the event's volatility; 0 disables the barrier (AFML's <c>ptSl[0]=0</c>).</summary>
    public double ProfitTakingMultiple { get; init; } = 1.0;

    /// <summary>Stop-loss multiple of the event's volatility; 0 disables the barrier.</summary>
    public double StopLossMultiple { get; init; } = 1.0;

    /// <summary>Vertical barrier as a count of observations after the start (≥ 1).</summary>
    public int MaxHoldingObservations { get; init; } = 100;

    /// <summary>Vertical barrier as time after the start, nanoseconds; <see cref="long.MaxValue"/> for none.</summary>
    public long MaxHoldingNanos { get; init; } = long.MaxValue;

    /// <summary>When true, a vertical-barrier touch is labelled 0 instead of the sign of its return (AFML §3.5).</summary>
    public bool ZeroLabelAtVertical { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A multiple is negative or not finite, or a holding limit is not positive.</exception>
    public void Validate()
    {
        if (!double.IsFinite(ProfitTakingMultiple) || ProfitTakingMultiple < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ProfitTakingMultiple), ProfitTakingMultiple, "ProfitTakingMultiple must be finite and ≥ 0.");
        }

        if (!double.IsFinite(StopLossMultiple) || StopLossMultiple < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StopLossMultiple), StopLossMultiple, "StopLossMultiple must be finite and ≥ 0.");
        }

        if (MaxHoldingObservations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHoldingObservations), MaxHoldingObservations, "MaxHoldingObservations must be ≥ 1.");
        }

        if (MaxHoldingNanos <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHoldingNanos), MaxHoldingNanos, "MaxHoldingNanos must be > 0.");
        }
    }
}
