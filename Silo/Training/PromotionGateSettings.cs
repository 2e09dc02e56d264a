using Quant.Orleans.Research.Gates;

namespace Quant.Orleans.Silo.Training;

/// <summary>The promotion gates of the nightly <c>validate</c> step (<c>Training:Gates:*</c>; docs/training.md). The
/// defaults are <see cref="PromotionGateOptions"/>'s. The gates read the pooled walk-forward evidence of the
/// configuration (<see cref="WalkForwardEvidence"/>): the nights' held-back session days, newest
/// <see cref="LookbackDays"/> kept. Which runs may count (prod + model on prod_live data) is not a setting.</summary>
public sealed class PromotionGateSettings
{
    /// <summary>Fewest nightly walk-forwards that contributed a kept day (the gate <c>min_completed_runs</c>), ≥ 1.</summary>
    public int MinNights { get; set; } = new PromotionGateOptions().MinCompletedRuns;

    /// <summary>Fewest distinct out-of-sample session days (the gate <c>min_observation_days</c>), ≥ 1.</summary>
    public int MinObservationDays { get; set; } = new PromotionGateOptions().MinObservationDays;

    /// <summary>Fewest session-day returns a daily metric (Sharpe, Sortino, profit factor) is computed from; below it the
    /// metric is <c>insufficient_observation</c> and its gate fails (≥ 2, default 20).</summary>
    public int MinimumObservations { get; set; } = 20;

    /// <summary>Lowest annualised daily Sortino.</summary>
    public double MinSortino { get; set; } = new PromotionGateOptions().MinSortino;

    /// <summary>Lowest daily profit factor.</summary>
    public double MinProfitFactor { get; set; } = new PromotionGateOptions().MinProfitFactor;

    /// <summary>Largest close-to-close maximum drawdown, a fraction of peak equity in (0, 1].</summary>
    public double MaxDrawdown { get; set; } = new PromotionGateOptions().MaxDrawdown;

    /// <summary>Lowest annualised <c>daily_agg</c> Sharpe.</summary>
    public double MinSharpeDaily { get; set; } = new PromotionGateOptions().MinSharpeDaily;

    /// <summary>How many of the newest pooled session days the gates read, ≥ <see cref="MinObservationDays"/>
    /// (default 250, about a year).</summary>
    public int LookbackDays { get; set; } = 250;

    /// <summary>The gate's options (eligibility stays the default: prod + model runs on prod_live data).</summary>
    /// <returns>The options.</returns>
    public PromotionGateOptions ToOptions() => new()
    {
        MinCompletedRuns = MinNights,
        MinObservationDays = MinObservationDays,
        MinSortino = MinSortino,
        MinProfitFactor = MinProfitFactor,
        MaxDrawdown = MaxDrawdown,
        MinSharpeDaily = MinSharpeDaily,
    };

    internal IEnumerable<string> Validate()
    {
        if (MinNights < 1)
        {
            yield return $"Training:Gates:MinNights must be at least 1, got {MinNights}.";
        }

        if (MinObservationDays < 1)
        {
            yield return $"Training:Gates:MinObservationDays must be at least 1, got {MinObservationDays}.";
        }

        if (MinimumObservations < 2)
        {
            yield return $"Training:Gates:MinimumObservations must be at least 2 (a daily ratio needs a dispersion), got {MinimumObservations}.";
        }

        if (LookbackDays < MinObservationDays)
        {
            yield return $"Training:Gates:LookbackDays ({LookbackDays}) must be at least Training:Gates:MinObservationDays ({MinObservationDays}), or the gate could never pass.";
        }

        foreach (var (key, value) in new[] { ("MinSortino", MinSortino), ("MinProfitFactor", MinProfitFactor), ("MinSharpeDaily", MinSharpeDaily) })
        {
            if (!double.IsFinite(value))
            {
                yield return $"Training:Gates:{key} must be a finite number, got {value}.";
            }
        }

        if (!(MaxDrawdown > 0 && MaxDrawdown <= 1))
        {
            yield return $"Training:Gates:MaxDrawdown must be in (0, 1], got {MaxDrawdown}.";
        }
    }
}
