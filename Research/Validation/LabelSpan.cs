namespace Quant.Orleans.Research.Validation;

/// <summary>
/// The interval a sample's label depends on: from the time its features are observed (<see cref="Start"/>, AFML's
/// <c>t0</c>) to the time its label is known (<see cref="End"/>, AFML's <c>t1</c>), both inclusive, in one unit
/// across a data set (UTC nanoseconds or observation indices).
/// </summary>
/// <param name="Start">Start of the label interval, inclusive.</param>
/// <param name="End">End of the label interval, inclusive (≥ <see cref="Start"/>).</param>
public readonly record struct LabelSpan(long Start, long End)
{
    /// <summary>True when the two closed intervals share a point.</summary>
    /// <param name="other">Another interval.</param>
    /// <returns><c>Start ≤ other.End &amp;&amp; other.Start ≤ End</c>.</returns>
    public bool Overlaps(LabelSpan other) => Start <= other.End && other.Start <= End;
}
