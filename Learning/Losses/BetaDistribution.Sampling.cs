using Quant.Orleans.Core;

namespace Quant.Orleans.Learning.Losses;

public static partial class BetaDistribution
{
    /// <summary>
    /// One draw of Beta(α, β) as X / (X + Y) with X ~ Gamma(α, 1) and Y ~ Gamma(β, 1) drawn in that order from
    /// <paramref name="random"/> (<see cref="SampleGamma"/>). The same generator state gives the same draw on every
    /// machine. In [0, 1]; exactly 0 or 1 only through double underflow, which the log-density's clamp absorbs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">α or β is not positive and finite.</exception>
    public static double Sample(DeterministicRandom random, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckShape(alpha, nameof(alpha));
        CheckShape(beta, nameof(beta));
        var x = SampleGamma(random, alpha);
        var y = SampleGamma(random, beta);
        return x / (x + y);
    }

    /// <summary>
    /// One draw of Gamma(k, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables", ACM
    /// TOMS 26(3): for k ≥ 1, d = k − 1/3, c = 1/√(9d); repeat z ~ N(0, 1) (<see cref="DeterministicRandom.NextGaussian"/>),
    /// v = (1 + cz)³ until v &gt; 0 and ln U &lt; z²/2 + d − dv + d·ln v (U uniform in (0, 1)); return d·v. For k &lt; 1 it
    /// returns Gamma(k + 1)·U^(1/k) (their §6). About 1.03 normal draws per gamma for k ≥ 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shape"/> is not positive and finite.</exception>
    public static double SampleGamma(DeterministicRandom random, double shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckShape(shape, nameof(shape));
        if (shape < 1.0)
        {
            var g = SampleGamma(random, shape + 1.0);
            return g * Math.Pow(OpenUniform(random), 1.0 / shape);
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            var z = random.NextGaussian();
            var t = 1.0 + (c * z);
            if (t <= 0.0)
            {
                continue;
            }

            var v = t * t * t;
            var u = OpenUniform(random);
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double OpenUniform(DeterministicRandom random)
    {
        double u;
        do
        {
            u = random.NextDouble();
        }
        while (u <= 0.0);
        return u;
    }
}
