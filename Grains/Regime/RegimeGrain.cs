using System.Globalization;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Regime;

/// <summary>The symbol's regime gate; the baseline is <see cref="VolatilityPercentileGate"/>, fitted on the previous day.</summary>
public sealed class RegimeGrain : Grain, IRegimeGrain
{
    private readonly VolatilityPercentileGate _gate;

    /// <summary>Creates the gate with the strategy's bounds.</summary>
    public RegimeGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = new VolatilityPercentileGate(options.RegimeLowerPercentile, options.RegimeUpperPercentile);
    }

    /// <inheritdoc />
    public Task FitDay(DateOnly day, double[] realisedVolatility)
    {
        _gate.Fit(day, realisedVolatility);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<GateDecision> Evaluate(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var passed = _gate.Passes(signal.RealisedVolatility, out var percentile);
        var reason = _gate.FittedDay is null
            ? "no previous day fitted"
            : string.Create(CultureInfo.InvariantCulture, $"realised volatility at percentile {percentile:0.0} of {_gate.FittedDay:yyyy-MM-dd}, allowed [{_gate.LowerPercent}, {_gate.UpperPercent}]");
        return new(new GateDecision(passed, "regime:vol-percentile", percentile, reason));
    }
}
