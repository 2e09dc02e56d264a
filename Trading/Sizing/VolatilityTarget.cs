namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// Volatility targeting: hold the fraction of equity <c>w = σ_target / σ_forecast</c> (in the direction of the signal)
/// so that the position's forecast volatility equals the target, capped at a maximum leverage. Both volatilities are
/// over the same horizon and in the same unit (e.g. annualised standard deviation of returns). Sources: Moreira and
/// Muir (2017), "Volatility-Managed Portfolios", Journal of Finance 72(4); Harvey, Hoyle, Korgaonkar, Rattray, Sargaison
/// and Van Hemert (2018), "The Impact of Volatility Targeting", Journal of Portfolio Management 45(1).
/// </summary>
public static class VolatilityTarget
{
    /// <summary>The unsigned fraction of equity <c>min(σ_target / σ_forecast, maxLeverage)</c>, dimensionless.</summary>
    /// <param name="targetVolatility">σ_target, positive and finite.</param>
    /// <param name="forecastVolatility">σ_forecast of the asset, positive and finite.</param>
    /// <param name="maxLeverage">Largest fraction returned, positive and finite (e.g. 1 = no leverage).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not positive and finite.</exception>
    public static double Fraction(double targetVolatility, double forecastVolatility, double maxLeverage)
    {
        if (!(targetVolatility > 0) || !double.IsFinite(targetVolatility))
        {
            throw new ArgumentOutOfRangeException(nameof(targetVolatility), targetVolatility, "Target volatility must be positive and finite.");
        }

        if (!(forecastVolatility > 0) || !double.IsFinite(forecastVolatility))
        {
            throw new ArgumentOutOfRangeException(nameof(forecastVolatility), forecastVolatility, "Forecast volatility must be positive and finite.");
        }

        if (!(maxLeverage > 0) || !double.IsFinite(maxLeverage))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLeverage), maxLeverage, "Max leverage must be positive and finite.");
        }

        return Math.Min(targetVolatility / forecastVolatility, maxLeverage);
    }
}
