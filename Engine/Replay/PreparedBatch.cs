using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Engine.Replay;

/// <summary>One batch of the feed, split for the grains (the feed reuses its buffer, so this is a copy).</summary>
/// <param name="PerSymbol">Events of each symbol, in the replay's symbol order, in time order.</param>
/// <param name="Quotes">Every NBBO update of the batch, in time order (for the venue).</param>
/// <param name="LastQuotes">The last NBBO of each symbol that changed in the batch.</param>
/// <param name="Time">Market time of the batch's last event, UTC nanoseconds.</param>
/// <param name="Count">Events in the batch.</param>
/// <param name="WarmUp">True for events a resumed replay had already processed (symbol grains only).</param>
internal sealed record PreparedBatch(MarketEvent[][] PerSymbol, Quote[] Quotes, Quote[] LastQuotes, long Time, int Count, bool WarmUp)
{
    public static PreparedBatch From(ReadOnlySpan<MarketEvent> batch, IReadOnlyDictionary<Symbol, int> index, bool warmUp = false)
    {
        var counts = new int[index.Count];
        var quoteCount = 0;
        foreach (ref readonly var e in batch)
        {
            counts[index[e.Symbol]]++;
            quoteCount += e.Kind == MarketEventKind.Quote ? 1 : 0;
        }

        var perSymbol = counts.Select(c => c == 0 ? [] : new MarketEvent[c]).ToArray();
        var quotes = new Quote[quoteCount];
        var last = new Quote?[index.Count];
        var filled = new int[index.Count];
        var q = 0;
        foreach (ref readonly var e in batch)
        {
            var i = index[e.Symbol];
            perSymbol[i][filled[i]++] = e;
            if (e.Kind == MarketEventKind.Quote)
            {
                quotes[q++] = e.Quote;
                last[i] = e.Quote;
            }
        }

        return new PreparedBatch(perSymbol, quotes, last.Where(x => x is not null).Select(x => x!.Value).ToArray(), batch[^1].Time.Value, batch.Length, warmUp);
    }
}
