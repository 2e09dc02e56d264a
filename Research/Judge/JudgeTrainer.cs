using Microsoft.ML;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// Trains the judge on the training rows only: for every grid point (trees × leaves × learning rate) a FastTree binary
/// classifier (ML.NET, weighted by the rows' sample weights) is fitted on each purged k-fold training set with embargo
/// (AFML §7.4, <see cref="PurgedKFold"/>) and scored on its test block; the grid point with the highest mean fold AUC
/// wins; Platt scaling is fitted on its out-of-fold scores; the decision threshold maximises the weighted mean net
/// return of the out-of-fold candidates it takes; finally the winner is refitted on every training row. Rows outside
/// the training set are never read.
/// </summary>
public static class JudgeTrainer
{
    /// <summary>Trains the judge.</summary>
    /// <param name="data">The data set (training rows and any held-out rows).</param>
    /// <param name="trainingRows">Indices of the training rows, ascending (their spans sorted by start).</param>
    /// <param name="fractionalDifference">The d the <c>frac_diff_log_mid</c> column was built with (fitted on training data).</param>
    /// <param name="options">Grid, folds, thresholds, seed.</param>
    /// <returns>The trained model with its CV report.</returns>
    /// <exception cref="ArgumentException">The data set is invalid, the training rows are not ascending or out of range,
    /// fewer than 2 · k, or of one class only.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> is invalid.</exception>
    public static JudgeModel Train(JudgeDataset data, int[] trainingRows, FractionalDifferenceFit fractionalDifference, JudgeTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(trainingRows);
        ArgumentNullException.ThrowIfNull(fractionalDifference);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        data.Validate();
        CheckRows(data, trainingRows, options.Folds);

        var ml = new MLContext(options.Seed);
        var folds = Folds(data, trainingRows, options);
        var grid = new List<JudgeGridResult>();
        double[]? bestOutOfFold = null;
        JudgeGridResult? best = null;
        foreach (var trees in options.TreeCounts)
        {
            foreach (var leaves in options.LeafCounts)
            {
                foreach (var rate in options.LearningRates)
                {
                    var h = new JudgeHyperparameters(trees, leaves, rate);
                    var outOfFold = new double[trainingRows.Length];
                    var foldAuc = new double[folds.Count];
                    for (var f = 0; f < folds.Count; f++)
                    {
                        var fold = folds[f];
                        var model = MlNetJudge.Fit(ml, MlNetJudge.View(ml, data, Map(trainingRows, fold.Train)), h, options);
                        var compiled = CompiledTreeEnsemble.Compile(MlNetJudge.Trees(model), data.Schema.Width);
                        var scores = new double[fold.Test.Length];
                        var labels = new byte[fold.Test.Length];
                        for (var i = 0; i < fold.Test.Length; i++)
                        {
                            var row = trainingRows[fold.Test[i]];
                            scores[i] = compiled.Score(data.Row(row));
                            labels[i] = data.Labels[row];
                            outOfFold[fold.Test[i]] = scores[i];
                        }

                        foldAuc[f] = BinaryMetrics.Auc(scores, labels);
                    }

                    var finite = foldAuc.Where(double.IsFinite).ToArray();
                    var result = new JudgeGridResult(h, foldAuc, finite.Length > 0 ? finite.Average() : double.NaN);
                    grid.Add(result);
                    if (best is null || result.MeanAuc > best.MeanAuc)
                    {
                        best = result;
                        bestOutOfFold = outOfFold;
                    }
                }
            }
        }

        System.Diagnostics.Debug.Assert(best is not null && bestOutOfFold is not null, "Invariant: the grid has at least one point.");
        var trainingLabels = trainingRows.Select(r => data.Labels[r]).ToArray();
        var platt = PlattScaling.Fit(bestOutOfFold, trainingLabels);
        var curve = ThresholdCurve(data, trainingRows, bestOutOfFold, platt, options.Thresholds);
        var threshold = curve.OrderByDescending(c => c.MeanNetReturn).ThenByDescending(c => c.Threshold).First().Threshold;
        var report = new JudgeCvReport(
            options.Folds,
            PurgedKFold.EmbargoFromFraction(trainingRows.Length, options.EmbargoFraction),
            [.. folds.Select(f => new JudgeFoldSummary(f.Train.Length, f.Test.Length, f.Purged.Length, f.Embargoed.Length))],
            [.. grid],
            best.Hyperparameters,
            BinaryMetrics.Auc(bestOutOfFold, trainingLabels),
            platt,
            curve,
            threshold);
        var final = MlNetJudge.Fit(ml, MlNetJudge.View(ml, data, trainingRows), best.Hyperparameters, options);
        return new JudgeModel(ml, final, data.Schema, fractionalDifference, report, options.Seed);
    }

    /// <summary>The purged folds over the training rows; indices in each <see cref="Fold"/> are positions in
    /// <paramref name="trainingRows"/>.</summary>
    /// <param name="data">The data set.</param>
    /// <param name="trainingRows">Training row indices, ascending.</param>
    /// <param name="options">Folds and embargo.</param>
    /// <returns>k folds.</returns>
    public static IReadOnlyList<Fold> Folds(JudgeDataset data, int[] trainingRows, JudgeTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(trainingRows);
        ArgumentNullException.ThrowIfNull(options);
        var spans = trainingRows.Select(r => data.Spans[r]).ToArray();
        var splitter = new PurgedKFold(options.Folds, PurgedKFold.EmbargoFromFraction(trainingRows.Length, options.EmbargoFraction));
        return splitter.Split(spans);
    }

    private static JudgeThresholdResult[] ThresholdCurve(JudgeDataset data, int[] trainingRows, double[] outOfFold, PlattScaling platt, double[] thresholds)
    {
        var p = outOfFold.Select(platt.Probability).ToArray();
        var totalWeight = trainingRows.Sum(r => data.Weights[r]);
        var curve = new JudgeThresholdResult[thresholds.Length];
        for (var k = 0; k < thresholds.Length; k++)
        {
            double taken = 0, net = 0;
            for (var i = 0; i < trainingRows.Length; i++)
            {
                if (p[i] >= thresholds[k])
                {
                    var r = trainingRows[i];
                    taken += data.Weights[r];
                    net += data.Weights[r] * data.NetReturns[r];
                }
            }

            curve[k] = new JudgeThresholdResult(thresholds[k], taken / totalWeight, net / totalWeight);
        }

        return curve;
    }

    private static int[] Map(int[] trainingRows, int[] positions) => [.. positions.Select(i => trainingRows[i])];

    private static void CheckRows(JudgeDataset data, int[] rows, int folds)
    {
        if (rows.Length < 2 * folds)
        {
            throw new ArgumentException($"{rows.Length} training rows are too few for {folds} folds (at least {2 * folds}).", nameof(rows));
        }

        var positives = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)data.Rows || (i > 0 && rows[i] <= rows[i - 1]))
            {
                throw new ArgumentException($"trainingRows[{i}] = {rows[i]} is out of [0, {data.Rows}) or not ascending.", nameof(rows));
            }

            positives += data.Labels[rows[i]];
        }

        if (positives == 0 || positives == rows.Length)
        {
            throw new ArgumentException($"the training rows have {positives} positives of {rows.Length}; both classes are needed.", nameof(rows));
        }
    }
}
