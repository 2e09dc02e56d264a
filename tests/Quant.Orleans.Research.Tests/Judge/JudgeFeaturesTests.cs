using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

public sealed class JudgeFeaturesTests
{
    [Fact]
    public void ChangingDataAfterACandidateLeavesItsFeaturesUnchanged()
    {
        var (market, candidates) = SyntheticJudgeMarket.Create(days: 1, seed: 3, stepsPerDay: 3000);
        var fit = FractionalDifferenceFit.Fit(market.Mid.Take(2000).Select(m => Math.Log(m)).ToArray(), step: 0.1, maxWidth: 200);
        var features = new JudgeFeatures(new JudgeFeatureOptions { RegimeCount = 2, IncludeQuantiles = true }, fit);
        var before = features.Compute(market, candidates);
        var d = features.Schema.Width;
        var random = new Random(11);
        foreach (var k in new[] { 5, candidates.Count / 2, candidates.Count - 2 })
        {
            var t = candidates[k].Index;
            var changed = market with
            {
                Mid = [.. market.Mid.Select((m, i) => i > t ? m * (1 + (0.05 * random.NextDouble())) : m)],
                HalfSpread = [.. market.HalfSpread.Select((h, i) => i > t ? h * 3 : h)],
                BidSize = [.. market.BidSize.Select((b, i) => i > t ? b + 1000 : b)],
                AskSize = [.. market.AskSize.Select((a, i) => i > t ? 1.0 : a)],
                TradeFlowImbalance = [.. market.TradeFlowImbalance.Select((f, i) => i > t ? -f : f)],
                RegimeProbabilities = [.. market.RegimeProbabilities.Select((p, i) => i / 2 > t ? 1 - p : p)],
            };
            var after = features.Compute(changed, candidates);
            for (var j = 0; j <= k; j++)
            {
                Assert.Equal(before.AsSpan(j * d, d).ToArray(), after.AsSpan(j * d, d).ToArray());
            }

            // The change is visible to the next candidate: the test would catch a feature that ignored the data.
            Assert.NotEqual(before.AsSpan((k + 1) * d, d).ToArray(), after.AsSpan((k + 1) * d, d).ToArray());
        }
    }

    [Fact]
    public void ColumnsHaveTheDocumentedValuesAndUnits()
    {
        var (market, candidates) = SyntheticJudgeMarket.Create(days: 1, seed: 4, stepsPerDay: 1200);
        var fit = new FractionalDifferenceFit(Order: 1.0, Threshold: 1e-4, MaxWidth: 10, PassedAdf: true, AdfStatistic: -10);
        var features = new JudgeFeatures(new JudgeFeatureOptions { RegimeCount = 2, IncludeQuantiles = true }, fit);
        Assert.Equal(
            ["side", "confidence", "quantile_spread", "quantile_position", "realised_volatility", "relative_spread", "size_imbalance", "trade_flow_imbalance", "time_of_day", "regime_0", "regime_1", "frac_diff_log_mid"],
            features.Schema.Columns);
        var c = candidates[3];
        var t = c.Index;
        var row = features.Compute(market, [c]);
        Assert.Equal(c.Side, row[0]);
        Assert.Equal((float)(Math.Abs(c.Mu) / c.Sigma), row[1]);
        Assert.Equal((float)(c.QuantileHigh - c.QuantileLow), row[2]);
        Assert.Equal((float)(2 * market.HalfSpread[t]), row[5]);
        Assert.Equal((float)((market.BidSize[t] - market.AskSize[t]) / (market.BidSize[t] + market.AskSize[t])), row[6]);
        Assert.Equal((float)market.TradeFlowImbalance[t], row[7]);
        Assert.Equal(t + 1, row[8]); // step i ends (i + 1) s after 09:30 New York (13:30 UTC in October 2013, EDT)
        Assert.Equal((float)market.RegimeProbabilities[(2 * t) + 1], row[10]);
        Assert.Equal((float)(Math.Log(market.Mid[t]) - Math.Log(market.Mid[t - 1])), row[11], 1e-6f); // d = 1: a log return
    }

    [Fact]
    public void TheFractionalOrderIsTheSmallestThatPassesAdfOnTheTrainingData()
    {
        var (market, _) = SyntheticJudgeMarket.Create(days: 1, seed: 5, stepsPerDay: 4000);
        var logMid = market.Mid.Select(m => Math.Log(m)).ToArray();
        var fit = FractionalDifferenceFit.Fit(logMid, step: 0.1, maxWidth: 200);
        Assert.True(fit.PassedAdf);
        Assert.InRange(fit.Order, 0.0, 1.0);
        var search = Numerics.Stationarity.MinimumFractionalDifference.Search(logMid, 0.1, 1e-4, 200);
        Assert.Equal(search.MinimumOrder, fit.Order);
    }

    [Fact]
    public void MissingQuantilesOrAnotherRegimeCountAreRefused()
    {
        var (market, candidates) = SyntheticJudgeMarket.Create(days: 1, seed: 6, stepsPerDay: 600);
        var fit = new FractionalDifferenceFit(0.5, 1e-4, 50, true, -5);
        var withQuantiles = new JudgeFeatures(new JudgeFeatureOptions { RegimeCount = 2, IncludeQuantiles = true }, fit);
        Assert.Throws<ArgumentException>(() => withQuantiles.Compute(market, [new JudgeCandidate(10, 0.001, 0.001)]));
        var threeRegimes = new JudgeFeatures(new JudgeFeatureOptions { RegimeCount = 3 }, fit);
        Assert.Throws<ArgumentException>(() => threeRegimes.Compute(market, candidates));
    }
}
