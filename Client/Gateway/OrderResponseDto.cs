namespace Quant.Orleans.Client.Gateway;

/// <summary>The answer to a new order, a cancel or a replace: the order's state after the request and the
/// execution reports the request produced, oldest first. A risk rejection is such an answer (HTTP 200) with the
/// order <c>Rejected</c> and a <c>Rejected</c> report carrying the reason.</summary>
/// <param name="Order">The order (for a replace: the replacement).</param>
/// <param name="Reports">The reports the request produced, oldest first; may be empty.</param>
public sealed record OrderResponseDto(OrderViewDto Order, ExecutionReportViewDto[] Reports);
