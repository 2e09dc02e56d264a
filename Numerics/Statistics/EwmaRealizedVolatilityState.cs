namespace Quant.Orleans.Numerics.Statistics;

/// <summary>
/// A checkpoint of an <see cref="EwmaRealizedVolatility"/> (<see cref="EwmaRealizedVolatility.Capture"/>): the two
/// decayed sums and the last observation. Plain data.
/// </summary>
/// <param name="HalfLifeTicks">The half-life, ticks of 100 ns (checked against the estimator restored into).</param>
/// <param name="Count">Log prices seen, ≥ 0.</param>
/// <param name="LastTimeNanos">The last observation time, <see cref="Core.UnixNanos"/> value (0 before one).</param>
/// <param name="LastLogPrice">The last log price, finite (0 before one).</param>
/// <param name="SumSquares">Σ wₖ rₖ², (log return)², finite and ≥ 0.</param>
/// <param name="SumTime">Σ wₖ Δtₖ, seconds, finite and ≥ 0.</param>
public sealed record EwmaRealizedVolatilityState(long HalfLifeTicks, long Count, long LastTimeNanos, double LastLogPrice, double SumSquares, double SumTime);
