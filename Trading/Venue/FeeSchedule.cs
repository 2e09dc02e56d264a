using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Venue;

/// <summary>
/// Venue fees for one order: <c>max(MinimumPerOrder, PerUnit × qty + Bps / 10⁴ × notional)</c>, rounded half away from
/// zero to <see cref="Decimals"/> decimal places. An order that fills in several parts pays, on each fill, the increase
/// of the order's total fee (<see cref="ComputeCumulative"/>), so the minimum applies once per order whatever the
/// number of fills; an order that does not fill pays nothing. Immutable; validated on construction.
/// </summary>
public sealed record FeeSchedule
{
    /// <summary>Creates a validated schedule.</summary>
    /// <param name="perUnit">Fee per unit (share) filled, quote currency, zero or positive.</param>
    /// <param name="bps">Fee in basis points of the filled notional, zero or positive.</param>
    /// <param name="minimumPerOrder">Minimum fee of an order that fills, quote currency, zero or positive.</param>
    /// <param name="decimals">Decimal places the fee is rounded to (2 = cents), 0..8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, or <paramref name="decimals"/> is outside 0..8.</exception>
    public FeeSchedule(decimal perUnit, decimal bps, decimal minimumPerOrder, int decimals = 2)
    {
        if (perUnit < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(perUnit), perUnit, "Fee per unit must be zero or positive.");
        }

        if (bps < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(bps), bps, "Fee in basis points must be zero or positive.");
        }

        if (minimumPerOrder < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumPerOrder), minimumPerOrder, "Minimum fee per order must be zero or positive.");
        }

        if (decimals is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "Fee rounding must be 0..8 decimal places.");
        }

        PerUnit = perUnit;
        Bps = bps;
        MinimumPerOrder = minimumPerOrder;
        Decimals = decimals;
    }

    /// <summary>No fees.</summary>
    public static FeeSchedule Free { get; } = new(0m, 0m, 0m);

    /// <summary>Fee per unit filled, quote currency.</summary>
    public decimal PerUnit { get; }

    /// <summary>Fee in basis points of the filled notional.</summary>
    public decimal Bps { get; }

    /// <summary>Minimum fee of an order that fills, quote currency.</summary>
    public decimal MinimumPerOrder { get; }

    /// <summary>Decimal places the fee is rounded to.</summary>
    public int Decimals { get; }

    /// <summary>The fee for filling <paramref name="quantity"/> at <paramref name="price"/>, quote currency.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> or <paramref name="price"/> is not positive.</exception>
    public decimal Compute(Quantity quantity, Price price)
    {
        if (!quantity.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Filled quantity must be positive.");
        }

        if (!price.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "Fill price must be positive.");
        }

        var raw = (PerUnit * quantity.ToDecimal()) + (Bps * Money.Notional(price, quantity) / 10_000m);
        return Math.Round(Math.Max(MinimumPerOrder, raw), Decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>The total fee of an order that has filled <paramref name="cumQty"/> units for a total notional of
    /// <paramref name="cumNotional"/>: <c>max(MinimumPerOrder, PerUnit × cumQty + Bps / 10⁴ × cumNotional)</c>, rounded;
    /// zero when nothing filled. A fill pays <c>total(after) − total(before)</c>, never negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cumQty"/> or <paramref name="cumNotional"/> is negative.</exception>
    public decimal ComputeCumulative(Quantity cumQty, decimal cumNotional)
    {
        if (cumQty.Raw < 0 || cumNotional < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(cumQty), cumQty, "Cumulative quantity and notional must be zero or positive.");
        }

        if (cumQty.Raw == 0)
        {
            return 0m;
        }

        var raw = (PerUnit * cumQty.ToDecimal()) + (Bps * cumNotional / 10_000m);
        return Math.Round(Math.Max(MinimumPerOrder, raw), Decimals, MidpointRounding.AwayFromZero);
    }
}
