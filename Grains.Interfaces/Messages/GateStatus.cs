using Quant.Orleans.Core;

namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>A regime grain's state: the gate, the day it was fitted on, and its latest verdict.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Gate"><c>regime:hmm</c> (Gaussian HMM forward filter on ln realised volatility) or
/// <c>regime:vol-percentile</c> (the percentile baseline).</param>
/// <param name="FittedDay">The trading day the gate was fitted on; null before the first finished day.</param>
/// <param name="Evaluations">Signals judged so far.</param>
/// <param name="Passed">Signals that passed.</param>
/// <param name="LastTime">Market time of the latest judged signal; null before the first.</param>
/// <param name="LastValue">The statistic of the latest verdict: P(most volatile HMM state) in [0, 1], or the realised
/// volatility's percentile in [0, 100] for the baseline; NaN when not fitted.</param>
/// <param name="LastPassed">The latest verdict; null before the first.</param>
/// <param name="LastReason">The latest verdict's explanation naming the value and the rule; null before the first.</param>
[GenerateSerializer, Immutable, Alias("qo.RegimeStatus")]
public sealed record RegimeStatus(
    [property: Id(0)] Symbol Symbol,
    [property: Id(1)] string Gate,
    [property: Id(2)] DateOnly? FittedDay,
    [property: Id(3)] long Evaluations,
    [property: Id(4)] long Passed,
    [property: Id(5)] UnixNanos? LastTime,
    [property: Id(6)] double LastValue,
    [property: Id(7)] bool? LastPassed,
    [property: Id(8)] string? LastReason);

/// <summary>One forecast candidate of a symbol grain and what its gates decided (the dashboard's signal markers).</summary>
/// <param name="Time">Market time of the candidate, UTC.</param>
/// <param name="Mid">NBBO mid at the candidate, USD.</param>
/// <param name="ExpectedLogReturn">The forecast: expected log return of the mid over the horizon.</param>
/// <param name="RegimePassed">True when the regime gate let it through.</param>
/// <param name="JudgePassed">True when the judge let it through too (it then became a signal to the portfolio);
/// false when the judge blocked it or the regime gate did (the judge is not asked then).</param>
[GenerateSerializer, Immutable, Alias("qo.CandidateVerdict")]
public readonly record struct CandidateVerdict(
    [property: Id(0)] UnixNanos Time,
    [property: Id(1)] double Mid,
    [property: Id(2)] double ExpectedLogReturn,
    [property: Id(3)] bool RegimePassed,
    [property: Id(4)] bool JudgePassed);

/// <summary>A finished trading day's realised-volatility sample for the regime gate's fit (never changed once sent).</summary>
/// <param name="Day">The exchange date of the finished day.</param>
/// <param name="RealisedVolatility">Realised volatility sampled over the day, log return per √second.</param>
/// <param name="Candidate">The symbol's candidate count when the day finished (the gate's fits and verdicts are
/// ordered by it, so a fit delivered again after a restart is recognised).</param>
[GenerateSerializer, Immutable, Alias("qo.DayVolatility")]
public sealed record DayVolatility([property: Id(0)] DateOnly Day, [property: Id(1)] double[] RealisedVolatility, [property: Id(2)] long Candidate);
