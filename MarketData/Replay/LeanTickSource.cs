using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Nbbo;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.MarketData.Replay;

/// <summary>
/// The event stream of one US equity symbol over a list of dates from a Lean data folder: NBBO changes built from
/// the tick quote file (<see cref="NbboBuilder"/>; quote lines with equal timestamps are applied together and the
/// NBBO is evaluated once per timestamp, stamped with it, and delivered only when it differs from the last
/// evaluated NBBO) and trades from the tick trade file, merged by time (at equal
/// times the NBBO change comes first), day after day in ascending date order. The <see cref="QualityFilter"/> is
/// applied: suspicious, non-positive, out-of-order records, price outliers and locked/crossed NBBOs are quarantined
/// with their raw line, not delivered.
/// The NBBO state is reset at the start of each day. A missing quote or trade file is recorded in the log and that
/// stream is empty for the day. Files are opened one day at a time and read lazily. Not thread-safe.
/// <para>Lineage (<see cref="IEventLineage"/>): the source keeps the line number of the trade line and of the last
/// quote line of the NBBO group behind its pending events (one field store per event), so a recorder can ask where
/// the event it just got came from.</para>
/// </summary>
public sealed class LeanTickSource : IMarketEventSource, IEventLineage
{
    private readonly LeanDataFolder _folder;
    private readonly DateOnly[] _dates;
    private readonly QuarantineLog _log;
    private readonly NbboBuilder _nbbo;
    private readonly QualityFilter _quoteFilter;
    private readonly QualityFilter _tradeFilter;
    private int _dayIndex = -1;
    private LeanTickQuoteReader? _quotes;
    private LeanTickTradeReader? _trades;
    private bool _hasQuote;
    private Quote _nextQuote;
    private bool _hasStash;
    private ExchangeQuote _stash;
    private bool _groupOpen;
    private long _groupLine;
    private byte[] _groupRecord = new byte[128];
    private int _groupRecordLength;
    private Quote _lastEmitted;
    private bool _hasTrade;
    private Trade _nextTrade;
    private long _sequence;
    private long _daySequenceStart;
    private long _nextQuoteLine;
    private long _nextTradeLine;
    private string _quoteSource = string.Empty;
    private string _tradeSource = string.Empty;

    /// <summary>Creates the source; no file is opened until the first read.</summary>
    /// <param name="folder">The Lean data folder.</param>
    /// <param name="symbol">The equity.</param>
    /// <param name="dates">Trading dates (New York); sorted and de-duplicated here.</param>
    /// <param name="log">Where quarantined records and missing files are recorded.</param>
    /// <param name="convention">How quote lines build the NBBO; Lean's AlgoSeek quote files are consolidated sides.</param>
    /// <param name="quality">The quality filter's price-outlier rule; null for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is invalid.</exception>
    public LeanTickSource(LeanDataFolder folder, Symbol symbol, IEnumerable<DateOnly> dates, QuarantineLog log, NbboInputConvention convention = NbboInputConvention.ConsolidatedSides, QualityFilterOptions? quality = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(log);
        _folder = folder;
        _dates = [.. dates.Distinct().Order()];
        _log = log;
        Symbol = symbol;
        _nbbo = new NbboBuilder(symbol, convention);
        _quoteFilter = new QualityFilter(symbol, log, quality);
        _tradeFilter = new QualityFilter(symbol, log, quality);
    }

    /// <inheritdoc />
    public Symbol Symbol { get; }

    /// <summary>Path of the quote file being read, or null.</summary>
    public string? CurrentQuotePath => _quotes?.Path;

    /// <summary>Path of the trade file being read, or null.</summary>
    public string? CurrentTradePath => _trades?.Path;

    /// <inheritdoc />
    public bool TryRead(out MarketEvent marketEvent)
    {
        while (true)
        {
            if (!_hasQuote && _quotes is not null)
            {
                AdvanceQuote();
            }

            if (!_hasTrade && _trades is not null)
            {
                AdvanceTrade();
            }

            if (_hasQuote && (!_hasTrade || _nextQuote.Time <= _nextTrade.Time))
            {
                _hasQuote = false;
                marketEvent = MarketEvent.FromQuote(_nextQuote, _sequence++);
                return true;
            }

            if (_hasTrade)
            {
                _hasTrade = false;
                marketEvent = MarketEvent.FromTrade(_nextTrade, _sequence++);
                return true;
            }

            if (!OpenNextDay())
            {
                marketEvent = default;
                return false;
            }
        }
    }

    /// <inheritdoc />
    public EventOrigin OriginOf(in MarketEvent marketEvent)
    {
        if (_dayIndex < 0 || _dayIndex >= _dates.Length || marketEvent.Sequence < _daySequenceStart || marketEvent.Sequence >= _sequence)
        {
            throw new InvalidOperationException($"Event {marketEvent.Sequence} of {Symbol} is not the event this source returned last (lineage is asked for right after TryRead).");
        }

        var day = _dates[_dayIndex];
        var daySequence = marketEvent.Sequence - _daySequenceStart;
        return marketEvent.Kind == MarketEventKind.Trade
            ? new EventOrigin(_tradeSource, _nextTradeLine, day, daySequence)
            : new EventOrigin(_quoteSource, _nextQuoteLine, day, daySequence);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CloseReaders();
        _dayIndex = _dates.Length;
    }

