namespace Quant.Orleans.Client.Gateway;

/// <summary>How much of an account's limits is in use (inside <see cref="RiskViewDto"/>).</summary>
/// <param name="GrossExposure">Sum of absolute position values at the marks, USD.</param>
/// <param name="Equity">Cash plus positions at the marks, USD.</param>
/// <param name="OrdersLastSecond">Orders sent in the last second.</param>
/// <param name="WorkingOrders">Orders working at the venue now.</param>
public sealed record RiskUsageDto(decimal? GrossExposure, decimal? Equity, decimal? OrdersLastSecond, decimal? WorkingOrders);
