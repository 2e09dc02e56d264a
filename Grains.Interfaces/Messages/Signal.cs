using Quant.Orleans.Core;

namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>
/// A forecast of one symbol that passed (or is being judged by) the gates. Immutable.
/// </summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Time">Market time of the forecast, UTC.</param>
/// <param name="Nbbo">The NBBO at the forecast.</param>
/// <param name="ExpectedLogReturn">Expected log return of the mid over <paramref name="Horizon"/>.</param>
/// <param name="NoiseStandardDeviation">Residual standard deviation of the model over the same horizon (log return).</param>
/// <param name="Horizon">Forecast horizon.</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast, log return per √second.</param>
/// <param name="ModelVersion">The model that produced it, e.g. <c>ridge-baseline@2013-10-07</c>.</param>
public sealed record Signal(
    Symbol Symbol,
    UnixNanos Time,
    Quote Nbbo,
    double ExpectedLogReturn,
    double NoiseStandardDeviation,
    TimeSpan Horizon,
    double RealisedVolatility,
    string ModelVersion);

/// <summary>A gate's verdict on a signal.</summary>
/// <param name="Passed">True when the signal may proceed.</param>
/// <param name="Gate">Which gate decided, e.g. <c>regime:vol-percentile</c> or <c>judge:forecast-to-noise</c>.</param>
/// <param name="Value">The statistic the gate looked at (percentile, ratio).</param>
/// <param name="Reason">Human explanation naming the value and the rule.</param>
public sealed record GateDecision(bool Passed, string Gate, double Value, string Reason);
