using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Nbbo;

/// <summary>
/// Builds the national best bid and offer (NBBO) of one symbol from quote updates and reports a new <see cref="Quote"/>
/// only when the NBBO actually changes (price or size on either side).
/// With <see cref="NbboInputConvention.PerExchange"/> the state is four fixed arrays of 26 slots (venue codes 'A'..'Z');
/// the best bid is the highest positive bid across venues, the best ask the lowest positive ask, and the size at each
/// is the <b>sum of the sizes of all venues quoting that best price</b> (the venue count is in
/// <see cref="BestBid"/>/<see cref="BestAsk"/>). An update costs one pass over 26 slots and allocates nothing.
/// The emitted quote is stamped with the time of the update that changed it. A locked or crossed result is still
/// reported here; filtering it is the caller's choice (the replay quarantines it). Not thread-safe.
/// </summary>
public sealed class NbboBuilder
{
    private readonly long[] _bidPrice = new long[ExchangeCodes.Count];
    private readonly long[] _bidSize = new long[ExchangeCodes.Count];
    private readonly long[] _askPrice = new long[ExchangeCodes.Count];
    private readonly long[] _askSize = new long[ExchangeCodes.Count];
    private BookLevel _bestBid;
    private BookLevel _bestAsk;
    private UnixNanos _time;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="symbol">Symbol stamped on emitted quotes.</param>
    /// <param name="convention">How updates are read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="convention"/> is undefined.</exception>
    public NbboBuilder(Symbol symbol, NbboInputConvention convention = NbboInputConvention.PerExchange)
    {
        if (!Enum.IsDefined(convention))
        {
            throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown NBBO input convention.");
        }

        Symbol = symbol;
        Convention = convention;
    }

    /// <summary>The symbol.</summary>
    public Symbol Symbol { get; }

    /// <summary>How updates are read.</summary>
    public NbboInputConvention Convention { get; }

    /// <summary>Best bid: price, total size at that price (shares), and number of venues at it (1 in consolidated mode); zero when none.</summary>
    public BookLevel BestBid => _bestBid;

    /// <summary>Best ask: price, total size at that price (shares), and number of venues at it (1 in consolidated mode); zero when none.</summary>
    public BookLevel BestAsk => _bestAsk;

    /// <summary>The current NBBO, stamped with the time of the last change (sides with no quote are zero).</summary>
    public Quote Current => new(Symbol, _time, _bestBid.Price, _bestBid.Size, _bestAsk.Price, _bestAsk.Size);

    /// <summary>Applies a Lean quote line; see <see cref="Update(char, UnixNanos, Price, Quantity, Price, Quantity, out Quote)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The exchange code is not 'A'..'Z'.</exception>
    public bool Update(in ExchangeQuote quote, out Quote nbbo) =>
        Update(quote.Exchange, quote.Time, quote.BidPrice, quote.BidSize, quote.AskPrice, quote.AskSize, out nbbo);

    /// <summary>
    /// Applies one venue's quote and returns true, with the new NBBO in <paramref name="nbbo"/>, when the NBBO's prices
    /// or sizes changed; false (and <paramref name="nbbo"/> = <see cref="Current"/>) otherwise.
    /// </summary>
    /// <param name="exchange">Venue code 'A'..'Z'.</param>
    /// <param name="time">Update time, UTC.</param>
    /// <param name="bidPrice">Bid price; zero or negative means no bid.</param>
    /// <param name="bidSize">Bid size in shares; zero or negative means no bid.</param>
    /// <param name="askPrice">Ask price; zero or negative means no ask.</param>
    /// <param name="askSize">Ask size in shares; zero or negative means no ask.</param>
    /// <param name="nbbo">The NBBO after the update.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exchange"/> is not 'A'..'Z'.</exception>
    public bool Update(char exchange, UnixNanos time, Price bidPrice, Quantity bidSize, Price askPrice, Quantity askSize, out Quote nbbo)
    {
        var slot = ExchangeCodes.ToIndex(exchange);
        var hasBid = bidPrice.Raw > 0 && bidSize.Raw > 0;
        var hasAsk = askPrice.Raw > 0 && askSize.Raw > 0;
        BookLevel bid;
        BookLevel ask;
        if (Convention == NbboInputConvention.PerExchange)
        {
            _bidPrice[slot] = hasBid ? bidPrice.Raw : 0;
            _bidSize[slot] = hasBid ? bidSize.Raw : 0;
            _askPrice[slot] = hasAsk ? askPrice.Raw : 0;
            _askSize[slot] = hasAsk ? askSize.Raw : 0;
            bid = Best(_bidPrice, _bidSize, higherIsBetter: true);
            ask = Best(_askPrice, _askSize, higherIsBetter: false);
        }
        else if (!hasBid && !hasAsk)
        {
            bid = default;
            ask = default;
        }
        else
        {
            bid = hasBid ? new BookLevel(bidPrice, bidSize, 1) : _bestBid;
            ask = hasAsk ? new BookLevel(askPrice, askSize, 1) : _bestAsk;
        }

        var changed = bid.Price != _bestBid.Price || bid.Size != _bestBid.Size || ask.Price != _bestAsk.Price || ask.Size != _bestAsk.Size;
        _bestBid = bid;
        _bestAsk = ask;
        if (changed)
        {
            _time = time;
        }

        nbbo = Current;
        return changed;
    }

    /// <summary>Stamps <see cref="Current"/> with <paramref name="time"/> without changing prices or sizes (used when updates at one instant are applied as a group).</summary>
    public void Touch(UnixNanos time) => _time = time;

    /// <summary>Forgets every venue's quote (e.g. at the start of a new session); the NBBO becomes empty.</summary>
    public void Reset()
    {
        Array.Clear(_bidPrice);
        Array.Clear(_bidSize);
        Array.Clear(_askPrice);
        Array.Clear(_askSize);
        _bestBid = default;
        _bestAsk = default;
        _time = default;
    }

    private static BookLevel Best(long[] prices, long[] sizes, bool higherIsBetter)
    {
        long bestPrice = 0;
        long size = 0;
        var count = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            var price = prices[i];
            if (price <= 0)
            {
                continue;
            }

            if (count == 0 || (higherIsBetter ? price > bestPrice : price < bestPrice))
            {
                bestPrice = price;
                size = sizes[i];
                count = 1;
            }
            else if (price == bestPrice)
            {
                size += sizes[i];
                count++;
            }
        }

        return count == 0 ? default : new BookLevel(new Price(bestPrice), new Quantity(size), count);
    }
}
