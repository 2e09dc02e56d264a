using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Numerics.Signals;

// Exact checkpoint of the session: capture and restore (see SymbolSessionState).
public sealed partial class SymbolForecastSession
{
    private const string StateName = nameof(SymbolSessionState);

    /// <summary>
    /// Copies the session's whole causal state into a checkpoint: engine (filter, denoiser window, realised volatility,
    /// features), the day's feature log, the day's model, the volatility sample, the day and session boundaries, the
    /// cadences, the counters and <see cref="LastCompletedDay"/>. Allocates (O(rows of the day)); the session is unchanged.
    /// Call it between quotes, e.g. at a batch end.
    /// </summary>
    /// <returns>A deep copy: later quotes do not change it.</returns>
    public SymbolSessionState Capture() => new(
        SymbolSessionState.CurrentVersion,
        _options.CheckpointFingerprint(),
        Symbol.Ticker,
        _day,
        _dayEndNanos,
        _sessionOpenNanos,
        _sessionCloseNanos,
        _nextCandidateNanos,
        _nextVolatilitySampleNanos,
        QuotesProcessed,
        CandidatesEmitted,
        _engine.Capture(),
        _log?.Capture(),
        _forecaster?.Capture(),
        _volatilitySample.ToArray(),
        LastCompletedDay is { } done ? done with { RealisedVolatilitySample = (double[])done.RealisedVolatilitySample.Clone() } : null);

    /// <summary>
    /// Rebuilds a session from a checkpoint taken by <see cref="Capture"/>: fed the quotes that follow the capture, it
    /// gives bit for bit the outputs the captured session would have given (after a restart of the grain, as if it had
    /// never stopped). The arrays are copied, so the checkpoint can be restored again.
    /// </summary>
    /// <param name="symbol">The instrument; must be the checkpoint's.</param>
    /// <param name="options">The options, which must have the checkpoint's <see cref="SymbolSessionState.OptionsFingerprint"/>;
    /// null for the defaults.</param>
    /// <param name="state">The checkpoint.</param>
    /// <returns>A new session in the captured state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the version is not
    /// <see cref="SymbolSessionState.CurrentVersion"/>; the symbol differs; the options differ from those of the capture
    /// (the first differing option is named); or a field is missing, of the wrong length, not finite where it cannot be,
    /// or inconsistent with the others (the field is named).</exception>
    public static SymbolForecastSession Restore(Symbol symbol, SignalSessionOptions? options, SymbolSessionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var session = new SymbolForecastSession(symbol, options);
        CheckpointGuard.Version(state.Version, SymbolSessionState.CurrentVersion, StateName);
        CheckpointGuard.Rule(string.Equals(state.Symbol, symbol.Ticker, StringComparison.Ordinal), StateName + ".Symbol", $"the checkpoint is of '{state.Symbol}', not of '{symbol.Ticker}'.");
        OptionsFingerprint.RequireMatch(state.OptionsFingerprint, session._options.CheckpointFingerprint(), StateName);
        session.CheckAndApply(state);
        return session;
    }

    private void CheckAndApply(SymbolSessionState state)
    {
        _engine.CheckState(CheckpointGuard.NotNull(state.Engine, StateName + ".Engine"));
        CheckpointGuard.NonNegative(state.QuotesProcessed, StateName + ".QuotesProcessed");
        CheckpointGuard.NonNegative(state.CandidatesEmitted, StateName + ".CandidatesEmitted");
        CheckpointGuard.Rule(state.CandidatesEmitted <= state.QuotesProcessed, StateName + ".CandidatesEmitted", $"{state.CandidatesEmitted} exceeds QuotesProcessed {state.QuotesProcessed}.");
        var sample = CheckpointGuard.Finite(state.VolatilitySample, StateName + ".VolatilitySample");
        foreach (var v in sample)
        {
            CheckpointGuard.Rule(v >= 0.0, StateName + ".VolatilitySample", $"{v} is negative; a realised volatility is not.");
        }

        DayFeatureLog? log = null;
        BaselineForecaster? forecaster = null;
        if (state.Log is null)
        {
            // Before the first two-sided quote: nothing but the counters of skipped quotes can have moved.
            CheckpointGuard.Rule(state.DayEndNanos == long.MinValue, StateName + ".DayEndNanos", "a day has begun (DayEndNanos is set) but the Log is missing.");
            CheckpointGuard.Rule(state.Forecaster is null, StateName + ".Forecaster", "no day has begun (Log is null), so no model can be loaded.");
            CheckpointGuard.Rule(state.QuotesProcessed == 0, StateName + ".QuotesProcessed", "no day has begun (Log is null), so no quote can have been processed.");
        }
        else
        {
            CheckpointGuard.Rule(state.Log.Day == state.TradingDay, StateName + ".Log.Day", $"{state.Log.Day:yyyy-MM-dd} differs from the TradingDay {state.TradingDay:yyyy-MM-dd}.");
            CheckpointGuard.Rule(state.Log.FeatureCount == FeatureIndex.Count, StateName + ".Log.FeatureCount", $"{state.Log.FeatureCount} differs from the engine's {FeatureIndex.Count}.");
            CheckpointGuard.Rule(
                state.SessionOpenNanos < state.SessionCloseNanos && state.SessionCloseNanos <= state.DayEndNanos,
                StateName + ".SessionCloseNanos",
                $"need SessionOpenNanos < SessionCloseNanos <= DayEndNanos, got {state.SessionOpenNanos}, {state.SessionCloseNanos}, {state.DayEndNanos}.");
            log = DayFeatureLog.Restore(state.Log);
            if (state.Forecaster is not null)
            {
                CheckpointGuard.Rule(state.Forecaster.TradingDay == state.TradingDay, StateName + ".Forecaster.TradingDay", $"{state.Forecaster.TradingDay:yyyy-MM-dd} differs from the TradingDay {state.TradingDay:yyyy-MM-dd}.");
                forecaster = BaselineForecaster.Restore(state.Forecaster);
            }
        }

        DayCompletion? completed = null;
        if (state.LastCompletedDay is { } done)
        {
            var doneSample = CheckpointGuard.Finite(done.RealisedVolatilitySample, StateName + ".LastCompletedDay.RealisedVolatilitySample");
            CheckpointGuard.Rule(done.Rows >= 0, StateName + ".LastCompletedDay.Rows", $"{done.Rows} must not be negative.");
            CheckpointGuard.Rule(done.Day < state.TradingDay, StateName + ".LastCompletedDay.Day", $"{done.Day:yyyy-MM-dd} is not before the TradingDay {state.TradingDay:yyyy-MM-dd}.");
            completed = done with { RealisedVolatilitySample = (double[])doneSample.Clone() };
        }

        _engine.ApplyState(state.Engine);
        _log = log;
        _forecaster = forecaster;
        _volatilitySample.Clear();
        _volatilitySample.AddRange(sample);
        _day = state.TradingDay;
        _dayEndNanos = state.DayEndNanos;
        _sessionOpenNanos = state.SessionOpenNanos;
        _sessionCloseNanos = state.SessionCloseNanos;
        _nextCandidateNanos = state.NextCandidateNanos;
        _nextVolatilitySampleNanos = state.NextVolatilitySampleNanos;
        QuotesProcessed = state.QuotesProcessed;
        CandidatesEmitted = state.CandidatesEmitted;
        LastCompletedDay = completed;
    }
}
