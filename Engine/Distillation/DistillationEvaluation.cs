using Quant.Orleans.Research.Evaluation;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>One forecaster's out-of-sample forecasts on the evaluation samples of a test day.</summary>
/// <param name="Name">Forecaster: <c>student</c>, <c>teacher</c>, <c>ridge</c> or <c>zero</c>.</param>
/// <param name="Point">Point forecasts of the golden log return, shape (n, H).</param>
/// <param name="Quantiles">Quantile forecasts, shape (n, H, Q); null for a point forecaster (its point is used for
/// every quantile, which makes its WQL a scaled absolute error).</param>
/// <param name="Positions">Positions in [−1, 1] held over the trading horizon, shape (n).</param>
/// <param name="PositionRule">How the positions were made, e.g. <c>position head</c> or <c>sign of the 60 s forecast</c>.</param>
public sealed record ForecastSet(string Name, double[] Point, double[]? Quantiles, double[] Positions, string PositionRule);

/// <summary>A forecaster's scores at one horizon, each with its bootstrap interval.</summary>
/// <param name="HorizonSeconds">The horizon.</param>
/// <param name="WeightedQuantileLoss">WQL against the golden return.</param>
/// <param name="Mase">MASE of the point forecast (scale: the zero forecast's MAE on the training samples).</param>
/// <param name="HitRate">Directional hit rate of the point forecast.</param>
public sealed record HorizonScores(double HorizonSeconds, IntervalEstimate WeightedQuantileLoss, IntervalEstimate Mase, IntervalEstimate HitRate);

/// <summary>A forecaster's scores on a test day.</summary>
/// <param name="Name">Forecaster.</param>
/// <param name="Horizons">Scores per horizon.</param>
/// <param name="Sortino">Per-period after-cost Sortino of its positions (not annualised), with its interval.</param>
/// <param name="PositionRule">How its positions were made.</param>
/// <param name="MeanAbsolutePosition">Mean |position|, how much it trades at all.</param>
public sealed record ForecasterScores(string Name, IReadOnlyList<HorizonScores> Horizons, IntervalEstimate Sortino, string PositionRule, double MeanAbsolutePosition);

/// <summary>The walk-forward fold of one test day.</summary>
/// <param name="TestDay">The test day (never trained on).</param>
/// <param name="TrainingDays">The days trained on, all before the test day.</param>
/// <param name="TrainingSamples">Training samples (before the validation split).</param>
/// <param name="EvaluationSamples">Evaluation samples on the test day (one per evaluation stride per symbol).</param>
/// <param name="Forecasters">Scores of every forecaster.</param>
public sealed record FoldEvaluation(DateOnly TestDay, DateOnly[] TrainingDays, int TrainingSamples, int EvaluationSamples, IReadOnlyList<ForecasterScores> Forecasters);

