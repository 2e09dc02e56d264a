namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Triple-barrier labelling (López de Prado, AFML §3.4–3.6, snippets 3.2–3.5). For each event starting at index
/// <c>s</c> with side <c>d ∈ {+1, −1}</c> and volatility <c>σ = volatility[s]</c> (log-return units), the
/// profit-taking barrier is the price <c>p[s]·exp(d·pt·σ)</c>, the stop-loss barrier <c>p[s]·exp(−d·sl·σ)</c>, and
/// the vertical barrier the last index <c>j ≤ s + MaxHoldingObservations</c> with
/// <c>time[j] − time[s] ≤ MaxHoldingNanos</c>. The first index <c>j &gt; s</c> whose price is strictly beyond a
/// horizontal barrier is the touch; otherwise the vertical barrier (or the last observation) is.
/// Acausal by design: labels read the future and are for training and evaluation only.
/// Cost: O(holding period) per event, no allocation.
/// </summary>
public static class TripleBarrierLabeler
{
    /// <summary>Labels every event.</summary>
    /// <param name="times">Observation times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="prices">Prices, positive, shape (n).</param>
    /// <param name="volatility">Barrier scale per observation in log-return units (e.g. <see cref="EwmaVolatility"/> or
    /// <see cref="AverageTrueRange"/>), finite and ≥ 0, shape (n); the value at the event's start is used.</param>
    /// <param name="events">Start indices of the events, each in [0, n).</param>
    /// <param name="sides">Side of each event (+1 long, −1 short), shape (events), or empty for all long (AFML's
    /// "learn the side" case).</param>
    /// <param name="options">Barrier multiples and the vertical barrier.</param>
    /// <param name="destination">One label per event, shape (events).</param>
    /// <exception cref="ArgumentException">Lengths differ; an event index is out of range; a side is not ±1; the
    /// volatility at an event is negative or not finite; a price at an event is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> is invalid.</exception>
    public static void Label(
        ReadOnlySpan<long> times,
        ReadOnlySpan<double> prices,
        ReadOnlySpan<double> volatility,
        ReadOnlySpan<int> events,
        ReadOnlySpan<sbyte> sides,
        TripleBarrierOptions options,
        Span<TripleBarrierLabel> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = prices.Length;
        if (times.Length != n || volatility.Length != n)
        {
            throw new ArgumentException($"times ({times.Length}), prices ({n}) and volatility ({volatility.Length}) must have equal lengths.", nameof(times));
        }

        if (destination.Length != events.Length || (sides.Length != 0 && sides.Length != events.Length))
        {
            throw new ArgumentException($"destination ({destination.Length}) and sides ({sides.Length}, or 0) must match events ({events.Length}).", nameof(destination));
        }

        var pt = options.ProfitTakingMultiple;
        var sl = options.StopLossMultiple;
        for (var e = 0; e < events.Length; e++)
        {
            var s = events[e];
            if ((uint)s >= (uint)n)
            {
                throw new ArgumentException($"events[{e}] = {s} is outside [0, {n}).", nameof(events));
            }

            int side = sides.Length == 0 ? 1 : sides[e];
            if (side is not (1 or -1))
            {
                throw new ArgumentException($"sides[{e}] = {side}; a side must be +1 or -1.", nameof(sides));
            }

            var sigma = volatility[s];
            var p0 = prices[s];
            if (!double.IsFinite(sigma) || sigma < 0)
            {
                throw new ArgumentException($"volatility[{s}] = {sigma} must be finite and ≥ 0.", nameof(volatility));
            }

            if (!(p0 > 0))
            {
                throw new ArgumentException($"prices[{s}] = {p0} must be positive.", nameof(prices));
            }

            // Upper and lower price barriers; a zero multiple disables its barrier (AFML snippet 3.2).
            var upMultiple = side > 0 ? pt : sl;
            var downMultiple = side > 0 ? sl : pt;
            var upper = upMultiple > 0 ? p0 * Math.Exp(upMultiple * sigma) : double.PositiveInfinity;
            var lower = downMultiple > 0 ? p0 * Math.Exp(-downMultiple * sigma) : double.NegativeInfinity;
            var last = (int)Math.Min((long)s + options.MaxHoldingObservations, n - 1L);
            var t0 = times[s];
            var touch = s;
            var kind = BarrierKind.Vertical;
            for (var j = s + 1; j <= last; j++)
            {
                if (times[j] - t0 > options.MaxHoldingNanos)
                {
                    break;
                }

                touch = j;
                var p = prices[j];
                if (p > upper)
                {
                    kind = side > 0 ? BarrierKind.ProfitTaking : BarrierKind.StopLoss;
                    break;
                }

                if (p < lower)
                {
                    kind = side > 0 ? BarrierKind.StopLoss : BarrierKind.ProfitTaking;
                    break;
                }
            }

            var ret = side * ((prices[touch] / p0) - 1.0);
            sbyte label = kind == BarrierKind.Vertical && options.ZeroLabelAtVertical ? (sbyte)0 : (sbyte)Math.Sign(ret);
            destination[e] = new TripleBarrierLabel(s, touch, t0, times[touch], ret, label, kind);
        }
    }

    /// <summary>Labels every event and returns a new array (see the span overload).</summary>
    /// <param name="times">Observation times, UTC nanoseconds, shape (n).</param>
    /// <param name="prices">Prices, shape (n).</param>
    /// <param name="volatility">Barrier scale per observation, log-return units, shape (n).</param>
    /// <param name="events">Start indices of the events.</param>
    /// <param name="sides">Sides (+1/−1) per event, or empty for all long.</param>
    /// <param name="options">Barrier multiples and the vertical barrier.</param>
    /// <returns>One label per event, shape (events).</returns>
    /// <exception cref="ArgumentException">As for the span overload.</exception>
    public static TripleBarrierLabel[] Label(
        ReadOnlySpan<long> times, ReadOnlySpan<double> prices, ReadOnlySpan<double> volatility, ReadOnlySpan<int> events, ReadOnlySpan<sbyte> sides, TripleBarrierOptions options)
    {
        var result = new TripleBarrierLabel[events.Length];
        Label(times, prices, volatility, events, sides, options, result);
        return result;
    }
}
