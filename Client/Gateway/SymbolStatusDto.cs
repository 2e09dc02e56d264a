namespace Quant.Orleans.Client.Gateway;

/// <summary>A symbol grain's counters and view, as <c>GET /api/symbols/{symbol}</c> returns them.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quotes">NBBO updates processed; zero means no NBBO exists yet.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Signals">Signals sent to the portfolio.</param>
/// <param name="LastMid">Last NBBO mid in USD; NaN before the first quote.</param>
/// <param name="ModelVersion">The model trading today, or <c>none</c>.</param>
public sealed record SymbolStatusDto(string Symbol, long Quotes, long Trades, long Signals, double LastMid, string ModelVersion);