/// <summary>
/// Scores forecasts of a test day against the golden targets and the positions against realised after-cost returns:
/// weighted quantile loss, MASE and directional hit rate per horizon, per-period Sortino of the positions, each with a
/// moving-block bootstrap interval (<see cref="BlockBootstrap"/>, blocks as long as the longest horizon's overlap).
/// </summary>
public static class DistillationEvaluation
{
    /// <summary>Scores every forecaster on the evaluation samples.</summary>
    /// <param name="testDay">The test day.</param>
    /// <param name="trainingDays">Days trained on.</param>
    /// <param name="trainingSamples">Training sample count.</param>
    /// <param name="samples">The sample set holding the evaluation samples.</param>
    /// <param name="evaluation">Evaluation sample indices (time order), n.</param>
    /// <param name="forecasts">Forecasts on those samples.</param>
    /// <param name="naiveScales">Per horizon: mean |golden return| over the training samples (MASE scale).</param>
    /// <param name="options">Horizons, fee, trading horizon, bootstrap settings.</param>
    /// <returns>The fold's scores.</returns>
    public static FoldEvaluation Score(
        DateOnly testDay,
        DateOnly[] trainingDays,
        int trainingSamples,
        DistillationSamples samples,
        int[] evaluation,
        IReadOnlyList<ForecastSet> forecasts,
        double[] naiveScales,
        DistillationOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(forecasts);
        var n = evaluation.Length;
        var h = options.Dataset.Horizons.Length;
        var q = options.Loss.Quantiles.Length;
        var levels = options.Loss.Quantiles.Select(v => (double)v).ToArray();
        var steps = options.HorizonSteps;
        var block = Math.Clamp((int)Math.Ceiling(steps.Max() / (double)options.EvaluationStride), 1, Math.Max(1, n));
        var actual = new double[h][];
        for (var k = 0; k < h; k++)
        {
            actual[k] = new double[n];
            for (var i = 0; i < n; i++)
            {
                actual[k][i] = samples.GoldenReturn(evaluation[i], k);
            }
        }

        var traded = new double[n];
        var halfSpreads = new double[n];
        for (var i = 0; i < n; i++)
        {
            traded[i] = samples.MidReturn(evaluation[i], options.TradingHorizon);
            halfSpreads[i] = samples.HalfSpread(evaluation[i]);
        }

        var results = new List<ForecasterScores>();
        foreach (var f in forecasts)
        {
            if (f.Point.Length != n * h || f.Positions.Length != n || (f.Quantiles is not null && f.Quantiles.Length != n * h * q))
            {
                throw new ArgumentException($"Forecaster {f.Name}: {f.Point.Length} points, {f.Positions.Length} positions, {f.Quantiles?.Length} quantiles for {n} samples × {h} horizons × {q} quantiles.", nameof(forecasts));
            }

            var perHorizon = new List<HorizonScores>();
            for (var k = 0; k < h; k++)
            {
                var point = new double[n];
                var quant = new double[n * q];
                for (var i = 0; i < n; i++)
                {
                    point[i] = f.Point[(i * h) + k];
                    for (var j = 0; j < q; j++)
                    {
                        quant[(i * q) + j] = f.Quantiles is null ? point[i] : f.Quantiles[(((i * h) + k) * q) + j];
                    }
                }

                var y = actual[k];
                var scale = naiveScales[k];
                var seed = options.Seed + (ulong)(k * 101);
                perHorizon.Add(new HorizonScores(
                    options.Dataset.Horizons[k].TotalSeconds,
                    BlockBootstrap.Interval(n, rows => ForecastScores.WeightedQuantileLoss(quant, y, levels, rows), block, options.BootstrapResamples, options.Confidence, seed),
                    BlockBootstrap.Interval(n, rows => ForecastScores.Mase(point, y, scale, rows), block, options.BootstrapResamples, options.Confidence, seed + 1),
                    BlockBootstrap.Interval(n, rows => ForecastScores.HitRate(point, y, rows), block, options.BootstrapResamples, options.Confidence, seed + 2)));
            }

            var strategy = StrategyReturnsPerSymbol(samples, evaluation, f.Positions, traded, halfSpreads, options.Dataset.FeeRate);
            var sortino = BlockBootstrap.Interval(n, rows => ForecastScores.Sortino(strategy, rows), block, options.BootstrapResamples, options.Confidence, options.Seed + 7);
            results.Add(new ForecasterScores(f.Name, perHorizon, sortino, f.PositionRule, n == 0 ? 0 : f.Positions.Average(Math.Abs)));
        }

        return new FoldEvaluation(testDay, trainingDays, trainingSamples, n, results);
    }

    /// <summary>After-cost returns of each symbol's own sequence of positions (a position change is paid per symbol;
    /// rows of different symbols interleave in time order).</summary>
    private static double[] StrategyReturnsPerSymbol(DistillationSamples samples, int[] evaluation, double[] positions, double[] traded, double[] halfSpreads, double feeRate)
    {
        var result = new double[evaluation.Length];
        foreach (var group in Enumerable.Range(0, evaluation.Length).GroupBy(i => samples.DayOf(evaluation[i]).Symbol, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            var p = rows.Select(i => positions[i]).ToArray();
            var y = rows.Select(i => traded[i]).ToArray();
            var c = rows.Select(i => halfSpreads[i]).ToArray();
            var r = new double[rows.Length];
            ForecastScores.StrategyReturns(p, y, c, feeRate, r);
            for (var k = 0; k < rows.Length; k++)
            {
                result[rows[k]] = r[k];
            }
        }

        return result;
    }
}