    // Quote lines with the same timestamp are applied together and the NBBO is evaluated once at the end of the
    // group: Lean's files write each NBBO change as a bid line and an ask line with the same time, and evaluating
    // between them would deliver a half-updated (often locked or crossed) quote.
    private void AdvanceQuote()
    {
        var reader = _quotes!;
        while (true)
        {
            ExchangeQuote line;
            if (_hasStash)
            {
                line = _stash;
                _hasStash = false;
            }
            else if (!reader.TryRead(out line))
            {
                reader.Dispose();
                _quotes = null;
                if (_groupOpen)
                {
                    _groupOpen = false;
                    TryEmitGroup();
                }

                return;
            }
            else if (!_quoteFilter.AcceptQuote(line, reader.CurrentLine))
            {
                continue;
            }

            if (_groupOpen && line.Time != _nbbo.Current.Time)
            {
                _stash = line;
                _hasStash = true;
                _groupOpen = false;
                if (TryEmitGroup())
                {
                    return;
                }

                continue;
            }

            _nbbo.Update(line, out _);
            _nbbo.Touch(line.Time);
            _groupOpen = true;
            _groupLine = line.LineNumber;
            KeepGroupRecord(reader.CurrentLine);
        }
    }

    private bool TryEmitGroup()
    {
        var nbbo = _nbbo.Current;
        if (nbbo.BidPrice == _lastEmitted.BidPrice && nbbo.BidSize == _lastEmitted.BidSize
            && nbbo.AskPrice == _lastEmitted.AskPrice && nbbo.AskSize == _lastEmitted.AskSize)
        {
            return false;
        }

        _lastEmitted = nbbo;
        if (!_quoteFilter.AcceptNbbo(nbbo, _groupLine, _groupRecord.AsSpan(0, _groupRecordLength)))
        {
            return false;
        }

        _nextQuote = nbbo;
        _nextQuoteLine = _groupLine;
        _hasQuote = true;
        return true;
    }

    /// <summary>Copies the raw text of the group's last line (the reader's buffer moves on before the group's NBBO is
    /// judged), so a quarantined NBBO is recorded with it.</summary>
    private void KeepGroupRecord(ReadOnlySpan<byte> line)
    {
        if (_groupRecord.Length < line.Length)
        {
            _groupRecord = new byte[Math.Max(line.Length, _groupRecord.Length * 2)];
        }

        line.CopyTo(_groupRecord);
        _groupRecordLength = line.Length;
    }

    private void AdvanceTrade()
    {
        var reader = _trades!;
        while (reader.TryRead(out var line))
        {
            if (_tradeFilter.AcceptTrade(line, reader.CurrentLine))
            {
                _nextTrade = line.ToTrade(Symbol);
                _nextTradeLine = line.LineNumber;
                _hasTrade = true;
                return;
            }
        }

        reader.Dispose();
        _trades = null;
    }

    private bool OpenNextDay()
    {
        CloseReaders();
        if (_dayIndex + 1 >= _dates.Length)
        {
            _dayIndex = _dates.Length;
            return false;
        }

        _dayIndex++;
        var date = _dates[_dayIndex];
        _nbbo.Reset();
        _lastEmitted = default;
        _groupOpen = false;
        _hasStash = false;
        var quotePath = _folder.EquityPath(Symbol, LeanResolution.Tick, LeanTickType.Quote, date);
        var tradePath = _folder.EquityPath(Symbol, LeanResolution.Tick, LeanTickType.Trade, date);
        _daySequenceStart = _sequence;
        _quoteSource = RelativeToFolder(quotePath);
        _tradeSource = RelativeToFolder(tradePath);
        if (File.Exists(quotePath))
        {
            _quotes = new LeanTickQuoteReader(quotePath, date);
            _quoteFilter.BeginFile(quotePath, _quotes.EntryName);
        }
        else
        {
            _log.AddMissingFile(quotePath);
        }

        if (File.Exists(tradePath))
        {
            _trades = new LeanTickTradeReader(tradePath, date);
            _tradeFilter.BeginFile(tradePath, _trades.EntryName);
        }
        else
        {
            _log.AddMissingFile(tradePath);
        }

        return true;
    }

    /// <summary>The path relative to the data folder, with '/' separators (lineage is the same on every OS).</summary>
    private string RelativeToFolder(string path) => Path.GetRelativePath(_folder.Root, path).Replace('\\', '/');

    private void CloseReaders()
    {
        _quotes?.Dispose();
        _quotes = null;
        _trades?.Dispose();
        _trades = null;
        _hasQuote = false;
        _hasTrade = false;
    }
}
