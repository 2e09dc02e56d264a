namespace Quant.Orleans.Research.Judge;

/// <summary>The hyperparameter grid, the purged cross-validation and the threshold grid of <see cref="JudgeTrainer"/>.</summary>
public sealed record JudgeTrainingOptions
{
    /// <summary>FastTree tree counts tried.</summary>
    public int[] TreeCounts { get; init; } = [100, 300];

    /// <summary>FastTree leaves per tree tried (≥ 2).</summary>
    public int[] LeafCounts { get; init; } = [15, 31];

    /// <summary>FastTree learning rates (shrinkage) tried, in (0, 1].</summary>
    public double[] LearningRates { get; init; } = [0.05, 0.1];

    /// <summary>FastTree's minimum number of training rows in a leaf (≥ 1).</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    /// <summary>Purged k-fold folds k ≥ 2.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Embargo as a fraction of the training rows (AFML's <c>pctEmbargo</c>), in [0, 1).</summary>
    public double EmbargoFraction { get; init; } = 0.01;

    /// <summary>Decision thresholds on the calibrated probability tried, each in [0, 1].</summary>
    public double[] Thresholds { get; init; } = [.. Enumerable.Range(30, 51).Select(i => i / 100.0)];

    /// <summary>Seed of ML.NET's context and FastTree.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>FastTree threads; null lets ML.NET choose.</summary>
    public int? Threads { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (named).</exception>
    public void Validate()
    {
        Require(TreeCounts.Length > 0 && TreeCounts.All(t => t >= 1), nameof(TreeCounts), "at least one count, each ≥ 1");
        Require(LeafCounts.Length > 0 && LeafCounts.All(l => l >= 2), nameof(LeafCounts), "at least one count, each ≥ 2");
        Require(LearningRates.Length > 0 && LearningRates.All(r => r > 0 && r <= 1), nameof(LearningRates), "at least one rate, each in (0, 1]");
        Require(Thresholds.Length > 0 && Thresholds.All(t => t is >= 0 and <= 1), nameof(Thresholds), "at least one threshold, each in [0, 1]");
        Require(MinimumExampleCountPerLeaf >= 1, nameof(MinimumExampleCountPerLeaf), "≥ 1");
        Require(Folds >= 2, nameof(Folds), "≥ 2");
        Require(EmbargoFraction is >= 0 and < 1, nameof(EmbargoFraction), "in [0, 1)");
        Require(Threads is null or >= 1, nameof(Threads), "null or ≥ 1");
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be {rule}.");
        }
    }
}
