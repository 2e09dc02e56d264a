using MathNet.Numerics.Distributions;

namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// The probabilistic and deflated Sharpe ratios of Bailey &amp; López de Prado (2014), "The Deflated Sharpe Ratio:
/// Correcting for Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio Management 40(5).
/// All Sharpe ratios here are per period (not annualised); kurtosis is not excess (3 for a normal distribution).
/// </summary>
public static class DeflatedSharpe
{
    /// <summary>The Euler–Mascheroni constant γ of the expected-maximum approximation.</summary>
    public const double EulerMascheroni = 0.5772156649015329;

    /// <summary>
    /// Probabilistic Sharpe ratio (paper eq. 2 with SR* as benchmark): effectively computes
    /// <c>Φ((SR − SR*)·√(T−1) / √(1 − γ3·SR + (γ4−1)/4·SR²))</c>.
    /// </summary>
    /// <param name="sharpe">Observed per-period Sharpe ratio SR.</param>
    /// <param name="benchmark">Benchmark per-period Sharpe ratio SR*.</param>
    /// <param name="observations">T, the number of returns (≥ 2).</param>
    /// <param name="skewness">γ3 of the returns.</param>
    /// <param name="kurtosis">γ4 of the returns (not excess).</param>
    /// <returns>A probability in [0, 1]; NaN when the variance term is not positive.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="observations"/> &lt; 2.</exception>
    public static double Probabilistic(double sharpe, double benchmark, int observations, double skewness, double kurtosis)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observations, 2);
        var variance = 1 - (skewness * sharpe) + ((kurtosis - 1) / 4 * sharpe * sharpe);
        return variance > 0 ? Normal.CDF(0, 1, (sharpe - benchmark) * Math.Sqrt(observations - 1) / Math.Sqrt(variance)) : double.NaN;
    }

    /// <summary>
    /// Expected maximum Sharpe ratio of <paramref name="trials"/> independent trials under the null of zero skill
    /// (paper eq. 2's SR0): <c>√V · ((1−γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e)))</c>; 0 for N = 1.
    /// </summary>
    /// <param name="trials">N ≥ 1.</param>
    /// <param name="trialSharpeVariance">V[SR_n], the variance of the trials' per-period Sharpe ratios, ≥ 0.</param>
    /// <returns>SR0, per period.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> &lt; 1 or the variance is negative.</exception>
    public static double ExpectedMaximumSharpe(int trials, double trialSharpeVariance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(trialSharpeVariance);
        if (trials == 1)
        {
            return 0;
        }

        var g = EulerMascheroni;
        return Math.Sqrt(trialSharpeVariance) * (((1 - g) * Normal.InvCDF(0, 1, 1 - (1.0 / trials))) + (g * Normal.InvCDF(0, 1, 1 - (1.0 / (trials * Math.E)))));
    }

    /// <summary>Deflated Sharpe ratio: <see cref="Probabilistic"/> with benchmark <see cref="ExpectedMaximumSharpe"/>.</summary>
    /// <param name="sharpe">Observed per-period Sharpe ratio of the selected strategy.</param>
    /// <param name="observations">T, returns behind it (≥ 2).</param>
    /// <param name="skewness">γ3 of its returns.</param>
    /// <param name="kurtosis">γ4 of its returns (not excess).</param>
    /// <param name="trials">N, independent trials tried.</param>
    /// <param name="trialSharpeVariance">V[SR_n] across the trials, per period.</param>
    /// <returns>A probability in [0, 1] that the true Sharpe ratio is positive after selection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">As for the two methods it combines.</exception>
    public static double Deflated(double sharpe, int observations, double skewness, double kurtosis, int trials, double trialSharpeVariance) =>
        Probabilistic(sharpe, ExpectedMaximumSharpe(trials, trialSharpeVariance), observations, skewness, kurtosis);
}
