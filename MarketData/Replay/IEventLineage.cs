namespace Quant.Orleans.MarketData.Replay;

/// <summary>
/// A <see cref="IMarketEventSource"/> that can say where the event it returned last came from. The lineage is asked
/// for only by a consumer that records it (<see cref="ReplayFeed.RunAsync(Func{ReadOnlyMemory{MarketEvent}, ReadOnlyMemory{EventOrigin}, ValueTask}, CancellationToken)"/>),
/// so a source does no per-event lineage work beyond keeping the line numbers it already parsed.
/// </summary>
public interface IEventLineage
{
    /// <summary>The origin of <paramref name="marketEvent"/>, which must be the event the last successful
    /// <see cref="IMarketEventSource.TryRead"/> returned (call it before the next read).</summary>
    /// <param name="marketEvent">The event just read.</param>
    /// <exception cref="InvalidOperationException">No event has been read, or the source is exhausted.</exception>
    EventOrigin OriginOf(in MarketEvent marketEvent);
}
