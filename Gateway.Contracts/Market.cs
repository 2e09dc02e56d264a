namespace Quant.Orleans.Gateway.Contracts;

/// <summary>A forecast and its gate verdicts (the <c>signal</c> events).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time of the forecast, UTC.</param>
/// <param name="Forecast">Expected log return of the mid over the horizon.</param>
/// <param name="Level">Filtered price level (exp of the filtered log mid), quote currency.</param>
/// <param name="Slope">Filtered slope of the log mid, per second.</param>
/// <param name="RegimePass">True when the regime gate passed it.</param>
/// <param name="JudgePass">True when the judge passed it too (then it went to the portfolio).</param>
public sealed record SignalView(string Symbol, DateTimeOffset Time, double Forecast, double Level, double Slope, bool RegimePass, bool JudgePass);

/// <summary>A symbol grain's counters and view (<c>GET /api/symbols/{symbol}</c>).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates.</param>
/// <param name="RegimeBlocked">Candidates the regime gate stopped.</param>
/// <param name="JudgeBlocked">Candidates the judge stopped.</param>
/// <param name="Signals">Signals sent to the portfolio.</param>
/// <param name="LastMid">Last NBBO mid, quote currency; NaN before the first quote.</param>
/// <param name="FilteredMid">exp(filtered log level), quote currency; NaN before the first quote.</param>
/// <param name="ModelVersion">The model trading today, or <c>none</c>.</param>
public sealed record SymbolStatusView(
    string Symbol, long Quotes, long Trades, long Candidates, long RegimeBlocked, long JudgeBlocked, long Signals, double LastMid, double FilteredMid, string ModelVersion)
{
    /// <summary>Candidates the distilled student forecast (0 without a student).</summary>
    public long StudentForecasts { get; init; }

    /// <summary>Decision points where the ridge baseline stood in while the student's window warmed.</summary>
    public long FallbackWarming { get; init; }

    /// <summary>Decision points where the ridge baseline stood in for a non-finite student forecast.</summary>
    public long FallbackNonFinite { get; init; }
}

/// <summary>An error answer (400, 401, 404, 409 without an order, 503).</summary>
/// <param name="Error">What was wrong, naming the field, the value and the rule.</param>
public sealed record ErrorResponse(string Error);

/// <summary>The answer of <c>GET /health</c>.</summary>
/// <param name="Status"><c>ok</c>.</param>
/// <param name="Activations">Grain activations on this silo.</param>
public sealed record HealthView(string Status, int Activations);
