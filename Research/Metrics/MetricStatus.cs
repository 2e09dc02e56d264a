namespace Quant.Orleans.Research.Metrics;

/// <summary>Whether a <see cref="Metric"/> carries a number.</summary>
public enum MetricStatus
{
    /// <summary>A value was computed.</summary>
    Ok,

    /// <summary>Too few observations for the method (see <see cref="MetricOptions.MinimumObservations"/>): no number is reported.</summary>
    InsufficientObservation,

    /// <summary>The formula has no value for this data (e.g. zero variance, no losing period).</summary>
    Undefined,
}
