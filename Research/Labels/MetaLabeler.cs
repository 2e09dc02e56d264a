namespace Quant.Orleans.Research.Labels;

/// <summary>
/// Side-aware meta-labelling (López de Prado, AFML §3.6, snippet 3.7): the primary model supplies a side per event,
/// the triple barrier is placed for that side (profit-taking above the entry for a long, below for a short), and the
/// secondary label is 1 exactly when the side-adjusted return net of costs is positive. Acausal (labels only).
/// </summary>
public static class MetaLabeler
{
    /// <summary>Builds meta-labels for the primary model's trades.</summary>
    /// <param name="times">Observation times, UTC nanoseconds, shape (n).</param>
    /// <param name="prices">Prices, positive, shape (n).</param>
    /// <param name="volatility">Barrier scale, log-return units, shape (n).</param>
    /// <param name="events">Start indices of the primary model's trades.</param>
    /// <param name="sides">The primary model's sides, +1 or −1, shape (events).</param>
    /// <param name="options">Barriers.</param>
    /// <param name="roundTripCost">Cost of entering and leaving, as a fraction of notional (e.g. 0.0002 for 2 bp), ≥ 0.</param>
    /// <returns>One meta-label per event, shape (events).</returns>
    /// <exception cref="ArgumentException"><paramref name="sides"/> does not have one ±1 per event, or as for
    /// <see cref="TripleBarrierLabeler.Label(ReadOnlySpan{long}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{sbyte}, TripleBarrierOptions, Span{TripleBarrierLabel})"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="roundTripCost"/> is negative or not finite.</exception>
    public static MetaLabel[] Label(
        ReadOnlySpan<long> times, ReadOnlySpan<double> prices, ReadOnlySpan<double> volatility, ReadOnlySpan<int> events, ReadOnlySpan<sbyte> sides, TripleBarrierOptions options, double roundTripCost)
    {
        if (!double.IsFinite(roundTripCost) || roundTripCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(roundTripCost), roundTripCost, "roundTripCost must be finite and ≥ 0.");
        }

        if (sides.Length != events.Length)
        {
            throw new ArgumentException($"sides has {sides.Length} entries for {events.Length} events; meta-labels need the primary model's side of every event.", nameof(sides));
        }

        var barriers = TripleBarrierLabeler.Label(times, prices, volatility, events, sides, options);
        var result = new MetaLabel[events.Length];
        for (var i = 0; i < barriers.Length; i++)
        {
            var net = barriers[i].Return - roundTripCost;
            result[i] = new MetaLabel(events[i], sides[i], net, net > 0 ? (byte)1 : (byte)0);
        }

        return result;
    }
}
