namespace Quant.Orleans.Research.Labels;

/// <summary>
/// The outcome of one triple-barrier event (AFML §3.4–3.5). Acausal: it is built from prices after
/// <see cref="StartIndex"/> and is for training and evaluation only, never for live decisions.
/// </summary>
/// <param name="StartIndex">Index of the event's first observation in the price series.</param>
/// <param name="TouchIndex">Index of the observation at which the first barrier was touched (≥ <see cref="StartIndex"/>).</param>
/// <param name="StartTime">Time of <see cref="StartIndex"/>, UTC nanoseconds.</param>
/// <param name="TouchTime">Time of <see cref="TouchIndex"/>, UTC nanoseconds (AFML's <c>t1</c>).</param>
/// <param name="Return">Side-adjusted simple return from start to touch: <c>side · (p[touch]/p[start] − 1)</c>.</param>
/// <param name="Label">+1, −1, or 0: the sign of <see cref="Return"/>; 0 for a vertical touch when
/// <see cref="TripleBarrierOptions.ZeroLabelAtVertical"/> is set.</param>
/// <param name="Barrier">Which barrier was touched first.</param>
public readonly record struct TripleBarrierLabel(
    int StartIndex,
    int TouchIndex,
    long StartTime,
    long TouchTime,
    double Return,
    sbyte Label,
    BarrierKind Barrier);
