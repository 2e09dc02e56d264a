namespace Quant.Orleans.MarketData.Replay;

/// <summary>
/// One symbol's stream of market events in non-decreasing time order, pulled one at a time. A source that hits a
/// malformed file throws <see cref="MarketDataFormatException"/> (or an <see cref="IOException"/> for an unreadable
/// one); the <see cref="ReplayFeed"/> then records the failure and stops only that source.
/// </summary>
public interface IMarketEventSource : IDisposable
{
    /// <summary>The instrument of every event.</summary>
    Symbol Symbol { get; }

    /// <summary>The next event; false when the stream is exhausted.</summary>
    /// <exception cref="MarketDataFormatException">A file of the stream is malformed.</exception>
    bool TryRead(out MarketEvent marketEvent);
}
