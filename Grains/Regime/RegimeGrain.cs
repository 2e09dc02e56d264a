using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Regime;

/// <summary>The symbol's regime gate, fitted on earlier days only: by default the <see cref="HmmRegimeGate"/> (causal
/// forward filter of a Gaussian HMM on ln realised volatility); the <see cref="VolatilityPercentileGate"/> baseline is
/// selectable through <see cref="StrategyOptions.RegimeGate"/>.</summary>
public sealed class RegimeGrain : Grain, IRegimeGrain
{
    private readonly VolatilityPercentileGate? _percentile;
    private readonly HmmRegimeGate? _hmm;
    private long _evaluations;
    private long _passed;
    private GateDecision? _last;
    private UnixNanos? _lastTime;

    /// <summary>Creates the gate with the strategy's settings.</summary>
    public RegimeGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RegimeGate == RegimeGateKind.Hmm)
        {
            _hmm = new HmmRegimeGate(options.RegimeHmmStates, options.RegimeHmmMaxHighVolatilityProbability, options.Session.VolatilitySampleInterval.TotalSeconds);
        }
        else
        {
            _percentile = new VolatilityPercentileGate(options.RegimeLowerPercentile, options.RegimeUpperPercentile);
        }
    }

    /// <inheritdoc />
    public Task FitDay(DateOnly day, double[] realisedVolatility)
    {
        _hmm?.Fit(day, realisedVolatility);
        _percentile?.Fit(day, realisedVolatility);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<GateDecision> Evaluate(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var decision = Decide(signal);
        _evaluations++;
        _passed += decision.Passed ? 1 : 0;
        _last = decision;
        _lastTime = signal.Time;
        return new(decision);
    }

    /// <inheritdoc />
    public Task<RegimeStatus> GetStatus() => Task.FromResult(new RegimeStatus(
        new Symbol(GetPrimaryKeyString()),
        _hmm is not null ? "regime:hmm" : "regime:vol-percentile",
        _hmm is not null ? _hmm.FittedDay : _percentile!.FittedDay,
        _evaluations,
        _passed,
        _lastTime,
        _last?.Value ?? double.NaN,
        _last?.Passed,
        _last?.Reason));

    private GateDecision Decide(Signal signal)
    {
        if (_hmm is not null)
        {
            var pass = _hmm.Passes(signal.Time, signal.RealisedVolatility, out var pHigh);
            var why = _hmm.FittedDay is null
                ? "no previous day fitted"
                : string.Create(CultureInfo.InvariantCulture, $"P(most volatile of {_hmm.States} HMM states) = {pHigh:0.000} (model of {_hmm.FittedDay:yyyy-MM-dd}), allowed <= {_hmm.MaxHighVolatilityProbability}");
            return new GateDecision(pass, "regime:hmm", pHigh, why);
        }

        var gate = _percentile!;
        var passed = gate.Passes(signal.RealisedVolatility, out var percentile);
        var reason = gate.FittedDay is null
            ? "no previous day fitted"
            : string.Create(CultureInfo.InvariantCulture, $"realised volatility at percentile {percentile:0.0} of {gate.FittedDay:yyyy-MM-dd}, allowed [{gate.LowerPercent}, {gate.UpperPercent}]");
        return new GateDecision(passed, "regime:vol-percentile", percentile, reason);
    }
}
