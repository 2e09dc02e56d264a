using System.Globalization;
using Orleans.Concurrency;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Judge;

/// <summary>
/// The symbol's judge, by <see cref="StrategyOptions.Profile"/>:
/// <list type="bullet">
/// <item>Baseline: <see cref="ForecastToNoiseGate"/>, |forecast|/noise ≥ <see cref="StrategyOptions.JudgeMinimumRatio"/>
/// (gate <c>judge:forecast-to-noise</c>).</item>
/// <item>Sniper, Reckless: the primary's confidence ≥ <see cref="StrategyOptions.MinimumConfidence"/> (gate
/// <c>judge:confidence</c>).</item>
/// <item>Audited: the confidence threshold, then the trained judge (<see cref="StrategyOptions.Judge"/>): P(take) of
/// the request's feature row ≥ the judge's threshold (gate = the judge's version, value = P(take)); a request without
/// a row (the symbol had not seen a grid step of the session yet) is blocked, named as such, and so is every candidate
/// when the profile has no trained judge (gate <c>judge:none</c>).</item>
/// </list>
/// The trained judge is read-only and loaded once per silo, so the grain keeps no state: a stateless worker.
/// </summary>
[StatelessWorker]
public sealed class JudgeGrain : Grain, IJudgeGrain
{
    private readonly StrategyOptions _options;
    private readonly ForecastToNoiseGate _gate;

    /// <summary>Creates the judge with the strategy's settings.</summary>
    public JudgeGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _gate = new ForecastToNoiseGate(options.JudgeMinimumRatio);
    }

    /// <inheritdoc />
    public ValueTask<JudgeStatus> GetStatus()
    {
        var judge = _options.Judge;
        var rule = _options.Profile switch
        {
            StrategyProfile.Baseline => string.Create(CultureInfo.InvariantCulture, $"|forecast|/noise >= {_gate.MinimumRatio}"),
            StrategyProfile.Audited => judge is null
                ? "no trained judge: every candidate is blocked"
                : string.Create(CultureInfo.InvariantCulture, $"confidence >= {_options.MinimumConfidence}, then P(take) >= {judge.Model.Threshold:0.00}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"confidence >= {_options.MinimumConfidence}"),
        };
        if (judge is null || _options.Profile != StrategyProfile.Audited)
        {
            return new(new JudgeStatus(_options.Profile.ToString(), rule, null, double.NaN, double.NaN, []));
        }

        var gains = judge.Model.GainImportance();
        var total = gains.Sum(g => g.Gain);
        return new(new JudgeStatus(
            _options.Profile.ToString(), rule, judge.Version, judge.Model.Threshold, judge.Model.CvReport.OutOfFoldAuc,
            [.. gains.Select(g => new FeatureImportance(g.Name, total > 0 ? g.Gain / total : 0))]));
    }

    /// <inheritdoc />
    public ValueTask<GateDecision> Evaluate(JudgeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signal = request.Signal;
        if (_options.Profile == StrategyProfile.Baseline)
        {
            var passed = _gate.Passes(signal.ExpectedLogReturn, signal.NoiseStandardDeviation, out var ratio);
            return new(new GateDecision(passed, "judge:forecast-to-noise", ratio,
                string.Create(CultureInfo.InvariantCulture, $"|forecast|/noise = {ratio:0.000}, minimum {_gate.MinimumRatio}")));
        }

        var confidence = signal.Confidence;
        if (!(confidence >= _options.MinimumConfidence))
        {
            return new(new GateDecision(false, "judge:confidence", confidence,
                string.Create(CultureInfo.InvariantCulture, $"confidence {confidence:0.000} below the {_options.Profile} profile's {_options.MinimumConfidence}")));
        }

        var judge = _options.Judge;
        if (judge is null && _options.Profile == StrategyProfile.Audited)
        {
            return new(new GateDecision(false, "judge:none", confidence, "the Audited profile has no trained judge (none could be trained before this day)"));
        }

        if (judge is null)
        {
            return new(new GateDecision(true, "judge:confidence", confidence,
                string.Create(CultureInfo.InvariantCulture, $"confidence {confidence:0.000} >= {_options.MinimumConfidence} ({_options.Profile})")));
        }

        if (request.Features is not { } row)
        {
            return new(new GateDecision(false, judge.Version, double.NaN, "no judge features yet: the symbol has not seen a grid step of this session"));
        }

        var model = judge.Model;
        var p = model.Probability(row);
        return new(new GateDecision(p >= model.Threshold, judge.Version, p,
            string.Create(CultureInfo.InvariantCulture, $"P(take) = {p:0.000}, threshold {model.Threshold:0.00} (confidence {confidence:0.000})")));
    }
}
