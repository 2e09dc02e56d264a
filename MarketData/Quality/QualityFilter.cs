using System.Runtime.CompilerServices;
using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Quality;

/// <summary>
/// The checks applied to one record stream (one file at a time): suspicious flag, non-positive prices and sizes,
/// strictly decreasing timestamps (equal ones are normal in millisecond data), price outliers, and locked/crossed
/// NBBOs. A rejected record is quarantined in the <see cref="QuarantineLog"/> with its file, line and raw text and
/// must not be delivered. Allocates only for quarantined records. Not thread-safe.
/// <para><b>Price outliers</b> (<see cref="QualityReason.PriceOutlier"/>) are checked per quote line, before the line
/// reaches the NBBO, so a bad price never enters the NBBO builder's state and the quarantine names the exact line:
/// a positive bid or ask p with max(p / r, r / p) &gt; <see cref="QualityFilterOptions.MaxPriceMultiple"/> (default
/// 3) is an outlier, r being the mid of the last two-sided NBBO this filter accepted (<see cref="AcceptNbbo"/>). The
/// reference is kept across files (days), so the first quotes of a day are checked against the last close. Before
/// there is a reference (the first quotes of the data) an NBBO whose ask is more than the multiple of its bid is
/// quarantined instead (not delivered, not used as a reference). A real move that large (a split between two days,
/// a halt that reopens far away) is confirmed by <see cref="QualityFilterOptions.ConfirmationLines"/> consecutive
/// outlier lines at one level: the last is accepted and becomes the reference. Trades are not checked (this filter's
/// trade stream has no NBBO).</para>
/// <para>Modelled on the bad-tick filtering hook of QuantConnect LEAN (<c>ISecurityDataFilter</c>, for which
/// QuantConnect plans a "Filtering Data" example that drops ticks far from a trailing SMA, QuantConnect/Lean#8284; LEAN
/// itself only drops vendor-flagged suspicious ticks) and on the reference-price bands of the US equity Limit Up-Limit
/// Down plan (5% to 75% around the average price of the preceding five minutes, doubled at the open and close): a quote
/// three times or a third of the last mid is outside every band of a stock priced above $0.75.</para>
/// </summary>
public sealed class QualityFilter
{
    private readonly QuarantineLog _log;
    private readonly SymbolCounters _counters;
    private readonly double _maxMultiple;
    private readonly int _confirmationLines;
    private string _path = string.Empty;
    private string? _entryName;
    private long _lastTime = long.MinValue;
    private double _reference;
    private double _upper = double.PositiveInfinity;
    private double _lower;
    private double _runLevel;
    private int _runLength;

    /// <summary>Creates a filter for <paramref name="symbol"/> reporting to <paramref name="log"/>.</summary>
    /// <param name="symbol">The instrument.</param>
    /// <param name="log">Where quarantined records go.</param>
    /// <param name="options">The price-outlier rule; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid (see <see cref="QualityFilterOptions.Validate"/>).</exception>
    public QualityFilter(Symbol symbol, QuarantineLog log, QualityFilterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= new QualityFilterOptions();
        options.Validate();
        Symbol = symbol;
        _log = log;
        _counters = log.CountersFor(symbol);
        _maxMultiple = options.MaxPriceMultiple ?? double.PositiveInfinity;
        _confirmationLines = options.ConfirmationLines;
    }

    /// <summary>The symbol whose records are checked.</summary>
    public Symbol Symbol { get; }

    /// <summary>The reference price of the outlier rule (mid of the last accepted two-sided NBBO); zero while there is none.</summary>
    public Price ReferencePrice => new((long)Math.Round(_reference));

    /// <summary>Starts a new file: names the source for quarantined records and forgets the last timestamp (the
    /// outlier rule's reference is kept).</summary>
    public void BeginFile(string path, string? entryName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _entryName = entryName;
        _lastTime = long.MinValue;
    }

    /// <summary>True when the quote line may feed the NBBO; otherwise it is quarantined.</summary>
    /// <param name="quote">The parsed line.</param>
    /// <param name="record">The line as written in the file (kept with a quarantined record); empty when unknown.</param>
    public bool AcceptQuote(in ExchangeQuote quote, ReadOnlySpan<byte> record = default)
    {
        // The hot path only compares; every rejection is built in a cold method of its own.
        _log.AddInspected(1);
        _counters.Inspected();
        if (quote.IsSuspicious)
        {
            return RejectQuote(QualityReason.Suspicious, quote, record);
        }

        if (quote.BidPrice.Raw < 0 || quote.AskPrice.Raw < 0)
        {
            return RejectQuote(QualityReason.NonPositivePrice, quote, record);
        }

        if (quote.BidSize.Raw < 0 || quote.AskSize.Raw < 0)
        {
            return RejectQuote(QualityReason.NonPositiveSize, quote, record);
        }

        if (quote.Time.Value < _lastTime)
        {
            return RejectQuote(QualityReason.OutOfOrder, quote, record);
        }

        // The band [r / multiple, r × multiple] is precomputed; a zero price is a missing side. Without a reference
        // the band is (0, +inf).
        var bid = quote.BidPrice.Raw;
        var ask = quote.AskPrice.Raw;
        if ((bid > 0 && (bid > _upper || bid < _lower)) || (ask > 0 && (ask > _upper || ask < _lower)))
        {
            if (!OutlierConfirmsNewLevel(quote, record))
            {
                return false;
            }
        }
        else
        {
            _runLength = 0;
        }

        _lastTime = quote.Time.Value;
        return true;
    }

