namespace Quant.Orleans.Learning.Losses;

/// <summary>Settings of <see cref="StudentTradingLoss"/>.</summary>
public sealed record StudentTradingLossOptions
{
    /// <summary>Distillation temperature τ (Hinton et al. 2015): both distributions are softmax(logits / τ) and the KL
    /// term is multiplied by τ² so its gradient scale does not depend on τ. Default 2; must be finite and &gt; 0.</summary>
    public float Temperature { get; init; } = 2f;

    /// <summary>Quantile levels of the student's quantile head, ascending in (0, 1); the last axis of the quantile
    /// predictions has one entry per level. Default 0.1, 0.2, …, 0.9 (the levels of Chronos-Bolt, Ansari et al. 2024).
    /// The loss copies the levels when it is constructed.</summary>
    public float[] Quantiles { get; init; } = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f];

    /// <summary>Focusing parameter γ of the multi-class focal loss (Lin et al. 2017); 0 gives cross-entropy. Default 2;
    /// must be finite and ≥ 0.</summary>
    public float FocalGamma { get; init; } = 2f;

    /// <summary>Fee as a fraction of notional per unit of |Δposition| (1e-4 = 1 basis point), added to the half
    /// spread in the cost of a position change. Default 1e-4; must be finite and ≥ 0.</summary>
    public float FeeRate { get; init; } = 0.0001f;

    /// <summary>ε added to the mean squared downside return inside the square root of the Sortino ratio's
    /// denominator, so a batch without a losing step has a finite ratio. Default 1e-6 (in squared return units);
    /// must be finite and &gt; 0.</summary>
    public float SortinoEpsilon { get; init; } = 1e-6f;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names the option, the value
    /// and the rule).</exception>
    /// <exception cref="ArgumentException">The quantile levels are null, empty, outside (0, 1) or not strictly
    /// ascending.</exception>
    public void Validate()
    {
        if (!(Temperature > 0f) || !float.IsFinite(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be finite and > 0.");
        }

        if (Quantiles is null || Quantiles.Length == 0)
        {
            throw new ArgumentException("Quantiles must hold at least one level in (0, 1).", nameof(Quantiles));
        }

        for (var i = 0; i < Quantiles.Length; i++)
        {
            var q = Quantiles[i];
            if (!(q > 0f && q < 1f))
            {
                throw new ArgumentException($"Quantiles[{i}] = {q} is outside (0, 1).", nameof(Quantiles));
            }

            if (i > 0 && !(q > Quantiles[i - 1]))
            {
                throw new ArgumentException($"Quantiles must be strictly ascending: Quantiles[{i - 1}] = {Quantiles[i - 1]}, Quantiles[{i}] = {q}.", nameof(Quantiles));
            }
        }

        if (!(FocalGamma >= 0f) || !float.IsFinite(FocalGamma))
        {
            throw new ArgumentOutOfRangeException(nameof(FocalGamma), FocalGamma, "FocalGamma must be finite and >= 0.");
        }

        if (!(FeeRate >= 0f) || !float.IsFinite(FeeRate))
        {
            throw new ArgumentOutOfRangeException(nameof(FeeRate), FeeRate, "FeeRate must be finite and >= 0.");
        }

        if (!(SortinoEpsilon > 0f) || !float.IsFinite(SortinoEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(SortinoEpsilon), SortinoEpsilon, "SortinoEpsilon must be finite and > 0.");
        }
    }
}
