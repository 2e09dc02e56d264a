using Quant.Orleans.Learning.Losses;

namespace Quant.Orleans.Learning.Training;

/// <summary>Settings of a <see cref="GrpoTask"/>; the optimiser, schedule, batch size and epochs are the
/// <see cref="Trainer"/>'s.</summary>
public sealed record GrpoTaskOptions
{
    /// <summary>G: actions sampled per state; at least 2 (DeepSeekMath used 64 per question).</summary>
    public int GroupSize { get; init; } = 16;

    /// <summary>The loss's clip ε, KL coefficient β and advantage ε.</summary>
    public GrpoLossOptions Loss { get; init; } = new();

    /// <summary>Clamp ε of the Beta log-density (<see cref="BetaDistribution.DefaultEpsilon"/>).</summary>
    public float LogProbEpsilon { get; init; } = BetaDistribution.DefaultEpsilon;

    /// <summary>The sampling policy π_old is a copy of the trained head taken every this many steps (1: π_old = π_θ at
    /// every step, ratio 1, DeepSeekMath's single update per exploration stage); at least 1.</summary>
    public int OldPolicyRefreshSteps { get; init; } = 1;

    /// <summary>Seed of the action sampling: step k draws from a <see cref="Core.DeterministicRandom"/> seeded from
    /// (Seed, k).</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it, its value and the
    /// rule).</exception>
    public void Validate()
    {
        if (GroupSize < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(GroupSize), GroupSize, $"GroupSize must be at least 2; got {GroupSize}.");
        }

        ArgumentNullException.ThrowIfNull(Loss, nameof(Loss));
        Loss.Validate();
        if (!(LogProbEpsilon is > 0f and < 0.5f))
        {
            throw new ArgumentOutOfRangeException(nameof(LogProbEpsilon), LogProbEpsilon, $"LogProbEpsilon must lie in (0, 0.5); got {LogProbEpsilon}.");
        }

        if (OldPolicyRefreshSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OldPolicyRefreshSteps), OldPolicyRefreshSteps, $"OldPolicyRefreshSteps must be at least 1; got {OldPolicyRefreshSteps}.");
        }
    }
}
