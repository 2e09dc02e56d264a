using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>One symbol's market events of a batch, in time order. The array is owned by the batch and never changed
/// once sent: Orleans passes the batch by reference inside a silo (<c>[Immutable]</c>).</summary>
/// <param name="Stream">What the events come from (a replay's symbols and days, or a live feed's name): a symbol grain
/// whose checkpoint holds another stream starts afresh.</param>
/// <param name="Events">The events; their <see cref="MarketEvent.Sequence"/> numbers increase within a stream.</param>
/// <param name="WarmUp">True for events a resumed replay had already traded on: the grain updates its state but its
/// signals are dropped by the caller.</param>
[GenerateSerializer, Immutable, Alias("qo.MarketBatch")]
public sealed record MarketBatch([property: Id(0)] string Stream, [property: Id(1)] MarketEvent[] Events, [property: Id(2)] bool WarmUp = false);

/// <summary>NBBO updates in time order for the venue (never changed once sent).</summary>
/// <param name="Quotes">The quotes.</param>
[GenerateSerializer, Immutable, Alias("qo.QuoteBatch")]
public sealed record QuoteBatch([property: Id(0)] Quote[] Quotes);

/// <summary>What a symbol grain did with one batch of market events.</summary>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates produced.</param>
/// <param name="RegimeBlocked">Candidates the regime gate stopped.</param>
/// <param name="JudgeBlocked">Candidates the judge stopped.</param>
/// <param name="Signals">Signals that passed both gates, in time order.</param>
/// <param name="Skipped">Events skipped because the grain's checkpoint already covered them (a replay delivered them
/// again after a restart).</param>
[GenerateSerializer, Immutable, Alias("qo.SymbolBatchResult")]
public sealed record SymbolBatchResult(
    [property: Id(0)] int Quotes,
    [property: Id(1)] int Trades,
    [property: Id(2)] int Candidates,
    [property: Id(3)] int RegimeBlocked,
    [property: Id(4)] int JudgeBlocked,
    [property: Id(5)] Signal[] Signals,
    [property: Id(6)] int Skipped = 0)
{
    /// <summary>An empty result.</summary>
    public static SymbolBatchResult Empty { get; } = new(0, 0, 0, 0, 0, []);
}

/// <summary>A symbol grain's counters and current view, for reports and the console.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates.</param>
/// <param name="RegimeBlocked">Candidates stopped by the regime gate.</param>
/// <param name="JudgeBlocked">Candidates stopped by the judge.</param>
/// <param name="Signals">Signals sent to the portfolio.</param>
/// <param name="LastMid">Last NBBO mid (USD); NaN before the first quote.</param>
/// <param name="FilteredMid">exp(filtered log level) of the UKF (USD); NaN before the first quote.</param>
/// <param name="ModelVersion">The model trading today, or <c>none</c> on the first day.</param>
[GenerateSerializer, Immutable, Alias("qo.SymbolStatus")]
public sealed record SymbolStatus(
    [property: Id(0)] Symbol Symbol,
    [property: Id(1)] long Quotes,
    [property: Id(2)] long Trades,
    [property: Id(3)] long Candidates,
    [property: Id(4)] long RegimeBlocked,
    [property: Id(5)] long JudgeBlocked,
    [property: Id(6)] long Signals,
    [property: Id(7)] double LastMid,
    [property: Id(8)] double FilteredMid,
    [property: Id(9)] string ModelVersion)
{
    /// <summary>Candidates the distilled student forecast (0 without a student).</summary>
    [Id(10)]
    public long StudentForecasts { get; init; }

    /// <summary>Decision points where the student could not serve because its causal window was still warming (the
    /// ridge baseline's candidate stood).</summary>
    [Id(11)]
    public long FallbackWarming { get; init; }

    /// <summary>Decision points where the student's forecast was not finite (the ridge baseline's candidate stood).</summary>
    [Id(12)]
    public long FallbackNonFinite { get; init; }

    /// <summary>The model as reports show it: <see cref="ModelVersion"/>, with a student its forecasts and fallbacks.</summary>
    public string ModelDescription => DescribeModel(ModelVersion, StudentForecasts, FallbackWarming, FallbackNonFinite);

    /// <summary>The model version, and when a student served (or fell back) its counts, e.g.
    /// <c>chronos-student-… (3,831 student forecasts; ridge fallback: 13 warming, 0 non-finite)</c>.</summary>
    /// <param name="version">The model version.</param>
    /// <param name="studentForecasts">Student forecasts.</param>
    /// <param name="warming">Fallbacks while the window warmed.</param>
    /// <param name="nonFinite">Fallbacks on a non-finite forecast.</param>
    /// <returns>The description.</returns>
    public static string DescribeModel(string version, long studentForecasts, long warming, long nonFinite) =>
        studentForecasts + warming + nonFinite == 0
            ? version
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{version} ({studentForecasts:N0} student forecasts; ridge fallback: {warming:N0} warming, {nonFinite:N0} non-finite)");
}