    /// <summary>True when the trade may be delivered; otherwise it is quarantined.</summary>
    /// <param name="trade">The parsed line.</param>
    /// <param name="record">The line as written in the file (kept with a quarantined record); empty when unknown.</param>
    public bool AcceptTrade(in ExchangeTrade trade, ReadOnlySpan<byte> record = default)
    {
        _log.AddInspected(1);
        _counters.Inspected();
        var reason = trade.IsSuspicious ? QualityReason.Suspicious
            : trade.Price.Raw <= 0 ? QualityReason.NonPositivePrice
            : trade.Size.Raw <= 0 ? QualityReason.NonPositiveSize
            : trade.Time.Value < _lastTime ? QualityReason.OutOfOrder
            : (QualityReason?)null;
        if (reason is { } rejected)
        {
            return RejectTrade(rejected, trade, record);
        }

        _lastTime = trade.Time.Value;
        return true;
    }

    /// <summary>
    /// True when the NBBO may be delivered; otherwise (locked, crossed, or — see the class remarks — an ask more than
    /// the outlier multiple of the bid) it is quarantined under the quote line that produced it. An accepted two-sided
    /// NBBO becomes the outlier rule's reference.
    /// </summary>
    /// <param name="nbbo">The NBBO after a group of quote lines.</param>
    /// <param name="lineNumber">The last line of the group.</param>
    /// <param name="record">That line as written in the file; empty when unknown.</param>
    public bool AcceptNbbo(in Quote nbbo, long lineNumber, ReadOnlySpan<byte> record = default)
    {
        var bid = nbbo.BidPrice.Raw;
        var ask = nbbo.AskPrice.Raw;
        if (ask > 0 && bid > 0)
        {
            if (bid >= ask || ask > bid * _maxMultiple)
            {
                return RejectNbbo(nbbo, lineNumber, record);
            }

            SetReference(((double)bid + ask) / 2);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RejectNbbo(in Quote nbbo, long lineNumber, ReadOnlySpan<byte> record)
    {
        if (nbbo.BidPrice >= nbbo.AskPrice)
        {
            var crossed = nbbo.BidPrice > nbbo.AskPrice;
            return Reject(crossed ? QualityReason.CrossedNbbo : QualityReason.LockedNbbo, lineNumber, nbbo.Time, $"bid {nbbo.BidPrice} {(crossed ? ">" : "=")} ask {nbbo.AskPrice}", record);
        }

        var spread = (double)nbbo.AskPrice.Raw / nbbo.BidPrice.Raw;
        return Reject(QualityReason.PriceOutlier, lineNumber, nbbo.Time, $"NBBO ask {nbbo.AskPrice} is {spread:0.##}x the bid {nbbo.BidPrice} (limit {_maxMultiple}x)", record);
    }

    private void SetReference(double reference)
    {
        _reference = reference;
        _upper = reference * _maxMultiple;
        _lower = reference / _maxMultiple;
    }

    /// <summary>max(p / r, r / p) for a positive price p, 0 for a missing side.</summary>
    private double Ratio(Price price)
    {
        if (price.Raw <= 0)
        {
            return 0;
        }

        var p = (double)price.Raw;
        return p > _reference ? p / _reference : _reference / p;
    }

    /// <summary>An outlier line: counts it toward a run at one level and returns true when the run reaches the
    /// confirmation length (the price becomes the reference and the line is accepted); otherwise quarantines it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OutlierConfirmsNewLevel(in ExchangeQuote quote, ReadOnlySpan<byte> record)
    {
        var bidRatio = Ratio(quote.BidPrice);
        var askRatio = Ratio(quote.AskPrice);
        var (side, price, ratio) = bidRatio >= askRatio ? ("bid", quote.BidPrice, bidRatio) : ("ask", quote.AskPrice, askRatio);
        var p = (double)price.Raw;
        if (_runLength > 0 && Math.Max(p / _runLevel, _runLevel / p) <= _maxMultiple)
        {
            _runLength++;
        }
        else
        {
            _runLevel = p;
            _runLength = 1;
        }

        if (_runLength >= _confirmationLines)
        {
            SetReference(p);
            _runLength = 0;
            return true;
        }

        return Reject(QualityReason.PriceOutlier, quote.LineNumber, quote.Time, $"{side} {price} is {ratio:0.##}x {(p > _reference ? "above" : "below")} the reference mid {ReferencePrice} (limit {_maxMultiple}x)", record);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RejectQuote(QualityReason reason, in ExchangeQuote quote, ReadOnlySpan<byte> record)
    {
        var detail = reason switch
        {
            QualityReason.Suspicious => "suspicious flag set",
            QualityReason.NonPositivePrice => $"negative quote price (bid {quote.BidPrice}, ask {quote.AskPrice})",
            QualityReason.NonPositiveSize => $"negative quote size (bid {quote.BidSize}, ask {quote.AskSize})",
            _ => $"time {quote.Time} is before {new UnixNanos(_lastTime)}",
        };
        return Reject(reason, quote.LineNumber, quote.Time, detail, record);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RejectTrade(QualityReason reason, in ExchangeTrade trade, ReadOnlySpan<byte> record)
    {
        var detail = reason switch
        {
            QualityReason.Suspicious => "suspicious flag set",
            QualityReason.NonPositivePrice => $"trade price {trade.Price}",
            QualityReason.NonPositiveSize => $"trade size {trade.Size}",
            _ => $"time {trade.Time} is before {new UnixNanos(_lastTime)}",
        };
        return Reject(reason, trade.LineNumber, trade.Time, detail, record);
    }

    private bool Reject(QualityReason reason, long lineNumber, UnixNanos time, string detail, ReadOnlySpan<byte> record)
    {
        _counters.Quarantined(reason);
        _log.Add(new QuarantinedRecord(reason, Symbol, _path, _entryName, lineNumber, time, detail), record);
        return false;
    }
}
