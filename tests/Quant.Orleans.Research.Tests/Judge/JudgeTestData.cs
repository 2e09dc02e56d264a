using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>The labelled synthetic data set of the judge's tests: features, meta-labels and weights over a market, the
/// fractional difference fitted on the first <c>trainFraction</c> of the steps.</summary>
internal sealed record JudgeTestData(JudgeMarketData Market, List<JudgeCandidate> Candidates, JudgeFeatures Features, JudgeDataset Dataset, int[] TrainingRows, int[] TestRows)
{
    internal static JudgeTestData Create(int days, int seed, double trainFraction = 0.75, int every = 30)
    {
        var (market, candidates) = SyntheticJudgeMarket.Create(days, seed, every);
        var trainingSteps = (int)(market.Length * trainFraction);
        var logMid = market.Mid.Take(trainingSteps).Select(m => Math.Log(m)).ToArray();
        var fit = FractionalDifferenceFit.Fit(logMid, step: 0.1, maxWidth: 200);
        var features = new JudgeFeatures(new JudgeFeatureOptions { RegimeCount = 2, IncludeQuantiles = true }, fit);
        var labels = JudgeLabeler.Label(market, candidates, new JudgeLabelOptions());
        var dataset = JudgeDataset.Create(features.Schema, features.Compute(market, candidates), labels, market.Length);

        // Training rows: labels that end before the training period ends (no label reads the test period).
        var train = Enumerable.Range(0, dataset.Rows).Where(r => dataset.Spans[r].End < trainingSteps).ToArray();
        var test = Enumerable.Range(0, dataset.Rows).Where(r => dataset.Spans[r].Start >= trainingSteps).ToArray();
        return new JudgeTestData(market, candidates, features, dataset, train, test);
    }

    internal static JudgeTrainingOptions SmallGrid => new()
    {
        TreeCounts = [20],
        LeafCounts = [7, 15],
        LearningRates = [0.2],
        Folds = 3,
        Seed = 7,
    };
}
