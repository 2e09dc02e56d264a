using MathNet.Numerics.Distributions;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>The confidence of a forecast: the probability its predictive distribution puts on the forecast's side of
/// zero, in [0.5, 1] (the strategy profiles' threshold reads it).</summary>
public static class ForecastConfidence
{
    /// <summary>Φ⁻¹(0.9) = 1.2815515655446004: a Gaussian forecast's 0.1 and 0.9 quantiles are μ ∓ this · σ.</summary>
    public const double NormalQuantile90 = 1.2815515655446004;

    /// <summary>For a Gaussian forecast N(μ, σ²) of a log return: Φ(|μ|/σ) (MathNet's standard normal CDF).</summary>
    /// <param name="mu">Forecast mean, ln return.</param>
    /// <param name="sigma">Forecast standard deviation, ln return, &gt; 0.</param>
    /// <returns>Φ(|μ|/σ) in [0.5, 1]; NaN when σ is not positive and finite or μ is not finite.</returns>
    public static double Gaussian(double mu, double sigma) =>
        double.IsFinite(mu) && sigma > 0 && double.IsFinite(sigma) ? Normal.CDF(0, 1, Math.Abs(mu) / sigma) : double.NaN;
}
