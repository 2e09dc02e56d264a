namespace Quant.Orleans.Client.Gateway;

/// <summary>One server-sent event of <c>/api/events</c> (W3C/WHATWG EventSource format).</summary>
/// <param name="Name">The <c>event:</c> field (<c>fill</c>, <c>order</c>, <c>signal</c>, <c>risk</c>); <c>message</c>
/// when the event has none, as EventSource defines.</param>
/// <param name="Data">The <c>data:</c> lines joined with '\n' (a JSON document for the gateway's events).</param>
public sealed record GatewayEvent(string Name, string Data);
