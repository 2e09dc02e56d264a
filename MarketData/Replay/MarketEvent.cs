namespace Quant.Orleans.MarketData.Replay;

/// <summary>What a <see cref="MarketEvent"/> carries.</summary>
public enum MarketEventKind : byte
{
    /// <summary>A change of the consolidated best bid/offer (<see cref="MarketEvent.Quote"/> is set).</summary>
    Quote = 1,

    /// <summary>A trade print (<see cref="MarketEvent.Trade"/> is set).</summary>
    Trade = 2,
}

/// <summary>
/// One replayed market event: an NBBO change or a trade, as a small struct so that batches are arrays of values and
/// the per-event path does not allocate. Only the member named by <see cref="Kind"/> is meaningful.
/// </summary>
public readonly struct MarketEvent : IEquatable<MarketEvent>
{
    private MarketEvent(MarketEventKind kind, Quote quote, Trade trade, long sequence)
    {
        Kind = kind;
        Quote = quote;
        Trade = trade;
        Sequence = sequence;
    }

    /// <summary>Which of <see cref="Quote"/> and <see cref="Trade"/> is set.</summary>
    public MarketEventKind Kind { get; }

    /// <summary>The NBBO when <see cref="Kind"/> is <see cref="MarketEventKind.Quote"/>; default otherwise.</summary>
    public Quote Quote { get; }

    /// <summary>The trade when <see cref="Kind"/> is <see cref="MarketEventKind.Trade"/>; default otherwise.</summary>
    public Trade Trade { get; }

    /// <summary>0-based position of the event in its symbol's stream (ties in time are broken by it).</summary>
    public long Sequence { get; }

    /// <summary>Event time, UTC.</summary>
    public UnixNanos Time => Kind == MarketEventKind.Trade ? Trade.Time : Quote.Time;

    /// <summary>The instrument.</summary>
    public Symbol Symbol => Kind == MarketEventKind.Trade ? Trade.Symbol : Quote.Symbol;

    /// <summary>An NBBO event.</summary>
    public static MarketEvent FromQuote(Quote quote, long sequence) => new(MarketEventKind.Quote, quote, default, sequence);

    /// <summary>A trade event.</summary>
    public static MarketEvent FromTrade(Trade trade, long sequence) => new(MarketEventKind.Trade, default, trade, sequence);

    /// <inheritdoc />
    public bool Equals(MarketEvent other) => Kind == other.Kind && Sequence == other.Sequence && Quote.Equals(other.Quote) && Trade.Equals(other.Trade);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MarketEvent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Sequence, Quote, Trade);

    /// <summary>Equality of kind, sequence and payload.</summary>
    public static bool operator ==(MarketEvent left, MarketEvent right) => left.Equals(right);

    /// <summary>Inequality of kind, sequence or payload.</summary>
    public static bool operator !=(MarketEvent left, MarketEvent right) => !left.Equals(right);

    /// <summary>Compact text, e.g. <c>Q IBM 2013-10-07T13:30:00.0010000Z 182.16x600/182.21x100</c>.</summary>
    public override string ToString() => Kind == MarketEventKind.Trade
        ? $"T {Trade.Symbol} {Trade.Time} {Trade.Price}x{Trade.Size}@{Trade.Exchange}"
        : $"Q {Quote.Symbol} {Quote.Time} {Quote.BidPrice}x{Quote.BidSize}/{Quote.AskPrice}x{Quote.AskSize}";
}
