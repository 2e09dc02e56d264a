using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Trading.Portfolio;

/// <summary>Options of a <see cref="PortfolioBook"/>.</summary>
public sealed record PortfolioBookOptions
{
    /// <summary>Starting cash, quote currency. Default 1,000,000.</summary>
    public decimal InitialCash { get; init; } = 1_000_000m;

    /// <summary>Fractional-Kelly sizing with per-symbol caps. Default: quarter Kelly, at most 10% of equity and
    /// 100,000 notional per symbol, shorts allowed.</summary>
    public KellySizingOptions Sizing { get; init; } = new(0.25, 0.10, 100_000m, allowShort: true);

    /// <summary>The risk engine's limits (per order and per account). Default: <see cref="RiskLimits"/>'s defaults.</summary>
    public RiskLimits Risk { get; init; } = new();

    /// <summary>The per-order part of <see cref="Risk"/> (<see cref="RiskLimits.Order"/>): setting it replaces that part,
    /// so set it after <see cref="Risk"/> in an initializer. Default: 5,000 units, 250,000 notional per order, 50 bps
    /// collar.</summary>
    public PreTradeLimits Limits
    {
        get => Risk.Order;
        init => Risk = Risk with { Order = value };
    }

    /// <summary>The sizing method of signals: null (the default) sizes by fractional Kelly with <see cref="Sizing"/>;
    /// a <see cref="PolicySizing"/> sizes by the policy's serving position times the per-symbol risk budget
    /// (<see cref="PolicySizer"/>, with <see cref="Sizing"/>'s caps). The rebalance threshold, per-order clipping and
    /// risk checks are the same for both.</summary>
    public PolicySizing? Policy { get; init; }

    /// <summary>Smallest position change worth an order, as a fraction of the per-symbol notional cap. Default 0.25.</summary>
    public double MinimumRebalanceFraction { get; init; } = 0.25;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (InitialCash <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialCash), InitialCash, "Initial cash must be positive.");
        }

        if (!(MinimumRebalanceFraction >= 0 && MinimumRebalanceFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumRebalanceFraction), MinimumRebalanceFraction, "Must be in [0, 1].");
        }
    }
}
