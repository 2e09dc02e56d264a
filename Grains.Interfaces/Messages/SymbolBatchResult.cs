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

    /// <summary>Daytime SimTS adaptation runs the symbol grain started (0 without <c>Strategy:StudentAdaptation</c>).</summary>
    [Id(13)]
    public long AdaptationRuns { get; init; }

    /// <summary>Adaptation runs whose weights were swapped in at a batch boundary.</summary>
    [Id(14)]
    public long AdaptationSwaps { get; init; }

    /// <summary>Adaptation runs that failed (no weights swapped; the current ones kept serving).</summary>
    [Id(15)]
    public long AdaptationFailures { get; init; }

    /// <summary>Median wall time of the student's forecast call in the grain, microseconds (upper edge of a log-bucket
    /// histogram's bucket, ≤ 12.5 % above the exact value); 0 when the student never forecast.</summary>
    [Id(16)]
    public double StudentLatencyP50Microseconds { get; init; }

    /// <summary>99th percentile of the student's forecast call in the grain, microseconds (as the median); 0 when the
    /// student never forecast.</summary>
    [Id(17)]
    public double StudentLatencyP99Microseconds { get; init; }

    /// <summary>The student's forecast calls' total wall time over the grain's total wall time in <c>OnMarketData</c>
    /// (entry to return, awaited calls to the regime and judge grains and to a pending adaptation run at its swap point
    /// included), in [0, 1]; 0 without a student.</summary>
    [Id(18)]
    public double StudentTimeShare { get; init; }

    /// <summary>The model as reports show it: <see cref="ModelVersion"/>, with a student its forecasts and fallbacks,
    /// and with adaptation its runs, swaps and failures.</summary>
    public string ModelDescription => DescribeModel(ModelVersion, StudentForecasts, FallbackWarming, FallbackNonFinite, AdaptationRuns, AdaptationSwaps, AdaptationFailures);

    /// <summary><see cref="DescribeModel(string, long, long, long)"/>, followed inside the parentheses by the adaptation
    /// counts when a run started (<c>; SimTS adaptation: 3 runs, 2 swaps, 1 failed</c>) and by the in-grain latency when
    /// a forecast was timed (<c>; inference p50 85 µs, p99 140 µs, 3.1% of grid time</c>); exactly the four-count
    /// description otherwise.</summary>
    /// <param name="version">The model version.</param>
    /// <param name="studentForecasts">Student forecasts.</param>
    /// <param name="warming">Fallbacks while the window warmed.</param>
    /// <param name="nonFinite">Fallbacks on a non-finite forecast.</param>
    /// <param name="runs">Adaptation runs started.</param>
    /// <param name="swaps">Adaptation runs swapped in.</param>
    /// <param name="failures">Adaptation runs failed.</param>
    /// <param name="latencyP50Microseconds">Median forecast call, µs; 0: not shown.</param>
    /// <param name="latencyP99Microseconds">99th percentile forecast call, µs.</param>
    /// <param name="timeShare">Share of the grain's time in forecast calls, [0, 1].</param>
    /// <returns>The description.</returns>
    public static string DescribeModel(string version, long studentForecasts, long warming, long nonFinite, long runs, long swaps, long failures, double latencyP50Microseconds = 0, double latencyP99Microseconds = 0, double timeShare = 0)
    {
        var text = DescribeModel(version, studentForecasts, warming, nonFinite);
        if (runs == 0 && !(latencyP50Microseconds > 0))
        {
            return text;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var extra = (runs > 0 ? string.Create(invariant, $"; SimTS adaptation: {runs:N0} runs, {swaps:N0} swaps, {failures:N0} failed") : "")
            + (latencyP50Microseconds > 0 ? string.Create(invariant, $"; inference p50 {latencyP50Microseconds:0.#} µs, p99 {latencyP99Microseconds:0.#} µs, {timeShare:0.0%} of grid time") : "");
        return text.EndsWith(')') ? string.Concat(text.AsSpan(0, text.Length - 1), extra, ")") : string.Concat(text, " (", extra.AsSpan(2), ")");
    }

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
