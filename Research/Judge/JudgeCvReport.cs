namespace Quant.Orleans.Research.Judge;

/// <summary>FastTree hyperparameters of one grid point.</summary>
/// <param name="Trees">Number of trees.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="LearningRate">Shrinkage.</param>
public sealed record JudgeHyperparameters(int Trees, int Leaves, double LearningRate);

/// <summary>One grid point's cross-validated AUCs.</summary>
/// <param name="Hyperparameters">The grid point.</param>
/// <param name="FoldAuc">AUC of each fold's test block (unweighted), shape (k).</param>
/// <param name="MeanAuc">Mean of <paramref name="FoldAuc"/> (NaN folds skipped).</param>
public sealed record JudgeGridResult(JudgeHyperparameters Hyperparameters, double[] FoldAuc, double MeanAuc);

/// <summary>One purged fold's sizes, in rows of the training set.</summary>
/// <param name="Train">Rows trained on.</param>
/// <param name="Test">Rows scored.</param>
/// <param name="Purged">Rows removed because their label meets the test block.</param>
/// <param name="Embargoed">Rows removed by the embargo after the test block.</param>
public sealed record JudgeFoldSummary(int Train, int Test, int Purged, int Embargoed);

/// <summary>One threshold's out-of-fold outcome.</summary>
/// <param name="Threshold">Take a candidate when its calibrated probability ≥ this.</param>
/// <param name="TakeRate">Weighted fraction of out-of-fold candidates taken.</param>
/// <param name="MeanNetReturn">Σ w·net over the taken candidates / Σ w over all: the weighted net return per candidate.</param>
public sealed record JudgeThresholdResult(double Threshold, double TakeRate, double MeanNetReturn);

/// <summary>
/// How the judge was chosen on its training rows: the grid, the purged folds, the Platt fit on the out-of-fold scores
/// of the chosen grid point, and the threshold curve.
/// </summary>
/// <param name="Folds">k.</param>
/// <param name="EmbargoRows">Embargo in rows.</param>
/// <param name="FoldSummaries">Sizes of each fold.</param>
/// <param name="Grid">Every grid point's AUCs.</param>
/// <param name="Best">The grid point with the highest mean fold AUC (the first on a tie, grid order trees, leaves, rate).</param>
/// <param name="OutOfFoldAuc">AUC of the best grid point's out-of-fold scores over all training rows.</param>
/// <param name="Platt">Platt parameters fitted on those out-of-fold scores.</param>
/// <param name="ThresholdCurve">Every threshold's take rate and weighted mean net return out of fold.</param>
/// <param name="Threshold">The threshold with the highest weighted mean net return (the highest threshold on a tie).</param>
public sealed record JudgeCvReport(
    int Folds,
    int EmbargoRows,
    JudgeFoldSummary[] FoldSummaries,
    JudgeGridResult[] Grid,
    JudgeHyperparameters Best,
    double OutOfFoldAuc,
    PlattScaling Platt,
    JudgeThresholdResult[] ThresholdCurve,
    double Threshold);
