namespace Quant.Orleans.Client.Gateway;

/// <summary>The pre-trade limits of an account (inside <see cref="RiskViewDto"/>). A null member is a limit the
/// gateway did not report.</summary>
/// <param name="MaxOrderQuantity">Largest quantity of one order, units.</param>
/// <param name="MaxOrderNotional">Largest notional of one order (quantity × price), USD.</param>
/// <param name="PriceCollarBps">Largest distance of a limit price through the NBBO, basis points.</param>
/// <param name="MaxPositionPerSymbol">Largest absolute position in one symbol after a fill, units.</param>
/// <param name="MaxGrossExposure">Largest sum of absolute position values, USD.</param>
/// <param name="CapitalThreshold">Equity below which the account stops opening positions, USD.</param>
/// <param name="MaxOrdersPerSecond">Largest number of orders in any one-second window.</param>
/// <param name="DuplicateWindowMillis">Window in which an identical order is refused as a duplicate, milliseconds.</param>
/// <param name="RestrictedSymbols">Symbols the account may not trade.</param>
public sealed record RiskLimitsDto(
    decimal? MaxOrderQuantity,
    decimal? MaxOrderNotional,
    decimal? PriceCollarBps,
    decimal? MaxPositionPerSymbol,
    decimal? MaxGrossExposure,
    decimal? CapitalThreshold,
    decimal? MaxOrdersPerSecond,
    decimal? DuplicateWindowMillis,
    string[]? RestrictedSymbols);
