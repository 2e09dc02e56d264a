namespace Quant.Orleans.Learning.Losses;

/// <summary>Settings of <see cref="GrpoLoss"/>. Defaults: clip ε 0.2 (PPO's, Schulman et al. 2017), KL coefficient
/// β = 0.04 (DeepSeekMath, Shao et al. 2024, §4.2) and advantage ε 1e-4 (Hugging Face TRL's GRPO trainer).</summary>
public sealed record GrpoLossOptions
{
    /// <summary>ε_clip: the importance ratio ρ is clipped to [1 − ε_clip, 1 + ε_clip]; in (0, 1).</summary>
    public float ClipEpsilon { get; init; } = 0.2f;

    /// <summary>β: weight of the k3 KL estimate to the reference policy; non-negative (0: no KL term).</summary>
    public float KlCoefficient { get; init; } = 0.04f;

    /// <summary>ε added to the group's standard deviation in the advantage (r − mean)/(std + ε); positive.</summary>
    public float AdvantageEpsilon { get; init; } = 1e-4f;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it, its value and the
    /// rule).</exception>
    public void Validate()
    {
        Require(ClipEpsilon is > 0f and < 1f, nameof(ClipEpsilon), ClipEpsilon, "must lie in (0, 1)");
        Require(float.IsFinite(KlCoefficient) && KlCoefficient >= 0f, nameof(KlCoefficient), KlCoefficient, "must be non-negative and finite");
        Require(float.IsFinite(AdvantageEpsilon) && AdvantageEpsilon > 0f, nameof(AdvantageEpsilon), AdvantageEpsilon, "must be positive and finite");
    }

    private static void Require(bool condition, string name, float value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");
        }
    }
}
