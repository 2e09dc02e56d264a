using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Risk;

/// <summary>
/// Limits of a <see cref="RiskEngine"/>: the per-order limits of <see cref="PreTradeChecks"/> plus the account-level
/// controls of SEC Rule 15c3-5 (17 CFR 240.15c3-5(c)(1): credit and capital thresholds, erroneous and duplicative
/// orders; (c)(2): restricted securities). Immutable; <see cref="Validate"/> runs when an engine is created.
/// </summary>
public sealed record RiskLimits
{
    /// <summary>The largest <see cref="MaxOrdersPerSecond"/> accepted (the engine keeps one timestamp per order).</summary>
    public const int MaxRateLimit = 1_000_000;

    /// <summary>Per-order limits: quantity, notional and the NBBO price collar. Default: 5,000 units, 250,000
    /// notional, 50 bps.</summary>
    public PreTradeLimits Order { get; init; } = new(Quantity.FromUnits(5_000), 250_000m, 50m);

    /// <summary>Largest |position + working orders on one side + the order| in one symbol, units. Default 20,000.</summary>
    public Quantity MaxPositionPerSymbol { get; init; } = Quantity.FromUnits(20_000);

    /// <summary>Largest gross exposure: Σ |position| × mark + Σ working order notional + the order's notional, quote
    /// currency. Orders that reduce the exposure are not held to it. Default 1,000,000.</summary>
    public decimal MaxGrossExposure { get; init; } = 1_000_000m;

    /// <summary>Smallest equity at which orders that add exposure are accepted, quote currency (a capital threshold;
    /// 0 disables it). Default 500,000.</summary>
    public decimal CapitalThreshold { get; init; } = 500_000m;

    /// <summary>Most orders accepted in any one second of order time (a sliding window); 0 disables the check.
    /// Default 100.</summary>
    public int MaxOrdersPerSecond { get; init; } = 100;

    /// <summary>Window in which an order identical to an accepted one (symbol, side, type, quantity, limit and stop
    /// prices) is rejected as a duplicate, milliseconds of order time; 0 disables the check. Default 500.</summary>
    public int DuplicateWindowMillis { get; init; } = 500;

    /// <summary>Symbols the account may not trade (restricted list). Default empty.</summary>
    public IReadOnlyList<Symbol> RestrictedSymbols { get; init; } = [];

    /// <summary>Checks the limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Order"/> or <see cref="RestrictedSymbols"/> is null.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Order);
        ArgumentNullException.ThrowIfNull(RestrictedSymbols);
        if (!MaxPositionPerSymbol.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPositionPerSymbol), MaxPositionPerSymbol, "Max position per symbol must be positive.");
        }

        if (MaxGrossExposure <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGrossExposure), MaxGrossExposure, "Max gross exposure must be positive.");
        }

        if (CapitalThreshold < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(CapitalThreshold), CapitalThreshold, "Capital threshold must be zero or positive.");
        }

        if (MaxOrdersPerSecond is < 0 or > MaxRateLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOrdersPerSecond), MaxOrdersPerSecond, $"Max orders per second must be in [0, {MaxRateLimit}].");
        }

        if (DuplicateWindowMillis < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateWindowMillis), DuplicateWindowMillis, "Duplicate window must be zero or positive milliseconds.");
        }
    }
}

/// <summary>What the <see cref="RiskEngine"/> needs to know about the account for one order's symbol.</summary>
/// <param name="Position">Signed position in the order's symbol, units.</param>
/// <param name="WorkingBuy">Leaves quantity of working buy orders in the symbol, units, zero or positive.</param>
/// <param name="WorkingSell">Leaves quantity of working sell orders in the symbol, units, zero or positive.</param>
/// <param name="GrossExposure">Σ |position| × mark + Σ working order notional over every symbol, quote currency.</param>
/// <param name="Equity">Account equity (cash + positions at marks), quote currency.</param>
public readonly record struct RiskExposure(Quantity Position, Quantity WorkingBuy, Quantity WorkingSell, decimal GrossExposure, decimal Equity);
