using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Judge;

/// <summary>How candidates are labelled: the triple barrier around the entry and the costs of taking the trade.</summary>
public sealed record JudgeLabelOptions
{
    /// <summary>Barrier multiples and the vertical barrier (grid steps and/or nanoseconds). Default: profit-taking and
    /// stop-loss at 1 σ_h, vertical barrier after 300 steps.</summary>
    public TripleBarrierOptions Barriers { get; init; } = new() { MaxHoldingObservations = 300 };

    /// <summary>Span of the EWMA volatility of ln mid returns per step (<see cref="EwmaVolatility"/>), steps ≥ 1.</summary>
    public int VolatilitySpan { get; init; } = 300;

    /// <summary>Fee per side as a fraction of notional (e.g. 0.00005 = 0.5 bp), finite and ≥ 0; charged twice.</summary>
    public double FeeRate { get; init; } = 0.00005;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (named).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Barriers);
        Barriers.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(VolatilitySpan, 1);
        if (!double.IsFinite(FeeRate) || FeeRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FeeRate), FeeRate, "FeeRate must be finite and ≥ 0.");
        }
    }
}
