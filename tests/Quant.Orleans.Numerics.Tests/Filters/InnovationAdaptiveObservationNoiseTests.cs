using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;

namespace Quant.Orleans.Numerics.Tests.Filters;

public sealed class InnovationAdaptiveObservationNoiseTests
{
    [Fact]
    public void MisspecifiedR_ConvergesToTheTrueObservationNoise()
    {
        // Truth: local linear trend with r = 0.25; the filter starts with r = 0.01 (25× too small). With a = 0.995 the EWMA
        // averages ~200 innovations, so R̂ has a relative std of about √(2/200)·(S/R) ≈ 0.15; averaged over the last 10,000
        // steps its mean is within a few percent. 15 % on the mean, and the adapted filter's state RMSE below the fixed one.
        const double trueR = 0.25;
        var rng = new DeterministicRandom(13);
        var adaptive = new UnscentedKalmanFilter(new LocalLinearTrendModel(0.01, 1e-6, 0.01), new MerweScaledSigmaPoints(2), [0.0, 0.0], [1.0, 0.0, 0.0, 1e-2]);
        var fixedR = new UnscentedKalmanFilter(new LocalLinearTrendModel(0.01, 1e-6, 0.01), new MerweScaledSigmaPoints(2), [0.0, 0.0], [1.0, 0.0, 0.0, 1e-2]);
        var adapt = new InnovationAdaptiveObservationNoise(0.995, 1e-6);
        double level = 0.0, sumR = 0.0, seAdaptive = 0.0, seFixed = 0.0;
        var z = new double[1];
        const int steps = 20_000;
        for (var t = 0; t < steps; t++)
        {
            level += Math.Sqrt(0.01) * rng.NextGaussian();
            z[0] = level + (Math.Sqrt(trueR) * rng.NextGaussian());
            adaptive.Step(1.0, z);
            fixedR.Step(1.0, z);
            var r = adapt.Adapt(adaptive);
            if (t >= steps / 2)
            {
                sumR += r;
                seAdaptive += Math.Pow(adaptive.State[0] - level, 2);
                seFixed += Math.Pow(fixedR.State[0] - level, 2);
            }
        }

        var meanR = sumR / (steps / 2);
        Assert.True(Math.Abs(meanR - trueR) < 0.15 * trueR, $"mean adapted R = {meanR:F4}, truth {trueR}");
        Assert.True(seAdaptive < seFixed, $"adapted RMSE² {seAdaptive:E3} should be below the misspecified filter's {seFixed:E3}");
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("forgetting", () => new InnovationAdaptiveObservationNoise(1.0, 1e-6));
        Assert.Throws<ArgumentOutOfRangeException>("floor", () => new InnovationAdaptiveObservationNoise(0.9, 0.0));
    }
}
