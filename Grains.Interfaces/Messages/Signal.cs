using Quant.Orleans.Core;

namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>
/// A forecast of one symbol that passed (or is being judged by) the gates. Immutable: Orleans passes it by reference
/// inside a silo.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Market time of the forecast, UTC.</param>
/// <param name="Nbbo">The NBBO at the forecast.</param>
/// <param name="ExpectedLogReturn">Expected log return of the mid over <paramref name="Horizon"/>.</param>
/// <param name="NoiseStandardDeviation">Residual standard deviation of the model over the same horizon (log return).</param>
/// <param name="Horizon">Forecast horizon.</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast, log return per √second.</param>
/// <param name="ModelVersion">The model that produced it, e.g. <c>ridge-baseline@2013-10-07</c>.</param>
/// <param name="Candidate">The symbol's running candidate number (1 for its first forecast): gates answer a candidate
/// delivered again after a restart with the decision they gave it the first time.</param>
/// <param name="Trend">The filtered trend at the forecast: the wavelet-UKF state's slope of ln mid, ln price per second
/// (the policy head's trend input); NaN when the sender has none.</param>
/// <param name="JudgeVersion">The judge that passed it (<c>judge:forecast-to-noise</c> for the rule baseline, else the
/// trained judge's version); null until judged.</param>
/// <param name="JudgeProbability">The trained judge's calibrated P(take) in (0, 1); NaN for the rule or until judged.</param>
/// <param name="Confidence">The primary model's confidence that the return has the forecast's sign, in [0.5, 1]: for the
/// ridge baseline's Gaussian forecast Φ(|μ|/σ); for the student the probability mass of its predictive distribution on
/// the median's side of zero (<c>StudentForecast.Confidence</c>). NaN when the sender has none.</param>
/// <param name="QuantileLow">The forecast's 0.1 quantile of the log return over the horizon: the student's own; for
/// the ridge baseline's Gaussian forecast μ − 1.2816·σ. NaN when the sender has none.</param>
/// <param name="QuantileHigh">The 0.9 quantile (μ + 1.2816·σ for the ridge). NaN when none.</param>
[GenerateSerializer, Immutable, Alias("qo.Signal")]
public sealed record Signal(
    [property: Id(0)] Symbol Symbol,
    [property: Id(1)] UnixNanos Time,
    [property: Id(2)] Quote Nbbo,
    [property: Id(3)] double ExpectedLogReturn,
    [property: Id(4)] double NoiseStandardDeviation,
    [property: Id(5)] TimeSpan Horizon,
    [property: Id(6)] double RealisedVolatility,
    [property: Id(7)] string ModelVersion,
    [property: Id(8)] long Candidate = 0,
    [property: Id(9)] double Trend = double.NaN,
    [property: Id(10)] string? JudgeVersion = null,
    [property: Id(11)] double JudgeProbability = double.NaN,
    [property: Id(12)] double Confidence = double.NaN,
    [property: Id(13)] double QuantileLow = double.NaN,
    [property: Id(14)] double QuantileHigh = double.NaN);

/// <summary>A gate's verdict on a signal.</summary>
/// <param name="Passed">True when the signal may proceed.</param>
/// <param name="Gate">Which gate decided, e.g. <c>regime:hmm</c> or <c>judge:forecast-to-noise</c>.</param>
/// <param name="Value">The statistic the gate looked at (probability, percentile, ratio).</param>
/// <param name="Reason">Human explanation naming the value and the rule.</param>
/// <param name="Posterior">The HMM regime gate's filtered state probabilities, calmest state first, shape (K); null for
/// other gates (the judge reads them as its <c>regime_r</c> features).</param>
[GenerateSerializer, Immutable, Alias("qo.GateDecision")]
public sealed record GateDecision([property: Id(0)] bool Passed, [property: Id(1)] string Gate, [property: Id(2)] double Value, [property: Id(3)] string Reason, [property: Id(4)] double[]? Posterior = null);

/// <summary>A batch of signals for an account, in time then symbol order (the array is never changed once sent).</summary>
/// <param name="Signals">The signals.</param>
[GenerateSerializer, Immutable, Alias("qo.SignalBatch")]
public sealed record SignalBatch([property: Id(0)] Signal[] Signals);
