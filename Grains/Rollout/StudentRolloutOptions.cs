using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// The staged rollout of the student (<c>Strategy:Rollout</c>; docs/rollout.md). With it, the symbol grains trade with
/// the family's live version (or its canary on the canary's share of symbols) and run its shadow version beside it; the
/// silo's <c>Strategy:StudentModel</c> is not used. Without it (the default), every version is pinned by configuration
/// and a replay is deterministic.
/// </summary>
public sealed record StudentRolloutOptions
{
    /// <summary>The registry family the symbol grains serve (default <c>student</c>).</summary>
    public string Family { get; init; } = "student";

    /// <summary>The registered students, loaded once per version on this silo.</summary>
    public required ServedStudentCatalog Catalog { get; init; }

    /// <summary>Wall-clock time between two reads of the assignment by a symbol grain (at the start of a batch); zero:
    /// every batch. Default one second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of symbols a canary version trades (<see cref="CanaryAssignment"/>), in [0, 1]. Default 0.5.</summary>
    public double CanaryShare { get; init; } = 0.5;

    /// <summary>Wall-clock period of the rollout grain's automatic evaluation; zero or negative: only on request.
    /// Default one minute.</summary>
    public TimeSpan EvaluateInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The account whose orders and fills are the execution observations of the trading versions.</summary>
    public string Account { get; init; } = "replay";

    /// <summary>The rules' thresholds (<see cref="RolloutRules"/>).</summary>
    public RolloutSettings Rules { get; init; } = new();

    /// <summary>Most monitored predictions (and feature values per column) kept per version; older ones are dropped
    /// first. Default 20,000.</summary>
    public int MaxSamples { get; init; } = 20_000;

    /// <summary>Where the shadow versions' would-be orders are logged (<c>shadow-orders.csv</c>, appended); null: not
    /// logged to a file (still counted).</summary>
    public string? ShadowLogFolder { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range (named).</exception>
    public void Validate()
    {
        FamilyRegistry.CheckFamily(Family);
        ArgumentNullException.ThrowIfNull(Catalog);
        if (PollInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "the rollout poll interval must be ≥ 0.");
        }

        if (!(CanaryShare >= 0 && CanaryShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CanaryShare), CanaryShare, "the canary share must lie in [0, 1].");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Account);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSamples, 2);
        Rules.Validate();
    }
}
