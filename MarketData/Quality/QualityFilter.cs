using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Quality;

/// <summary>
/// The checks applied to one record stream (one file at a time): suspicious flag, non-positive prices and sizes,
/// strictly decreasing timestamps (equal ones are normal in millisecond data), and locked/crossed NBBOs. A rejected
/// record is counted in the <see cref="QuarantineLog"/> with its file and line and must not be delivered.
/// Allocation-free except for the bounded examples. Not thread-safe.
/// </summary>
public sealed class QualityFilter
{
    private readonly QuarantineLog _log;
    private readonly SymbolCounters _counters;
    private string _path = string.Empty;
    private string? _entryName;
    private long _lastTime = long.MinValue;

    /// <summary>Creates a filter for <paramref name="symbol"/> reporting to <paramref name="log"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    public QualityFilter(Symbol symbol, QuarantineLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        Symbol = symbol;
        _log = log;
        _counters = log.CountersFor(symbol);
    }

    /// <summary>The symbol whose records are checked.</summary>
    public Symbol Symbol { get; }

    /// <summary>Starts a new file: names the source for examples and forgets the last timestamp.</summary>
    public void BeginFile(string path, string? entryName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _entryName = entryName;
        _lastTime = long.MinValue;
    }

    /// <summary>True when the quote line may feed the NBBO; otherwise it is quarantined.</summary>
    public bool AcceptQuote(in ExchangeQuote quote)
    {
        _log.AddInspected(1);
        _counters.Inspected();
        if (quote.IsSuspicious)
        {
            return Reject(QualityReason.Suspicious, quote.LineNumber, quote.Time, "suspicious flag set");
        }

        if (quote.BidPrice.Raw < 0 || quote.AskPrice.Raw < 0)
        {
            if (CountRejected(QualityReason.NonPositivePrice))
            {
                Keep(QualityReason.NonPositivePrice, quote.LineNumber, quote.Time, $"negative quote price (bid {quote.BidPrice}, ask {quote.AskPrice})");
            }

            return false;
        }

        if (quote.BidSize.Raw < 0 || quote.AskSize.Raw < 0)
        {
            if (CountRejected(QualityReason.NonPositiveSize))
            {
                Keep(QualityReason.NonPositiveSize, quote.LineNumber, quote.Time, $"negative quote size (bid {quote.BidSize}, ask {quote.AskSize})");
            }

            return false;
        }

        return AcceptTime(quote.LineNumber, quote.Time);
    }

    /// <summary>True when the trade may be delivered; otherwise it is quarantined.</summary>
    public bool AcceptTrade(in ExchangeTrade trade)
    {
        _log.AddInspected(1);
        _counters.Inspected();
        if (trade.IsSuspicious)
        {
            return Reject(QualityReason.Suspicious, trade.LineNumber, trade.Time, "suspicious flag set");
        }

        if (trade.Price.Raw <= 0)
        {
            if (CountRejected(QualityReason.NonPositivePrice))
            {
                Keep(QualityReason.NonPositivePrice, trade.LineNumber, trade.Time, $"trade price {trade.Price}");
            }

            return false;
        }

        if (trade.Size.Raw <= 0)
        {
            if (CountRejected(QualityReason.NonPositiveSize))
            {
                Keep(QualityReason.NonPositiveSize, trade.LineNumber, trade.Time, $"trade size {trade.Size}");
            }

            return false;
        }

        return AcceptTime(trade.LineNumber, trade.Time);
    }

    /// <summary>True when the NBBO is not locked or crossed; otherwise it is quarantined under the quote line that produced it.</summary>
    public bool AcceptNbbo(in Quote nbbo, long lineNumber)
    {
        if (!nbbo.IsLockedOrCrossed)
        {
            return true;
        }

        var crossed = nbbo.BidPrice > nbbo.AskPrice;
        var reason = crossed ? QualityReason.CrossedNbbo : QualityReason.LockedNbbo;
        if (CountRejected(reason))
        {
            Keep(reason, lineNumber, nbbo.Time, $"bid {nbbo.BidPrice} {(crossed ? ">" : "=")} ask {nbbo.AskPrice}");
        }

        return false;
    }

    private bool AcceptTime(long lineNumber, UnixNanos time)
    {
        if (time.Value < _lastTime)
        {
            if (CountRejected(QualityReason.OutOfOrder))
            {
                Keep(QualityReason.OutOfOrder, lineNumber, time, $"time {time} is before {new UnixNanos(_lastTime)}");
            }

            return false;
        }

        _lastTime = time.Value;
        return true;
    }

    private bool Reject(QualityReason reason, long lineNumber, UnixNanos time, string detail)
    {
        if (CountRejected(reason))
        {
            Keep(reason, lineNumber, time, detail);
        }

        return false;
    }

    private bool CountRejected(QualityReason reason)
    {
        _counters.Quarantined(reason);
        return _log.Count(reason);
    }

    private void Keep(QualityReason reason, long lineNumber, UnixNanos time, string detail) =>
        _log.AddExample(new QuarantinedRecord(reason, Symbol, _path, _entryName, lineNumber, time, detail));
}
