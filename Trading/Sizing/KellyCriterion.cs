namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// Full-Kelly growth-optimal fractions of equity (Kelly, J. L., 1956, "A New Interpretation of Information Rate",
/// Bell System Technical Journal 35(4); Thorp, E. O., 2006, "The Kelly Criterion in Blackjack, Sports Betting and the
/// Stock Market", Handbook of Asset and Liability Management, §2 for the binary bet and §7, eq. 7.3, for the
/// continuous approximation). Fractions are dimensionless; these are signal mathematics, so <see cref="double"/>.
/// </summary>
public static class KellyCriterion
{
    /// <summary>
    /// Binary bet: effectively computes <c>f* = p − (1 − p) / b</c> (Thorp 2006, eq. 2.3), where a win pays
    /// <paramref name="payoffRatio"/> times the stake and a loss costs the stake. Negative means the bet has negative
    /// edge (do not bet, or take the other side).
    /// </summary>
    /// <param name="winProbability">p, the probability of a win, in [0, 1].</param>
    /// <param name="payoffRatio">b, the net odds: amount won per unit staked, strictly positive and finite.</param>
    /// <returns>The full-Kelly fraction of equity to stake, in (−∞, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="winProbability"/> is outside [0, 1] or NaN, or
    /// <paramref name="payoffRatio"/> is not positive and finite.</exception>
    public static double BinaryFraction(double winProbability, double payoffRatio)
    {
        if (!(winProbability >= 0.0 && winProbability <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(winProbability), winProbability, "Win probability must be in [0, 1].");
        }

        if (!(payoffRatio > 0.0 && double.IsFinite(payoffRatio)))
        {
            throw new ArgumentOutOfRangeException(nameof(payoffRatio), payoffRatio, "Payoff ratio must be positive and finite.");
        }

        return winProbability - ((1.0 - winProbability) / payoffRatio);
    }

    /// <summary>
    /// Continuous (Gaussian) approximation: effectively computes <c>f* = μ / σ²</c> (Thorp 2006, eq. 7.3, with the
    /// risk-free rate folded into μ), for excess return μ and variance σ² of the same horizon (both per day, or both
    /// per year). Positive means long, negative short.
    /// </summary>
    /// <param name="expectedReturn">μ, expected (excess) simple return over the horizon, finite.</param>
    /// <param name="variance">σ², variance of the return over the same horizon, strictly positive and finite.</param>
    /// <returns>The full-Kelly leverage (fraction of equity; may exceed 1 in magnitude).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedReturn"/> is not finite, or
    /// <paramref name="variance"/> is not positive and finite.</exception>
    public static double GaussianFraction(double expectedReturn, double variance)
    {
        if (!double.IsFinite(expectedReturn))
        {
            throw new ArgumentOutOfRangeException(nameof(expectedReturn), expectedReturn, "Expected return must be finite.");
        }

        if (!(variance > 0.0 && double.IsFinite(variance)))
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "Variance must be positive and finite.");
        }

        return expectedReturn / variance;
    }
}
