using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// Turns a policy's serving position into a target position: the per-symbol risk budget
/// B = min(MaxFractionOfEquity × equity, MaxNotional) in quote currency (USD), target notional p × B, target position
/// <c>trunc(p × B / price)</c> whole units (rounded toward zero), so |target| × price ≤ B — the same two caps as
/// <see cref="KellySizer"/>, with p in place of the capped Kelly fraction. A negative p is clamped to 0 when shorts are
/// not allowed. Stateless and thread-safe.
/// </summary>
public static class PolicySizer
{
    /// <summary>The target position for serving position <paramref name="position"/> (see the type).</summary>
    /// <param name="position">p ∈ [−1, 1].</param>
    /// <param name="caps">The per-symbol caps (<see cref="KellySizingOptions.MaxFractionOfEquity"/>,
    /// <see cref="KellySizingOptions.MaxNotional"/>, <see cref="KellySizingOptions.AllowShort"/>); the Kelly fraction is
    /// not used.</param>
    /// <param name="equity">Account equity, quote currency; zero or negative gives a flat target.</param>
    /// <param name="price">Sizing price per unit (the NBBO mid), quote currency, &gt; 0.</param>
    /// <returns>The signed target position, whole units.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is not in [−1, 1] (or NaN), or
    /// <paramref name="price"/> is not positive.</exception>
    public static Quantity TargetPosition(double position, KellySizingOptions caps, decimal equity, decimal price)
    {
        ArgumentNullException.ThrowIfNull(caps);
        if (!(position >= -1.0 && position <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "Policy position must be in [-1, 1].");
        }

        if (price <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "Price must be positive.");
        }

        if (equity <= 0m)
        {
            return Quantity.Zero;
        }

        var p = position < 0 && !caps.AllowShort ? 0.0 : position;
        var budget = Math.Min((decimal)caps.MaxFractionOfEquity * equity, caps.MaxNotional);
        return Quantity.FromUnits((long)decimal.Truncate((decimal)p * budget / price));
    }
}
