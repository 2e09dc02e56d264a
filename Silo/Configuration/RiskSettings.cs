using Quant.Orleans.Core;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>The pre-trade risk limits of every account, as an operator sets them (see <see cref="RiskLimits"/>;
/// units in the names).</summary>
public sealed class RiskSettings
{
    /// <summary>Largest quantity of one order, units.</summary>
    public long MaxOrderQuantity { get; set; } = 5_000;

    /// <summary>Largest notional of one order, USD.</summary>
    public decimal MaxOrderNotional { get; set; } = 250_000m;

    /// <summary>Fat-finger collar around the NBBO, basis points.</summary>
    public decimal PriceCollarBps { get; set; } = 50m;

    /// <summary>Largest position per symbol including working orders, units.</summary>
    public long MaxPositionPerSymbol { get; set; } = 20_000;

    /// <summary>Largest gross exposure (positions at marks plus working orders), USD.</summary>
    public decimal MaxGrossExposure { get; set; } = 1_000_000m;

    /// <summary>Equity below which only orders that reduce exposure pass, USD (0 disables).</summary>
    public decimal CapitalThreshold { get; set; } = 500_000m;

    /// <summary>Most orders accepted per second of order time (0 disables).</summary>
    public int MaxOrdersPerSecond { get; set; } = 100;

    /// <summary>Duplicate-order window, milliseconds (0 disables).</summary>
    public int DuplicateWindowMillis { get; set; } = 500;

    /// <summary>Restricted symbols (tickers).</summary>
    public List<string> RestrictedSymbols { get; set; } = [];

    /// <summary>The engine's limits.</summary>
    public RiskLimits ToLimits() => new()
    {
        Order = new PreTradeLimits(Quantity.FromUnits(MaxOrderQuantity), MaxOrderNotional, PriceCollarBps),
        MaxPositionPerSymbol = Quantity.FromUnits(MaxPositionPerSymbol),
        MaxGrossExposure = MaxGrossExposure,
        CapitalThreshold = CapitalThreshold,
        MaxOrdersPerSecond = MaxOrdersPerSecond,
        DuplicateWindowMillis = DuplicateWindowMillis,
        RestrictedSymbols = [.. RestrictedSymbols.Select(s => new Symbol(s.ToUpperInvariant()))],
    };

    internal IEnumerable<string> Validate()
    {
        string? error = null;
        try
        {
            ToLimits().Validate();
        }
        catch (ArgumentException e)
        {
            error = $"Risk: {e.Message}";
        }
        catch (OverflowException e)
        {
            error = $"Risk: {e.Message}";
        }

        if (error is not null)
        {
            yield return error;
        }
    }
}
