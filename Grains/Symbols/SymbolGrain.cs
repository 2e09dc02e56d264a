using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Numerics.Signals;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Grains.Rollout;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// One symbol's causal state: the <see cref="SymbolForecastSession"/> (NBBO mid → wavelet UKF → features → frozen ridge
/// baseline) and its gates, the symbol's <see cref="IRegimeGrain"/> and <see cref="IJudgeGrain"/>. Candidates are judged
/// in event order, and every candidate of a finished day is judged before the regime gate is refitted on that day.
/// The session is checkpointed (<see cref="SymbolGrainState"/>) on a period, on request and on deactivation; a grain
/// activated from a checkpoint carries on exactly where it stopped and skips events its checkpoint already covers.
/// <para>Failover: when a feed driver dies after this grain processed a batch but before the account recorded the
/// batch's progress, the next driver sends the batch again. The events are skipped (the state already has them), and
/// the signals that passed the gates on them are answered again from a ring of the last
/// <see cref="PassedSignalRingCapacity"/> passed signals, so the account (which ignores signals it already sized)
/// gets every signal exactly once.</para>
/// <para>With a student (<see cref="StrategyOptions.Student"/>), each forecast call is timed into a
/// <see cref="LatencyHistogram"/> and the grain's wall time in <see cref="OnMarketData"/> is summed (awaited regime and
/// judge calls and a wait for an adaptation run included, so the share is of the grid time this grain spends, not of
/// its own computing alone), for the p50/p99 and share of grid time in <see cref="GetStatus"/>; with its <see cref="StudentModel.Adaptation"/> a
/// <see cref="StudentDayAdaptation"/> adapts the student on today's rows off the tick path and swaps the result in
/// at batch boundaries (docs/adaptation.md).</para>
/// </summary>
public sealed class SymbolGrain : Grain, ISymbolGrain
{
    /// <summary>How many of the latest candidates <see cref="GetRecentCandidates"/> keeps.</summary>
    public const int RecentCandidateCapacity = 64;

    /// <summary>How many of the latest passed signals (with their event's sequence) are kept to answer a re-sent batch.</summary>
    public const int PassedSignalRingCapacity = 1024;

    private readonly StrategyOptions _options;
    private readonly TradingEventHub _hub;
    private readonly IPersistentState<SymbolGrainState> _state;
    private readonly ILogger<SymbolGrain> _logger;
    private readonly Symbol _symbol;
    private readonly CandidateVerdict[] _recent = new CandidateVerdict[RecentCandidateCapacity];
    private readonly List<Signal> _pending = [];
    private readonly List<(double Level, double Slope)> _pendingStates = [];
    private readonly List<Signal> _passed = [];
    private readonly List<long> _pendingSequences = [];
    private readonly Queue<(long Sequence, Signal Signal)> _passedRing = new(PassedSignalRingCapacity);
    private SymbolForecastSession _session;
    private string? _stream;
    private long _lastSequence = -1;
    private long _recentCount;
    private long _lastEventTime;
    private long _trades;
    private long _regimeBlocked;
    private long _judgeBlocked;
    private long _signals;
    private double _lastMid = double.NaN;
    private long _durableCandidate;
    private bool _dirty;
    private int _batchRegimeBlocked;
    private int _batchJudgeBlocked;
    private StudentServing? _student;
    private StudentServing? _shadow;
    private readonly LatencyHistogram _studentLatency = new();
    private readonly SymbolRollout? _rollout;
    private long _gridTicks;
    private long _studentServed;
    private long _fallbackWarming;
    private long _fallbackNonFinite;
    private readonly JudgeMarketSampler? _judgeSampler;
    private readonly List<(float[]? Row, int Step)> _pendingJudge = [];
    private int _judgeStep = -1;

