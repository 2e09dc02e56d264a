using System.Globalization;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Regime;

/// <summary>The symbol's regime gate, fitted on earlier days only: by default the <see cref="HmmRegimeGate"/> (causal
/// forward filter of a Gaussian HMM on ln realised volatility); the <see cref="VolatilityPercentileGate"/> baseline is
/// selectable through <see cref="StrategyOptions.RegimeGate"/>. Its state (<see cref="RegimeGrainState"/>) is written when
/// the symbol grain checkpoints and on deactivation. Verdicts are kept until the symbol grain's checkpoint covers
/// them, so a candidate delivered again after a restart gets the verdict it had, and the filter is not advanced twice.</summary>
public sealed class RegimeGrain : Grain, IRegimeGrain
{
    private readonly StrategyOptions _options;
    private readonly IPersistentState<RegimeGrainState> _state;
    private readonly ILogger<RegimeGrain> _logger;
    private readonly List<RegimeVerdict> _verdicts = [];
    private VolatilityPercentileGate? _percentile;
    private HmmRegimeGate? _hmm;
    private long _evaluations;
    private long _passed;
    private long _lastCandidate;
    private GateDecision? _last;
    private UnixNanos? _lastTime;
    private bool _dirty;

    /// <summary>Creates the gate with the strategy's settings.</summary>
    public RegimeGrain(StrategyOptions options, [PersistentState("regime", GridStorage.Name)] IPersistentState<RegimeGrainState> state, ILogger<RegimeGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        _options = options;
        _state = state;
        _logger = logger;
        NewGate();
    }

    /// <summary>Restores the persisted gate, if any.</summary>
    /// <exception cref="ArgumentException">The persisted state was taken under other gate settings or is damaged; the
    /// activation fails naming the field (the symbol grain resets the gate when it starts a new stream).</exception>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.RecordExists)
        {
            var s = _state.State;
            if (s.Hmm is { } hmm && _hmm is not null)
            {
                _hmm.Restore(hmm);
            }
            else if (s.Percentile is { } percentile && _percentile is not null)
            {
                _percentile.Restore(percentile);
            }

            _evaluations = s.Evaluations;
            _passed = s.Passed;
            _last = s.Last;
            _lastTime = s.LastTime;
            _lastCandidate = s.LastCandidate;
            _verdicts.AddRange(s.Verdicts);
        }

