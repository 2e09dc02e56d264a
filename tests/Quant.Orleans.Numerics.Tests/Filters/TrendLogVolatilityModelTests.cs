using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class TrendLogVolatilityModelTests
{
    // Regime switch: σ = 1e-4 per √s for 3,000 s, then 4e-4 (ln σ² from −18.42 to −15.65, 2.77 nats apart); Δt = 1 s.
    private const int Steps = 6_000;
    private const int Switch = 3_000;
    private const double CalmSigma = 1e-4;
    private const double StormSigma = 4e-4;

    [Fact]
    public void RegimeSwitch_FilteredLogVarianceTracksTheTruth()
    {
        // Tolerance: with q_h = 2e-3 nats²/s and Var ξ = π²/2 the steady-state gain on h is about √(q_h/Var ξ) ≈ 0.02, an
        // average over ~50 pseudo-observations, so the error std of h is about √(0.02·π²/4) ≈ 0.22 nats; averaged over
        // each regime's last 2,000 s the mean error is a few hundredths. 0.25 nats (≈ 13 % in σ) on the mean and 0.8 nats
        // on the worst point (≈ 3.5 error stds) leave margin while failing a filter that does not react (2.77 nats).
        const double meanTolerance = 0.25;
        const double worstTolerance = 0.8;
        var (truth, filtered) = Run(seedAfterCut: 3, cut: Steps);
        foreach (var (from, to) in new[] { (1_000, Switch), (Switch + 1_000, Steps) })
        {
            var sum = 0.0;
            var worst = 0.0;
            for (var t = from; t < to; t++)
            {
                var e = filtered[t].LogVariance - truth[t];
                sum += e;
                worst = Math.Max(worst, Math.Abs(e));
            }

            var mean = sum / (to - from);
            Assert.True(Math.Abs(mean) < meanTolerance, $"mean error of h over [{from}, {to}) = {mean:F3} nats");
            Assert.True(worst < worstTolerance, $"worst error of h over [{from}, {to}) = {worst:F3} nats");
        }

        // It moved: within 500 s of the switch the estimate is closer to the new regime than to the old one.
        var mid = 0.5 * (Math.Log(CalmSigma * CalmSigma) + Math.Log(StormSigma * StormSigma));
        Assert.True(filtered[Switch + 500].LogVariance > mid, $"h = {filtered[Switch + 500].LogVariance:F2} 500 s after the switch");
    }

    [Fact]
    public void Causality_ChangingInputsAfterT_LeavesOutputsUpToTBitForBit()
    {
        const int cut = 2_345;
        var (_, a) = Run(seedAfterCut: 1, cut);
        var (_, b) = Run(seedAfterCut: 2, cut);
        for (var t = 0; t <= cut; t++)
        {
            Assert.Equal(a[t], b[t]);
        }

        Assert.NotEqual(a[Steps - 1], b[Steps - 1]);
    }

    [Fact]
    public void PseudoObservation_IsUnbiasedForTheLogVariance()
    {
        // E[u] = ln σ² for Δy ~ N(0, σ²Δt): the sample mean of 200,000 draws has std √(π²/2 / 2e5) ≈ 0.005 nats; 0.02 is 4σ.
        var rng = new DeterministicRandom(9);
        const double sigma = 3e-4;
        const double dt = 2.5;
        var sum = 0.0;
        const int count = 200_000;
        for (var i = 0; i < count; i++)
        {
            sum += TrendLogVolatilityModel.PseudoObservation(sigma * Math.Sqrt(dt) * rng.NextGaussian(), dt, 0.0);
        }

        Assert.Equal(Math.Log(sigma * sigma), sum / count, 0.02);
        Assert.Throws<ArgumentOutOfRangeException>("deltaSeconds", () => TrendLogVolatilityModel.PseudoObservation(1.0, 0.0, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>("offset", () => TrendLogVolatilityModel.PseudoObservation(1.0, 1.0, -1.0));
        Assert.Throws<ArgumentOutOfRangeException>("logVarianceReversionRate", () => new TrendLogVolatilityModel(0, 0, 1, 0, -1, 0));
    }

    private static (double[] Truth, (double Level, double Slope, double LogVariance, double P22)[] Filtered) Run(ulong seedAfterCut, int cut)
    {
        var model = new TrendLogVolatilityModel(1e-8, 1e-16, 1e-12, logVarianceMean: -17.0, logVarianceReversionRate: 1e-4, logVarianceNoiseDensity: 2e-3);
        var ukf = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(3), [0.0, 0.0, -17.0], [1e-8, 0, 0, 0, 1e-12, 0, 0, 0, 4.0]);
        var rngBefore = new DeterministicRandom(41);
        var rngAfter = new DeterministicRandom(seedAfterCut);
        var truth = new double[Steps];
        var outputs = new (double, double, double, double)[Steps];
        var y = 0.0;
        var z = new double[2];
        for (var t = 0; t < Steps; t++)
        {
            var rng = t <= cut ? rngBefore : rngAfter;
            var sigma = t < Switch ? CalmSigma : StormSigma;
            truth[t] = Math.Log(sigma * sigma);
            var change = sigma * rng.NextGaussian();
            y += change;
            z[0] = y;
            z[1] = TrendLogVolatilityModel.PseudoObservation(change, 1.0, 0.0);
            ukf.Step(1.0, z);
            outputs[t] = (ukf.State[0], ukf.State[1], ukf.State[2], ukf.Covariance[8]);
        }

        Assert.Equal(0, ukf.JitterCount);
        return (truth, outputs);
    }
}
