using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Research.Evaluation;
using Quant.Orleans.Silo.Training;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The <c>evaluate</c> step's translation of the distillation's walk-forward folds into registry metrics: the
/// values are copied, never recomputed, and an undefined score keeps no value.</summary>
public sealed class EvaluateStepTests
{
    private static readonly DateOnly Test = new(2013, 10, 8);

    [Fact]
    public void EachFoldGivesTheStudentsAndRidgesScoresWithTheirMethodsAndNothingOfTheOtherForecasters()
    {
        var fold = new FoldEvaluation(Test, [new DateOnly(2013, 10, 7)], 1200, 371,
        [
            Forecaster("student", wql: 0.25, sortino: 0.03),
            Forecaster("teacher", wql: 0.1, sortino: 0.2),
            Forecaster("ridge", wql: 0.5, sortino: double.NaN),
        ]);

        var metrics = EvaluateStep.Metrics([fold]).ToDictionary(m => m.Name);

        Assert.Equal(8, metrics.Count); // 2 forecasters × (3 scores at one horizon + Sortino)
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("teacher", StringComparison.Ordinal));
        var wql = metrics["student.wql.60s@2013-10-08"];
        Assert.Equal((0.25, "ok", 371, "loss"), (wql.Value!.Value, wql.Status, wql.Observations, wql.Unit));
        Assert.Contains("trained on 2013-10-07, tested on 2013-10-08", wql.Method, StringComparison.Ordinal);
        Assert.Contains("95% moving-block bootstrap interval [0.2, 0.3], block 12", wql.Method, StringComparison.Ordinal);
        Assert.Equal(0.03, metrics["student.sortino@2013-10-08"].Value);
        var undefined = metrics["ridge.sortino@2013-10-08"];
        Assert.Equal((null, "undefined"), (undefined.Value, undefined.Status));
    }

    [Fact]
    public void NoFoldGivesNoMetric() => Assert.Empty(EvaluateStep.Metrics([]));

    private static ForecasterScores Forecaster(string name, double wql, double sortino) => new(
        name,
        [new HorizonScores(60, Interval(wql), Interval(1.1), Interval(0.52))],
        Interval(sortino),
        "sign",
        0.4);

    private static IntervalEstimate Interval(double value) =>
        double.IsNaN(value) ? new IntervalEstimate(double.NaN, double.NaN, double.NaN, 371, 0.95, 12) : new IntervalEstimate(value, value - 0.05, value + 0.05, 371, 0.95, 12);
}
