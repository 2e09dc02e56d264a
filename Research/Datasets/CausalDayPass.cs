using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Nbbo;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// The causal half of <see cref="DistillationDatasetBuilder"/>: one pass over a day's quote and trade files that
/// rebuilds the replay's event stream exactly as <c>LeanTickSource</c> does (quality filter per line, quote lines with
/// equal times applied together to a <see cref="NbboBuilder"/> in <see cref="NbboInputConvention.ConsolidatedSides"/>,
/// the NBBO delivered when it changed and the filter accepts it, trades merged by time with the NBBO first at equal
/// times), feeds it to the live features (<see cref="StudentFeatureState"/>, the same class the live
/// <see cref="StudentWindow"/> samples through) and samples them on the grid: a grid time t is sampled once every
/// record with a time ≤ t and no record after t has been applied. The accepted quote lines also feed the
/// <see cref="VenueDepthBook"/> (the teacher's depth columns, causal as well). Not thread-safe; one use.
/// </summary>
internal sealed class CausalDayPass
{
    private const int CancellationCheckInterval = 1 << 16;

    private readonly DistillationDatasetOptions _options;
    private readonly long[] _grid;
    private readonly long _openNanos;
    private readonly long _closeNanos;
    private readonly NbboBuilder _nbbo;
    private readonly QualityFilter _quoteFilter;
    private readonly QualityFilter _tradeFilter;
    private readonly StudentFeatureState _student;
    private readonly VenueDepthBook _depth;
    private readonly List<(long Line, long Time)> _rejectedQuotes = [];
    private readonly List<(long Line, long Time)> _rejectedTrades = [];
    private readonly int _studentWidth = DistillationSchemas.Student.Width;
    private readonly int _teacherWidth = DistillationSchemas.Teacher.Width;
    private bool _groupOpen;
    private long _groupTime;
    private long _groupLine;
    private Quote _lastEvaluated;
    private Price _deliveredBid;
    private Price _deliveredAsk;
    private long _quoteProcessed;
    private long _tradeProcessed;

    public CausalDayPass(Symbol symbol, DistillationDatasetOptions options, long[] grid, long openNanos, long closeNanos)
    {
        _options = options;
        _grid = grid;
        _openNanos = openNanos;
        _closeNanos = closeNanos;
        _nbbo = new NbboBuilder(symbol, NbboInputConvention.ConsolidatedSides);
        QuoteLog = new QuarantineLog(keepRecords: false);
        TradeLog = new QuarantineLog(keepRecords: false);
        _quoteFilter = new QualityFilter(symbol, QuoteLog, options.Quality);
        _tradeFilter = new QualityFilter(symbol, TradeLog, options.Quality);
        _student = new StudentFeatureState(options, openNanos, closeNanos);
        _depth = new VenueDepthBook(options.DepthMaxAge);
        var n = grid.Length;
        Student = new float[n * _studentWidth];
        Teacher = new float[n * _teacherWidth];
        Warm = new bool[n];
        LogMid = new double[n];
        HalfSpread = new float[n];
        QuoteRecordEnd = new int[n];
        TradeRecordEnd = new int[n];
    }

    public QuarantineLog QuoteLog { get; }

    public QuarantineLog TradeLog { get; }

    public float[] Student { get; }

    public float[] Teacher { get; }

    public bool[] Warm { get; }

    public double[] LogMid { get; }

    public float[] HalfSpread { get; }

    public int[] QuoteRecordEnd { get; }

    public int[] TradeRecordEnd { get; }

    public long QuoteRecords { get; private set; }

    public long TradeRecords { get; private set; }

    public long QuotesDelivered { get; private set; }

    public long TradesDelivered { get; private set; }

