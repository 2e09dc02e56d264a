using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Risk;

/// <summary>
/// Limits for <see cref="PreTradeChecks"/> (the minimal subset of SEC Rule 15c3-5 controls). Immutable; validated on
/// construction, so an instance is always usable.
/// </summary>
public sealed record PreTradeLimits
{
    /// <summary>Creates validated limits.</summary>
    /// <param name="maxOrderQuantity">Largest quantity of one order, units; strictly positive.</param>
    /// <param name="maxOrderNotional">Largest notional of one order, quote currency; strictly positive.</param>
    /// <param name="priceCollarBps">Fat-finger collar in basis points (1 bp = 0.01 %) around the NBBO; zero or positive.
    /// A limit buy above <c>ask × (1 + bps/10⁴)</c> or a limit sell below <c>bid × (1 − bps/10⁴)</c> is rejected.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive, or the collar is negative or at least 10,000 bps.</exception>
    public PreTradeLimits(Quantity maxOrderQuantity, decimal maxOrderNotional, decimal priceCollarBps)
    {
        if (!maxOrderQuantity.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxOrderQuantity), maxOrderQuantity, "Max order quantity must be positive.");
        }

        if (maxOrderNotional <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(maxOrderNotional), maxOrderNotional, "Max order notional must be positive.");
        }

        if (priceCollarBps is < 0m or >= BasisPoints.PerUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(priceCollarBps), priceCollarBps, "Price collar must be in [0, 10000) basis points.");
        }

        MaxOrderQuantity = maxOrderQuantity;
        MaxOrderNotional = maxOrderNotional;
        PriceCollarBps = priceCollarBps;
    }

    /// <summary>Largest quantity of one order, units.</summary>
    public Quantity MaxOrderQuantity { get; }

    /// <summary>Largest notional of one order, quote currency.</summary>
    public decimal MaxOrderNotional { get; }

    /// <summary>Fat-finger collar around the NBBO, basis points.</summary>
    public decimal PriceCollarBps { get; }
}