    /// <summary>Creates the grain for the symbol in its key.</summary>
    public SymbolGrain(
        StrategyOptions options,
        TradingEventHub hub,
        [PersistentState("symbol", GridStorage.Name)] IPersistentState<SymbolGrainState> state,
        ILogger<SymbolGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(state);
        _options = options;
        _hub = hub;
        _state = state;
        _logger = logger;
        _symbol = new Symbol(this.GetPrimaryKeyString());
        _session = new SymbolForecastSession(_symbol, options.Session);
        if (options.Rollout is { } rollout)
        {
            _rollout = new SymbolRollout(rollout, _symbol.Ticker, logger);
        }
        else if (options.Student is { } student)
        {
            _student = new StudentServing(student, student.Version, null, _symbol.Ticker, logger);
        }

        if (options.Judge is not null || options.JudgeRecorder is not null)
        {
            // Recording alone writes no rows, so any d serves; a served judge's rows use the d it was trained with.
            var fractional = options.Judge?.Model.FractionalDifference ?? new FractionalDifferenceFit(1, 1e-4, 2, false, double.NaN);
            _judgeSampler = new JudgeMarketSampler(options.JudgeFeatures, fractional, options.JudgeCadence, options.JudgeTradeFlowHalfLife);
            var recorder = options.JudgeRecorder;
            var ticker = _symbol.Ticker;
            _judgeSampler.StepObserver = step => _judgeStep = recorder is null ? _judgeStep + 1 : recorder.OnStep(ticker, step);
        }
    }

    private IRegimeGrain Regime => GrainFactory.GetGrain<IRegimeGrain>(_symbol.Ticker);

    private IJudgeGrain Judge => GrainFactory.GetGrain<IJudgeGrain>(_symbol.Ticker);

    /// <summary>Restores the checkpoint, if any, and starts the checkpoint timer.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.RecordExists && _state.State.Session is { } session)
        {
            try
            {
                _session = SymbolForecastSession.Restore(_symbol, _options.Session, session);
                Load(_state.State);
            }
            catch (ArgumentException e)
            {
                // A checkpoint taken under other settings (or of an older schema) cannot be continued: the symbol
                // starts afresh on its next stream, and says why.
                _logger.LogWarning("Symbol {Symbol}: the checkpoint was not restored ({Reason}); the symbol starts afresh.", _symbol.Ticker, e.Message);
                _session = new SymbolForecastSession(_symbol, _options.Session);
            }
        }

        if (_options.CheckpointInterval > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(static (grain, _) => grain.Checkpoint(), this, _options.CheckpointInterval, _options.CheckpointInterval);
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes the last checkpoint before the activation goes away (graceful shutdown, idle collection). The
    /// regime grain is not called here (at shutdown it may be deactivating too): it writes its own state, every verdict
    /// included, when it deactivates.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The student's forecasters go with the activation (an ONNX session holds native memory until disposed); a
        // pending adaptation run is cancelled.
        _student?.Dispose();
        _shadow?.Dispose();
        try
        {
            if (_dirty && _options.PersistOnDeactivation)
            {
                await WriteCheckpoint();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Symbol {Symbol}: the checkpoint at deactivation ({Reason}) failed; the next activation resumes from the previous one.", _symbol.Ticker, reason);
        }
    }

    /// <inheritdoc />
    public async ValueTask<SymbolBatchResult> OnMarketData(MarketBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var entered = Stopwatch.GetTimestamp();
        try
        {
            return await OnMarketDataCore(batch);
        }
        finally
        {
            _gridTicks += Stopwatch.GetTimestamp() - entered;
        }
    }

    private async ValueTask<SymbolBatchResult> OnMarketDataCore(MarketBatch batch)
    {
        if (!string.Equals(batch.Stream, _stream, StringComparison.Ordinal))
        {
            await StartStream(batch.Stream);
        }

        if (_rollout is not null)
        {
            // A batch boundary: the only place a rollout swaps the served versions (no tick is dropped or reordered;
            // a model reading the same window as the one it replaces continues without warming up).
            (_student, _shadow) = await _rollout.AtBatchStartAsync(GrainFactory, _student, _shadow, batch.WarmUp);
        }

        int quotes = 0, trades = 0, skipped = 0;
        long firstSkipped = long.MaxValue, lastSkipped = long.MinValue;
        var resent = batch.WarmUp;
        _pending.Clear();
        _pendingStates.Clear();
        _pendingSequences.Clear();
        _pendingJudge.Clear();
        _passed.Clear();
        _batchRegimeBlocked = 0;
        _batchJudgeBlocked = 0;
        var candidates = 0;
        var events = batch.Events;
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.Sequence <= _lastSequence)
            {
                skipped++;
                firstSkipped = Math.Min(firstSkipped, e.Sequence);
                lastSkipped = Math.Max(lastSkipped, e.Sequence);
                continue;
            }

            if (skipped > 0 && !resent)
            {
                // The re-sent part of the batch ends here: its passed signals come first, in event order.
                ResendPassed(firstSkipped, lastSkipped);
                resent = true;
            }

            _lastSequence = e.Sequence;
            _lastEventTime = e.Time.Value;
            if (e.Kind == MarketEventKind.Trade)
            {
                trades++;
                if (_student is { } tradingStudent)
                {
                    tradingStudent.Window.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                    tradingStudent.Adaptation?.AfterEvent(tradingStudent.Window, nbbo: false, e.Time.Value);
                }

                if (_shadow is { } shadowStudent && !ReferenceEquals(shadowStudent.Window, _student?.Window))
                {
                    shadowStudent.Window.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                }

                _judgeSampler?.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                continue;
            }

            quotes++;
            var quote = e.Quote;
            if (_student is { } student)
            {
                student.Window.OnNbbo(quote);
                student.Adaptation?.AfterEvent(student.Window, nbbo: true, quote.Time.Value);
            }

            if (_shadow is { } shadow && !ReferenceEquals(shadow.Window, _student?.Window))
            {
                shadow.Window.OnNbbo(quote);
            }

            _judgeSampler?.OnNbbo(quote);
            _lastMid = quote.MidDouble;
            var emitted = _session.OnQuote(quote, out var candidate);
            if (_session.LastCompletedDay is { } finished)
            {
                // The finished day's candidates are judged before the gate is refitted on that day (causality).
                await JudgePending();
                await Regime.FitDay(new DayVolatility(finished.Day, finished.RealisedVolatilitySample, _session.CandidatesEmitted - (emitted ? 1 : 0)));
            }

            if (emitted)
            {
                candidates++;
                var features = _session.Features;
                var trend = features[FeatureIndex.Slope];
                var signal = StudentSignal(quote, candidate, trend) ?? new Signal(
                    _symbol, quote.Time, quote, candidate.ExpectedLogReturn, candidate.NoiseStandardDeviation, candidate.Horizon,
                    candidate.RealisedVolatility, $"ridge-baseline@{candidate.ModelTrainedThrough:yyyy-MM-dd}", _session.CandidatesEmitted, trend,
                    Confidence: ForecastConfidence.Gaussian(candidate.ExpectedLogReturn, candidate.NoiseStandardDeviation),
                    QuantileLow: candidate.ExpectedLogReturn - (ForecastConfidence.NormalQuantile90 * candidate.NoiseStandardDeviation),
                    QuantileHigh: candidate.ExpectedLogReturn + (ForecastConfidence.NormalQuantile90 * candidate.NoiseStandardDeviation));
                _pending.Add(signal);
                _rollout?.OnCandidate(signal, _shadow, quote, _options);
                _pendingJudge.Add(JudgeRowAt(signal));
                _pendingStates.Add((Math.Exp(features[FeatureIndex.Level]), features[FeatureIndex.Slope]));
                _pendingSequences.Add(e.Sequence);
            }
        }

