using System.Globalization;
using Orleans.Concurrency;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Judge;

/// <summary>The symbol's judge; the baseline is <see cref="ForecastToNoiseGate"/>, a stateless rule (no fitted model to
/// persist), so the grain is an Orleans stateless worker.</summary>
[StatelessWorker]
public sealed class JudgeGrain : Grain, IJudgeGrain
{
    private readonly ForecastToNoiseGate _gate;

    /// <summary>Creates the judge with the strategy's threshold.</summary>
    public JudgeGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = new ForecastToNoiseGate(options.JudgeMinimumRatio);
    }

    /// <inheritdoc />
    public ValueTask<GateDecision> Evaluate(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var passed = _gate.Passes(signal.ExpectedLogReturn, signal.NoiseStandardDeviation, out var ratio);
        return new(new GateDecision(passed, "judge:forecast-to-noise", ratio,
            string.Create(CultureInfo.InvariantCulture, $"|forecast|/noise = {ratio:0.000}, minimum {_gate.MinimumRatio}")));
    }
}
