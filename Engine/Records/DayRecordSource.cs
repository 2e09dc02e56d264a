using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Engine.Records;

/// <summary>
/// One symbol's recorded days as an event stream, so a replay (<see cref="ReplayFeed"/>) or a training step runs on
/// what the grid traded on: the day-record files of <paramref name="symbol"/> for <paramref name="days"/> (ascending,
/// de-duplicated) under <paramref name="root"/>, each read with <see cref="DayRecordReader"/>'s checks. Events are
/// renumbered 0, 1, 2, … across the days (as <see cref="LeanTickSource"/> numbers them); <see cref="OriginOf"/> gives
/// the recorded lineage (the original source file and line), so recording a replay of records reproduces it. A
/// missing day file is recorded in the log and skipped. A malformed line throws <see cref="MarketDataFormatException"/>
/// naming the file and line; the events before it have been delivered. A file whose header names another symbol is
/// refused the same way. Not thread-safe.
/// </summary>
/// <param name="root">The records folder.</param>
/// <param name="symbol">The instrument.</param>
/// <param name="days">Trading days.</param>
/// <param name="log">Where missing files are recorded; null records nowhere.</param>
public sealed class DayRecordSource(string root, Symbol symbol, IEnumerable<DateOnly> days, QuarantineLog? log = null) : IMarketEventSource, IEventLineage
{
    private readonly DateOnly[] _days = [.. days.Distinct().Order()];
    private int _dayIndex = -1;
    private DayRecordReader? _reader;
    private DayRecord _last;
    private long _sequence;
    private bool _hasLast;

    /// <inheritdoc />
    public Symbol Symbol { get; } = symbol;

    /// <summary>The records folder.</summary>
    public string Root { get; } = root;

    /// <summary>The record behind the event returned last (its arrival time and quality status).</summary>
    /// <exception cref="InvalidOperationException">No event has been read.</exception>
    public DayRecord LastRecord => _hasLast ? _last : throw new InvalidOperationException("No event has been read.");

    /// <inheritdoc />
    public bool TryRead(out MarketEvent marketEvent)
    {
        while (true)
        {
            if (_reader is not null && _reader.TryRead(out var record))
            {
                _last = record;
                _hasLast = true;
                var e = record.Event;
                marketEvent = e.Kind == MarketEventKind.Trade ? MarketEvent.FromTrade(e.Trade, _sequence++) : MarketEvent.FromQuote(e.Quote, _sequence++);
                return true;
            }

            _reader?.Dispose();
            _reader = null;
            if (_dayIndex + 1 >= _days.Length)
            {
                _dayIndex = _days.Length;
                marketEvent = default;
                return false;
            }

            _dayIndex++;
            var path = DayRecordFormat.PathOf(Root, _days[_dayIndex], Symbol);
            if (!File.Exists(path))
            {
                log?.AddMissingFile(path);
                continue;
            }

            _reader = new DayRecordReader(path);
            if (_reader.Header.Symbol != Symbol || _reader.Header.Day != _days[_dayIndex])
            {
                var header = _reader.Header;
                _reader.Dispose();
                _reader = null;
                throw new MarketDataFormatException(path, null, 1, $"the header names {header.Symbol} on {header.Day:yyyy-MM-dd}, but the file is {Symbol}'s of {_days[_dayIndex]:yyyy-MM-dd}");
            }
        }
    }

    /// <inheritdoc />
    public EventOrigin OriginOf(in MarketEvent marketEvent)
    {
        if (!_hasLast || marketEvent.Sequence != _sequence - 1)
        {
            throw new InvalidOperationException($"Event {marketEvent.Sequence} of {Symbol} is not the event this source returned last.");
        }

        return _last.Origin;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader?.Dispose();
        _reader = null;
        _dayIndex = _days.Length;
    }
}