        if (skipped > 0 && !resent)
        {
            ResendPassed(firstSkipped, lastSkipped);
        }

        await JudgePending();
        if (_student?.Adaptation is { } adaptation && quotes + trades > 0)
        {
            // A batch boundary: the only place adapted weights are swapped in (deterministic under replay).
            await adaptation.AtBatchEndAsync(_lastEventTime);
        }

        if (_rollout is not null)
        {
            await _rollout.AtBatchEndAsync(GrainFactory);
        }

        _trades += trades;
        _dirty |= quotes + trades > 0;
        if (candidates == 0 && skipped == 0)
        {
            return quotes == 0 && trades == 0 ? SymbolBatchResult.Empty : new SymbolBatchResult(quotes, trades, 0, 0, 0, []);
        }

        return new SymbolBatchResult(quotes, trades, candidates, _batchRegimeBlocked, _batchJudgeBlocked, _passed.ToArray(), skipped);
    }

    /// <inheritdoc />
    public async Task Checkpoint()
    {
        if (!_dirty)
        {
            return;
        }

        // The regime grain first: it keeps the verdicts this checkpoint's successor might ask again.
        await Regime.Checkpoint(_durableCandidate);
        await WriteCheckpoint();
    }

    private async Task WriteCheckpoint()
    {
        var state = _state.State;
        state.Stream = _stream;
        state.LastSequence = _lastSequence;
        state.Session = _session.Capture();
        state.Trades = _trades;
        state.RegimeBlocked = _regimeBlocked;
        state.JudgeBlocked = _judgeBlocked;
        state.Signals = _signals;
        state.LastMid = _lastMid;
        state.Recent = RecentInOrder();
        state.RecentCount = _recentCount;
        await _state.WriteStateAsync();
        _durableCandidate = _session.CandidatesEmitted;
        _dirty = false;
    }

    /// <inheritdoc />
    public Task<SymbolStatus> GetStatus() => Task.FromResult(new SymbolStatus(
        _symbol, _session.QuotesProcessed, _trades, _session.CandidatesEmitted, _regimeBlocked, _judgeBlocked, _signals, _lastMid,
        Math.Exp(_session.FilteredLogLevel), _student is { } student ? student.Version : _session.Model is { } m ? $"ridge-baseline@{m.TrainedThrough:yyyy-MM-dd}" : "none")
    {
        StudentForecasts = _studentServed,
        FallbackWarming = _fallbackWarming,
        FallbackNonFinite = _fallbackNonFinite,
        AdaptationRuns = _student?.Adaptation?.Runs ?? 0,
        AdaptationSwaps = _student?.Adaptation?.Swaps ?? 0,
        AdaptationFailures = _student?.Adaptation?.Failures ?? 0,
        StudentLatencyP50Microseconds = _studentLatency.Count == 0 ? 0 : _studentLatency.QuantileMicroseconds(0.50),
        StudentLatencyP99Microseconds = _studentLatency.Count == 0 ? 0 : _studentLatency.QuantileMicroseconds(0.99),
        StudentTimeShare = _studentLatency.Count == 0 || _gridTicks == 0 ? 0 : (double)_studentLatency.TotalTicks / _gridTicks,
    });

    /// <summary>
    /// With a student configured, the candidate at a decision point (the ridge session's cadence) is the student's
    /// forecast of the strategy's horizon when its causal window is ready and the forecast finite; otherwise null and
    /// the ridge candidate stands, counted as a fallback by reason (the window still warming — the session's first
    /// <c>L</c> warm grid steps, or after a restart, since the window is not checkpointed — or a non-finite forecast).
    /// </summary>
    private Signal? StudentSignal(in Quote quote, in ForecastCandidate ridge, double trend)
    {
        if (_student is not { } student)
        {
            return null;
        }

        if (!student.Window.IsReady)
        {
            _fallbackWarming++;
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var served = student.TryForecast(out var forecast);
        _studentLatency.Record(Stopwatch.GetTimestamp() - started);
        if (!served)
        {
            _fallbackNonFinite++;
            return null;
        }

        _studentServed++;
        _rollout?.OnTradingForecast(student, forecast.ExpectedLogReturn, quote);
        return new Signal(
            _symbol, quote.Time, quote, forecast.ExpectedLogReturn, forecast.NoiseStandardDeviation, student.Model.HorizonSpan,
            ridge.RealisedVolatility, student.ServedVersion, _session.CandidatesEmitted, trend, Confidence: forecast.Confidence,
            QuantileLow: forecast.QuantileLow, QuantileHigh: forecast.QuantileHigh);
    }

    /// <inheritdoc />
    public Task<CandidateVerdict[]> GetRecentCandidates() => Task.FromResult(RecentInOrder());

    /// <summary>Judges the pending candidates in order: the regime gate, then (when it passed) the judge.</summary>
    private async ValueTask JudgePending()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var regime = Regime;
        var judge = Judge;
        for (var i = 0; i < _pending.Count; i++)
        {
            var signal = _pending[i];
            bool regimePass = false, judgePass = false;
            var regimeDecision = await regime.Evaluate(signal);
            _rollout?.OnRegimeVerdict(i, regimeDecision.Passed);
            var (row, step) = _pendingJudge[i];
            if (row is not null)
            {
                FillRegimeColumns(row, regimeDecision.Posterior);
            }

            _options.JudgeRecorder?.OnCandidate(_symbol.Ticker, new JudgeRecordedCandidate(
                signal.Time.Value, step, signal.ExpectedLogReturn, signal.NoiseStandardDeviation, signal.Confidence,
                regimeDecision.Posterior ?? [], regimeDecision.Passed, signal.ModelVersion, row, signal.RealisedVolatility, signal.Trend,
                signal.QuantileLow, signal.QuantileHigh));
            GateDecision? judgeDecision = null;
            if (!regimeDecision.Passed)
            {
                _batchRegimeBlocked++;
                _regimeBlocked++;
            }
            else if (!(judgeDecision = await judge.Evaluate(new JudgeRequest(signal, row))).Passed)
            {
                regimePass = true;
                _batchJudgeBlocked++;
                _judgeBlocked++;
            }
            else
            {
                regimePass = judgePass = true;
                signal = signal with { JudgeVersion = judgeDecision.Gate, JudgeProbability = _options.Judge is null ? double.NaN : judgeDecision.Value };
                _passed.Add(signal);
                _signals++;
                if (_passedRing.Count == PassedSignalRingCapacity)
                {
                    _passedRing.Dequeue();
                }

                _passedRing.Enqueue((_pendingSequences[i], signal));
            }

            _recent[_recentCount++ % RecentCandidateCapacity] = new CandidateVerdict(signal.Time, signal.Nbbo.MidDouble, signal.ExpectedLogReturn, regimePass, judgePass);
            if (_hub.HasSubscribers)
            {
                var (level, slope) = _pendingStates[i];
                _hub.Publish(new TradingEvent(TradingEventKind.Signal, null, new SignalEvent(_symbol.Ticker, signal.Time, signal.ExpectedLogReturn, level, slope, regimePass, judgePass)));
            }
        }

        _pending.Clear();
        _pendingStates.Clear();
        _pendingSequences.Clear();
        _pendingJudge.Clear();
        _rollout?.ClearPending();
    }

    /// <summary>The judge's row of a candidate as of now (regime columns left 0 until the regime gate's posterior is
    /// known) when a trained judge is served, and the index of the latest grid step fed (−1 when none of this session).</summary>
    private (float[]? Row, int Step) JudgeRowAt(Signal signal)
    {
        if (_judgeSampler is not { IsReady: true } sampler)
        {
            return (null, -1);
        }

        float[]? row = null;
        if (_options.Judge is not null && double.IsFinite(signal.ExpectedLogReturn) && signal.ExpectedLogReturn != 0 && signal.NoiseStandardDeviation > 0)
        {
            row = new float[sampler.State.Schema.Width];
            Span<double> noRegime = stackalloc double[_options.JudgeFeatures.RegimeCount];
            sampler.State.WriteRow(signal.ExpectedLogReturn, signal.NoiseStandardDeviation, signal.QuantileLow, signal.QuantileHigh, noRegime, row);
        }

        return (row, _judgeStep);
    }

    /// <summary>Writes the regime gate's posterior (calmest state first) into a judge row's regime columns; zeros when
    /// the gate gave none or another number of states.</summary>
    private void FillRegimeColumns(float[] row, double[]? posterior)
    {
        var start = _judgeSampler!.State.RegimeColumn;
        var count = _options.JudgeFeatures.RegimeCount;
        for (var r = 0; r < count; r++)
        {
            row[start + r] = posterior is not null && posterior.Length == count ? (float)posterior[r] : 0f;
        }
    }

    /// <summary>Answers a re-sent range of events [<paramref name="first"/>, <paramref name="last"/>] with the signals
    /// that passed on them (those still in the ring), in event order.</summary>
    private void ResendPassed(long first, long last)
    {
        foreach (var (sequence, signal) in _passedRing)
        {
            if (sequence >= first && sequence <= last)
            {
                _passed.Add(signal);
            }
        }
    }

    /// <summary>A stream the state was not built from: the symbol (and its regime gate) start afresh.</summary>
    private async Task StartStream(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (_stream is not null)
        {
            _logger.LogInformation("Symbol {Symbol}: stream '{New}' replaces '{Old}'; the symbol starts afresh.", _symbol.Ticker, stream, _stream);
        }

        await Regime.Reset();
        _session = new SymbolForecastSession(_symbol, _options.Session);
        Load(new SymbolGrainState());
        _passedRing.Clear();
        _stream = stream;
        _durableCandidate = 0;
        _dirty = true;
    }

    private void Load(SymbolGrainState state)
    {
        _stream = state.Stream;
        _lastSequence = state.LastSequence;
        _trades = state.Trades;
        _regimeBlocked = state.RegimeBlocked;
        _judgeBlocked = state.JudgeBlocked;
        _signals = state.Signals;
        _lastMid = state.LastMid;
        _recentCount = state.RecentCount;
        Array.Clear(_recent);
        var recent = state.Recent;
        for (var i = 0; i < recent.Length; i++)
        {
            _recent[(_recentCount - recent.Length + i) % RecentCandidateCapacity] = recent[i];
        }

        _durableCandidate = _session.CandidatesEmitted;
    }

    private CandidateVerdict[] RecentInOrder()
    {
        var count = (int)Math.Min(_recentCount, RecentCandidateCapacity);
        var result = new CandidateVerdict[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _recent[(_recentCount - count + i) % RecentCandidateCapacity];
        }

        return result;
    }
}
