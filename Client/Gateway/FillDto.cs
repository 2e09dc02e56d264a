namespace Quant.Orleans.Client.Gateway;

/// <summary>A fill carried by a <c>Trade</c> <see cref="ExecutionReportDto"/>.</summary>
/// <param name="LastQty">Units filled.</param>
/// <param name="LastPx">Fill price, USD per unit.</param>
/// <param name="Fee">Fee charged for the fill, USD.</param>
public sealed record FillDto(decimal LastQty, decimal LastPx, decimal Fee);