        return Task.CompletedTask;
    }

    /// <summary>Persists the state before the activation goes away.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _dirty && _options.PersistOnDeactivation ? Write() : Task.CompletedTask;

    /// <inheritdoc />
    public Task FitDay(DayVolatility day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var fitted = _hmm is not null ? _hmm.FittedDay : _percentile!.FittedDay;
        if (fitted is { } last && day.Day <= last)
        {
            return Task.CompletedTask; // delivered again after a restart: already fitted
        }

        _hmm?.Fit(day.Day, day.RealisedVolatility);
        _percentile?.Fit(day.Day, day.RealisedVolatility);
        _dirty = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<GateDecision> Evaluate(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Candidate > 0 && signal.Candidate <= _lastCandidate)
        {
            return new(Repeat(signal.Candidate));
        }

        if (signal.Candidate > _lastCandidate + 1 && _lastCandidate > 0)
        {
            // The gate's state is older than its symbol's (its own write was lost): decisions go on from the state it has.
            _logger.LogWarning("Regime {Symbol}: candidate {Candidate} follows {Last}; the verdicts in between were lost with the gate's state, so its filter skipped them.", signal.Symbol.Ticker, signal.Candidate, _lastCandidate);
        }

        var decision = Decide(signal);
        _evaluations++;
        _passed += decision.Passed ? 1 : 0;
        _last = decision;
        _lastTime = signal.Time;
        if (signal.Candidate > 0)
        {
            _lastCandidate = signal.Candidate;
            _verdicts.Add(new RegimeVerdict(signal.Candidate, decision.Passed, decision.Value, decision.Posterior));
        }

        _dirty = true;
        return new(decision);
    }

    /// <inheritdoc />
    public Task Checkpoint(long durableCandidate)
    {
        var covered = 0;
        while (covered < _verdicts.Count && _verdicts[covered].Candidate <= durableCandidate)
        {
            covered++;
        }

        if (covered > 0)
        {
            _verdicts.RemoveRange(0, covered);
            _dirty = true;
        }

        return _dirty ? Write() : Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Reset()
    {
        NewGate();
        _verdicts.Clear();
        _evaluations = _passed = _lastCandidate = 0;
        _last = null;
        _lastTime = null;
        _dirty = false;
        if (_state.RecordExists)
        {
            await _state.ClearStateAsync();
        }

        _state.State = new RegimeGrainState();
    }

    /// <inheritdoc />
    public Task<RegimeStatus> GetStatus() => Task.FromResult(new RegimeStatus(
        new Symbol(this.GetPrimaryKeyString()),
        _hmm is not null ? "regime:hmm" : "regime:vol-percentile",
        _hmm is not null ? _hmm.FittedDay : _percentile!.FittedDay,
        _evaluations,
        _passed,
        _lastTime,
        _last?.Value ?? double.NaN,
        _last?.Passed,
        _last?.Reason));

    private void NewGate()
    {
        if (_options.RegimeGate == RegimeGateKind.Hmm)
        {
            _hmm = new HmmRegimeGate(_options.RegimeHmmStates, _options.RegimeHmmMaxHighVolatilityProbability, _options.Session.VolatilitySampleInterval.TotalSeconds, _options.RegimeHmmMaxLowVolatilityProbability);
            _percentile = null;
        }
        else
        {
            _percentile = new VolatilityPercentileGate(_options.RegimeLowerPercentile, _options.RegimeUpperPercentile);
            _hmm = null;
        }
    }

    private async Task Write()
    {
        var s = _state.State;
        s.Hmm = _hmm?.Capture();
        s.Percentile = _percentile?.Capture();
        s.Evaluations = _evaluations;
        s.Passed = _passed;
        s.Last = _last;
        s.LastTime = _lastTime;
        s.LastCandidate = _lastCandidate;
        s.Verdicts = [.. _verdicts];
        await _state.WriteStateAsync();
        _dirty = false;
    }

    /// <summary>The verdict a candidate got the first time.</summary>
    /// <exception cref="InvalidOperationException">It is no longer kept (its symbol grain's checkpoint covered it).</exception>
    private GateDecision Repeat(long candidate)
    {
        var index = _verdicts.BinarySearch(new RegimeVerdict(candidate, false, 0), VerdictOrder.Instance);
        if (index < 0)
        {
            throw new InvalidOperationException(
                $"Regime {this.GetPrimaryKeyString()}: candidate {candidate} was judged before (last judged {_lastCandidate}) but its verdict is no longer kept; the symbol grain's checkpoint and this gate's state disagree.");
        }

        var v = _verdicts[index];
        var gate = _hmm is not null ? "regime:hmm" : "regime:vol-percentile";
        return new GateDecision(v.Passed, gate, v.Value, string.Create(CultureInfo.InvariantCulture, $"verdict of candidate {candidate} repeated after a restart (value {v.Value:0.000})"), v.Posterior);
    }

    private GateDecision Decide(Signal signal)
    {
        if (_hmm is not null)
        {
            var pass = _hmm.Passes(signal.Time, signal.RealisedVolatility, out var pHigh);
            var why = _hmm.FittedDay is null
                ? "no previous day fitted"
                : string.Create(CultureInfo.InvariantCulture, $"P(most volatile of {_hmm.States} HMM states) = {pHigh:0.000} (model of {_hmm.FittedDay:yyyy-MM-dd}), allowed <= {_hmm.MaxHighVolatilityProbability}")
                  + (_hmm.MaxLowVolatilityProbability < 1 && _hmm.Posterior.Length > 0
                      ? string.Create(CultureInfo.InvariantCulture, $"; P(calmest state) = {_hmm.Posterior[0]:0.000}, allowed <= {_hmm.MaxLowVolatilityProbability}")
                      : string.Empty);
            return new GateDecision(pass, "regime:hmm", pHigh, why, _hmm.FittedDay is null ? null : _hmm.Posterior.ToArray());
        }

        var gate = _percentile!;
        var passed = gate.Passes(signal.RealisedVolatility, out var percentile);
        var reason = gate.FittedDay is null
            ? "no previous day fitted"
            : string.Create(CultureInfo.InvariantCulture, $"realised volatility at percentile {percentile:0.0} of {gate.FittedDay:yyyy-MM-dd}, allowed [{gate.LowerPercent}, {gate.UpperPercent}]");
        return new GateDecision(passed, "regime:vol-percentile", percentile, reason);
    }

    private sealed class VerdictOrder : IComparer<RegimeVerdict>
    {
        public static VerdictOrder Instance { get; } = new();

        public int Compare(RegimeVerdict x, RegimeVerdict y) => x.Candidate.CompareTo(y.Candidate);
    }
}