    /// <summary>Reads both files to the end and fills the causal arrays.</summary>
    /// <exception cref="MarketDataFormatException">A file is unreadable or a line malformed (names file and line).</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public void Run(string quotePath, string tradePath, DateOnly day, CancellationToken ct)
    {
        using var quotes = new LeanTickQuoteReader(quotePath, day);
        using var trades = new LeanTickTradeReader(tradePath, day);
        _quoteFilter.BeginFile(quotePath, quotes.EntryName);
        _tradeFilter.BeginFile(tradePath, trades.EntryName);
        var hasQuote = NextQuote(quotes, out var quote);
        var hasTrade = NextTrade(trades, out var trade);
        var step = -1; // step -1 is the session open: it only records the log mid before the first step
        var items = 0;
        while (true)
        {
            var takeQuote = hasQuote && (!hasTrade || quote.Time.Value <= trade.Time.Value);
            var nextTime = takeQuote ? quote.Time.Value : hasTrade ? trade.Time.Value : long.MaxValue;
            if (_groupOpen && !(takeQuote && quote.Time.Value == _groupTime))
            {
                CloseGroup();
            }

            while (step < _grid.Length && (step < 0 ? _openNanos : _grid[step]) < nextTime)
            {
                Sample(step++);
            }

            if (!hasQuote && !hasTrade)
            {
                break;
            }

            if (takeQuote)
            {
                ApplyQuoteLine(quote);
                hasQuote = NextQuote(quotes, out quote);
            }
            else
            {
                ApplyTrade(trade);
                hasTrade = NextTrade(trades, out trade);
            }

            if (++items % CancellationCheckInterval == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }

        QuoteRecords = quotes.LineNumber;
        TradeRecords = trades.LineNumber;
    }

    private bool NextQuote(LeanTickQuoteReader reader, out ExchangeQuote quote)
    {
        while (reader.TryRead(out quote))
        {
            if (_quoteFilter.AcceptQuote(quote, reader.CurrentLine))
            {
                return true;
            }

            _rejectedQuotes.Add((quote.LineNumber, quote.Time.Value));
        }

        return false;
    }

    private bool NextTrade(LeanTickTradeReader reader, out ExchangeTrade trade)
    {
        while (reader.TryRead(out trade))
        {
            if (_tradeFilter.AcceptTrade(trade, reader.CurrentLine))
            {
                return true;
            }

            _rejectedTrades.Add((trade.LineNumber, trade.Time.Value));
        }

        return false;
    }

    private void ApplyQuoteLine(in ExchangeQuote line)
    {
        _nbbo.Update(line, out _);
        _nbbo.Touch(line.Time);
        _depth.Apply(line);
        _groupOpen = true;
        _groupTime = line.Time.Value;
        _groupLine = line.LineNumber;
        _quoteProcessed = line.LineNumber;
        _rejectedQuotes.Clear();
    }

    /// <summary>LeanTickSource.TryEmitGroup: the group's NBBO is delivered when it differs from the last evaluated one
    /// and the filter accepts it (not locked or crossed).</summary>
    private void CloseGroup()
    {
        _groupOpen = false;
        var nbbo = _nbbo.Current;
        _depth.Evict(nbbo.BidPrice, nbbo.AskPrice);
        if (nbbo.BidPrice == _lastEvaluated.BidPrice && nbbo.BidSize == _lastEvaluated.BidSize
            && nbbo.AskPrice == _lastEvaluated.AskPrice && nbbo.AskSize == _lastEvaluated.AskSize)
        {
            return;
        }

        _lastEvaluated = nbbo;
        if (!_quoteFilter.AcceptNbbo(nbbo, _groupLine))
        {
            return;
        }

        QuotesDelivered++;
        _deliveredBid = nbbo.BidPrice;
        _deliveredAsk = nbbo.AskPrice;
        _student.OnNbbo(nbbo);
    }

    private void ApplyTrade(in ExchangeTrade trade)
    {
        TradesDelivered++;
        _student.OnTrade(trade.Time, trade.Price.ToDouble(), trade.Size.ToDouble());
        _tradeProcessed = trade.LineNumber;
        _rejectedTrades.Clear();
    }

    private void Sample(int step)
    {
        if (step < 0)
        {
            _student.MarkOpen();
            return;
        }

        var t = _grid[step];
        QuoteRecordEnd[step] = checked((int)ConsumedPrefix(_quoteProcessed, _rejectedQuotes, t));
        TradeRecordEnd[step] = checked((int)ConsumedPrefix(_tradeProcessed, _rejectedTrades, t));
        var context = _student.Sample(Student.AsSpan(step * _studentWidth, _studentWidth));
        LogMid[step] = context.LogMid;
        HalfSpread[step] = context.HalfSpread;
        Warm[step] = context.Warm;

        var depth = _depth.Snapshot(_deliveredBid, _deliveredAsk, new UnixNanos(t));
        var teacher = Teacher.AsSpan(step * _teacherWidth, _teacherWidth);
        teacher[DistillationSchemas.TeacherBidSizeAtBest] = depth.BidSizeAtBest;
        teacher[DistillationSchemas.TeacherAskSizeAtBest] = depth.AskSizeAtBest;
        teacher[DistillationSchemas.TeacherBidVenuesAtBest] = depth.BidVenuesAtBest;
        teacher[DistillationSchemas.TeacherAskVenuesAtBest] = depth.AskVenuesAtBest;
        teacher[DistillationSchemas.TeacherBidSizeBehind] = depth.BidSizeBehind;
        teacher[DistillationSchemas.TeacherAskSizeBehind] = depth.AskSizeBehind;
        teacher[DistillationSchemas.TeacherImbalanceAtBest] = (float)depth.ImbalanceAtBest;
        teacher[DistillationSchemas.TeacherImbalanceTwoTicks] = (float)depth.ImbalanceTwoTicks;
    }

    /// <summary>The longest prefix of the file whose lines all have times ≤ t: the accepted lines applied so far, plus
    /// the rejected lines read after them that precede the first line later than t.</summary>
    private static long ConsumedPrefix(long processed, List<(long Line, long Time)> rejected, long t)
    {
        var end = processed;
        foreach (var (line, time) in rejected)
        {
            if (time > t)
            {
                break;
            }

            end = line;
        }

        return end;
    }
}
