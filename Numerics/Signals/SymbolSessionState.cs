using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// An exact checkpoint of a <see cref="SymbolForecastSession"/> (<see cref="SymbolForecastSession.Capture"/>): a session
/// restored from it (<see cref="SymbolForecastSession.Restore"/>) gives, for the same later quotes, bit for bit the
/// outputs the captured session would have given (candidates, features, filtered level, counters, day completions).
/// Plain data — primitives, <see cref="DateOnly"/>, arrays and nested records, no live object — so a grain can persist
/// it; the arrays are copies, never the session's buffers (treat them as immutable). Scratch buffers, the options and
/// anything recomputed from them are not part of it: the options are matched by <see cref="OptionsFingerprint"/>.
/// </summary>
/// <param name="Version">The schema version, <see cref="CurrentVersion"/> when captured by this build.</param>
/// <param name="OptionsFingerprint"><see cref="SignalSessionOptions.CheckpointFingerprint"/> of the options it was captured
/// under; a restore under other options is refused.</param>
/// <param name="Symbol">The instrument's ticker.</param>
/// <param name="TradingDay">The exchange-local trading day being processed (default before the first quote).</param>
/// <param name="DayEndNanos">The next local midnight, <see cref="Core.UnixNanos"/> value (<see cref="long.MinValue"/>
/// before the first two-sided quote).</param>
/// <param name="SessionOpenNanos">The regular session's open on the trading day, <see cref="Core.UnixNanos"/> value.</param>
/// <param name="SessionCloseNanos">The regular session's close (exclusive), <see cref="Core.UnixNanos"/> value.</param>
/// <param name="NextCandidateNanos">The earliest time of the next candidate, <see cref="Core.UnixNanos"/> value.</param>
/// <param name="NextVolatilitySampleNanos">The earliest time of the next volatility sample, <see cref="Core.UnixNanos"/> value.</param>
/// <param name="QuotesProcessed">Quotes fed to the engine since the start, ≥ 0.</param>
/// <param name="CandidatesEmitted">Candidates emitted since the start, in [0, <paramref name="QuotesProcessed"/>].</param>
/// <param name="Engine">The day's feature engine.</param>
/// <param name="Log">The day's warm feature rows, which the next day's model is fitted on; null before the first
/// two-sided quote.</param>
/// <param name="Forecaster">The day's frozen model; null when the day trades without one (the first day).</param>
/// <param name="VolatilitySample">The day's realised-volatility sample so far, log return per √second, finite and ≥ 0.</param>
/// <param name="LastCompletedDay"><see cref="SymbolForecastSession.LastCompletedDay"/> at the capture (set when the last
/// quote rolled the day), with its sample copied; null otherwise.</param>
public sealed record SymbolSessionState(
    int Version,
    string OptionsFingerprint,
    string Symbol,
    DateOnly TradingDay,
    long DayEndNanos,
    long SessionOpenNanos,
    long SessionCloseNanos,
    long NextCandidateNanos,
    long NextVolatilitySampleNanos,
    long QuotesProcessed,
    long CandidatesEmitted,
    SymbolFeatureEngineState Engine,
    DayFeatureLogState? Log,
    BaselineForecasterState? Forecaster,
    double[] VolatilitySample,
    DayCompletion? LastCompletedDay)
{
    /// <summary>The schema version this build captures and restores.</summary>
    public const int CurrentVersion = 1;
}
