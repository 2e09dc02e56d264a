using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// Fractional-Kelly position sizing for one symbol: target fraction
/// <c>f = clamp(KellyFraction × f*, −MaxFractionOfEquity, +MaxFractionOfEquity)</c> (clamped at 0 below when shorts
/// are not allowed), target position <c>trunc(f × equity / price)</c> whole units (rounded toward zero), then capped so
/// that <c>|position| × price ≤ MaxNotional</c>. See <see cref="KellyCriterion"/> for the full-Kelly formulas and sources.
/// Stateless and thread-safe.
/// </summary>
public sealed class KellySizer
{
    /// <summary>Creates a sizer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public KellySizer(KellySizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The sizing settings.</summary>
    public KellySizingOptions Options { get; }

    /// <summary>Scales and caps a full-Kelly fraction: the target fraction of equity, dimensionless.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fullKellyFraction"/> is NaN.</exception>
    public double TargetFraction(double fullKellyFraction)
    {
        if (double.IsNaN(fullKellyFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fullKellyFraction), fullKellyFraction, "Kelly fraction must not be NaN.");
        }

        var max = Options.MaxFractionOfEquity;
        var min = Options.AllowShort ? -max : 0.0;
        return Math.Clamp(Options.KellyFraction * fullKellyFraction, min, max);
    }

    /// <summary>
    /// Converts a target fraction of equity into a signed position in whole units, rounded toward zero and capped by
    /// <see cref="KellySizingOptions.MaxNotional"/>. Zero when <paramref name="equity"/> is zero or negative.
    /// </summary>
    /// <param name="fraction">Target fraction of equity (from <see cref="TargetFraction"/>), finite.</param>
    /// <param name="equity">Account equity, quote currency.</param>
    /// <param name="price">Price per unit used for sizing (usually the NBBO mid), quote currency, strictly positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not finite or beyond
    /// ±<see cref="KellySizingOptions.MaxFractionOfEquity"/>, or <paramref name="price"/> is not positive.</exception>
    public Quantity TargetPosition(double fraction, decimal equity, decimal price)
    {
        if (!double.IsFinite(fraction) || Math.Abs(fraction) > Options.MaxFractionOfEquity)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"Fraction must be finite and within ±{Options.MaxFractionOfEquity}.");
        }

        if (price <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "Price must be positive.");
        }

        if (equity <= 0m)
        {
            return Quantity.Zero;
        }

        var units = decimal.Truncate((decimal)fraction * equity / price);
        var maxUnits = decimal.Truncate(Options.MaxNotional / price);
        units = Math.Clamp(units, -maxUnits, maxUnits);
        return Quantity.FromUnits((long)units);
    }

    /// <summary>The change from <paramref name="current"/> to <paramref name="target"/>.</summary>
    /// <exception cref="OverflowException">The difference is out of the range of <see cref="Quantity"/>.</exception>
    public static PositionChange Change(Quantity target, Quantity current) => new(target, current, target - current);

    /// <summary>Sizes a binary-bet signal: <see cref="KellyCriterion.BinaryFraction"/>, scaled, capped, in whole units.</summary>
    /// <param name="winProbability">p, in [0, 1].</param>
    /// <param name="payoffRatio">b, amount won per unit staked, positive.</param>
    /// <param name="equity">Account equity, quote currency.</param>
    /// <param name="price">Sizing price per unit, quote currency, positive.</param>
    /// <param name="current">Current signed position, units.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (see the called methods).</exception>
    public PositionChange SizeBinary(double winProbability, double payoffRatio, decimal equity, decimal price, Quantity current)
        => Change(TargetPosition(TargetFraction(KellyCriterion.BinaryFraction(winProbability, payoffRatio)), equity, price), current);

    /// <summary>Sizes a Gaussian signal: <see cref="KellyCriterion.GaussianFraction"/>, scaled, capped, in whole units.</summary>
    /// <param name="expectedReturn">μ over the horizon, finite.</param>
    /// <param name="variance">σ² over the same horizon, positive.</param>
    /// <param name="equity">Account equity, quote currency.</param>
    /// <param name="price">Sizing price per unit, quote currency, positive.</param>
    /// <param name="current">Current signed position, units.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (see the called methods).</exception>
    public PositionChange SizeGaussian(double expectedReturn, double variance, decimal equity, decimal price, Quantity current)
        => Change(TargetPosition(TargetFraction(KellyCriterion.GaussianFraction(expectedReturn, variance)), equity, price), current);

    /// <summary>
    /// Sizes by volatility targeting (<see cref="VolatilityTarget"/>): fraction <c>sign(direction) × σ_target / σ_forecast</c>
    /// of equity, clamped to ±<see cref="KellySizingOptions.MaxFractionOfEquity"/> (0 below when shorts are not allowed),
    /// then whole units capped by <see cref="KellySizingOptions.MaxNotional"/>. The Kelly fraction is not applied: the
    /// target volatility already sets the risk. A zero direction targets a flat position.
    /// </summary>
    /// <param name="direction">The signal; only its sign is used (finite).</param>
    /// <param name="targetVolatility">σ_target, positive.</param>
    /// <param name="forecastVolatility">σ_forecast, positive, same horizon and unit as the target.</param>
    /// <param name="equity">Account equity, quote currency.</param>
    /// <param name="price">Sizing price per unit, quote currency, positive.</param>
    /// <param name="current">Current signed position, units.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public PositionChange SizeVolatilityTarget(double direction, double targetVolatility, double forecastVolatility, decimal equity, decimal price, Quantity current)
    {
        if (!double.IsFinite(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Direction must be finite.");
        }

        var max = Options.MaxFractionOfEquity;
        var fraction = Math.Sign(direction) * VolatilityTarget.Fraction(targetVolatility, forecastVolatility, max);
        if (fraction < 0 && !Options.AllowShort)
        {
            fraction = 0;
        }

        return Change(TargetPosition(fraction, equity, price), current);
    }
}
