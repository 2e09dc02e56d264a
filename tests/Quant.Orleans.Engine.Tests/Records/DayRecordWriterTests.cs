using System.Globalization;
using System.Security.Cryptography;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Records;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Records;

/// <summary>The day-record file format on synthetic events: round trip, resume after a crash, refusals, catalog.</summary>
public sealed class DayRecordWriterTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);
    private static readonly Symbol Ibm = new("IBM");
    private static readonly Symbol Bac = new("BAC");
    private readonly TempFolder _folder = new("qo-day-records");

    public void Dispose() => _folder.Dispose();

    /// <summary>A symbol's synthetic day stream: NBBO changes and trades alternating, with prices that need all eight
    /// fractional digits, sizes with fractions, and equal timestamps.</summary>
    private static (MarketEvent[] Events, EventOrigin[] Origins) Stream(Symbol symbol, DateOnly day, int count, long firstSequence = 0)
    {
        var events = new MarketEvent[count];
        var origins = new EventOrigin[count];
        var start = UnixNanos.FromDateTime(day.ToDateTime(new TimeOnly(13, 30), DateTimeKind.Utc)).Value;
        var folder = $"equity/usa/tick/{symbol.Ticker.ToLowerInvariant()}/{day:yyyyMMdd}";
        for (var i = 0; i < count; i++)
        {
            var time = new UnixNanos(start + (i / 2 * 1_000_000L));
            var sequence = firstSequence + i;
            if (i % 3 == 2)
            {
                var trade = new Trade(symbol, time, new Price(18_216_000_000L + i), new Quantity(100_00000000L + (i * 12_345L)), i % 2 == 0 ? "N" : "D");
                events[i] = MarketEvent.FromTrade(trade, sequence);
                origins[i] = new EventOrigin(folder + "_trade.zip", 10 + i, day, sequence);
            }
            else
            {
                var quote = new Quote(symbol, time, new Price(18_216_000_000L - i), new Quantity(600_00000000L), new Price(18_221_000_001L + i), new Quantity((i + 1) * 100_00000000L));
                events[i] = MarketEvent.FromQuote(quote, sequence);
                origins[i] = new EventOrigin(folder + "_quote.zip", 1000 + (7 * i), day, sequence);
            }
        }

        return (events, origins);
    }

    private static readonly UnixNanos Arrival = new(1_765_000_000_123_456_700L);

    [Fact]
    public void WrittenEventsReadBackExactlyWithTheirLineage()
    {
        var (ibm, ibmOrigins) = Stream(Ibm, Day1, 50);
        var (bac, bacOrigins) = Stream(Bac, Day1, 30);
        using (var writer = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "lean-tick"))
        {
            writer.Append(ibm.AsSpan(0, 20), ibmOrigins.AsSpan(0, 20), Arrival);
            writer.Append(bac, bacOrigins, Arrival);
            writer.Flush();
            writer.Append(ibm.AsSpan(20), ibmOrigins.AsSpan(20), new UnixNanos(Arrival.Value + 5));
            Assert.Equal(80, writer.Written);
        }

        var path = DayRecordFormat.PathOf(_folder.Path, Day1, Ibm);
        Assert.EndsWith(Path.Combine("2013-10-07", "IBM.records.csv"), path, StringComparison.Ordinal);
        using var reader = new DayRecordReader(path);
        Assert.Equal(new DayRecordHeader(1, DataRegime.MaintenanceReplay, "lean-tick", Ibm, Day1), reader.Header);
        var records = new List<DayRecord>();
        while (reader.TryRead(out var record))
        {
            records.Add(record);
        }

        Assert.Equal(ibm, records.Select(r => r.Event));
        Assert.Equal(ibmOrigins, records.Select(r => r.Origin));
        Assert.All(records.Take(20), r => Assert.Equal(Arrival, r.Arrival));
        Assert.All(records.Skip(20), r => Assert.Equal(Arrival.Value + 5, r.Arrival.Value));
        Assert.All(records, r => Assert.Equal("accepted", r.Quality));
        var lines = File.ReadAllLines(path);
        Assert.Equal("# quant-orleans day-records v1 regime=maintenance_replay feed=lean-tick symbol=IBM date=2013-10-07", lines[0]);
        Assert.Equal(DayRecordFormat.Columns, lines[1]);
        Assert.Equal("0,Q,1381152600000000000,182.16,600,182.21000001,100,,,,equity/usa/tick/ibm/20131007_quote.zip,1000,1765000000123456700,accepted", lines[2]);
        Assert.Equal("2,T,1381152600001000000,,,,,182.16000002,100.0002469,N,equity/usa/tick/ibm/20131007_trade.zip,12,1765000000123456700,accepted", lines[4]);
    }

    /// <summary>Every 1e-8 fixed-point value round-trips through the text, and the text is the invariant decimal
    /// that System.Decimal writes for raw / 1e8 (an independent formatter).</summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(99_999_999L)]
    [InlineData(100_000_000L)]
    [InlineData(18_216_000_000L)]
    [InlineData(18_221_000_001L)]
    [InlineData(-1L)]
    [InlineData(-123_456_789_012L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void FixedPointTextIsExactAndMatchesDecimalFormatting(long raw)
    {
        Span<char> text = stackalloc char[32];
        var n = DayRecordFormat.FormatFixed(text, raw);
        var expected = ((decimal)raw / 100_000_000m).ToString("0.########", CultureInfo.InvariantCulture);
        Assert.Equal(expected, text[..n].ToString());
        Assert.True(DayRecordFormat.TryParseFixed(text[..n], out var back));
        Assert.Equal(raw, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e5")]
    [InlineData("1.123456789")]
    [InlineData("+1")]
    [InlineData("92233720368.54775808")]
    [InlineData("-92233720368.54775809")]
    [InlineData("123456789012345678901234")]
    [InlineData("1,5")]
    public void TextThatIsNoExactFixedPointDecimalIsRejected(string text) =>
        Assert.False(DayRecordFormat.TryParseFixed(text, out _));

    /// <summary>A crash leaves the first <paramref name="complete"/> lines and <paramref name="tornBytes"/> of the next;
    /// the resumed replay re-delivers from its journal's progress (<paramref name="redeliverFrom"/>, at or before what
    /// the file holds). The file ends byte-identical to an uninterrupted recording.</summary>
    [Theory]
    [InlineData(25, 18, 30)]
    [InlineData(25, 25, 0)]
    [InlineData(1, 0, 30)]
    [InlineData(0, 0, 20)]
    [InlineData(39, 30, 1)]
    public void AWriterThatResumesAfterACrashTruncatesTheTornLineAndNeitherDuplicatesNorLosesEvents(int complete, int redeliverFrom, int tornBytes)
    {
        var (events, origins) = Stream(Ibm, Day1, 40);
        var reference = Path.Combine(_folder.Path, "reference");
        using (var writer = new DayRecordWriter(reference, DataRegime.MaintenanceReplay, "lean-tick"))
        {
            writer.Append(events, origins, Arrival);
        }

        var full = File.ReadAllBytes(DayRecordFormat.PathOf(reference, Day1, Ibm));
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < full.Length; i++)
        {
            if (full[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var crashed = Path.Combine(_folder.Path, "crashed");
        var path = DayRecordFormat.PathOf(crashed, Day1, Ibm);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, full.AsSpan(0, lineStarts[2 + complete] + tornBytes).ToArray());

        var warnings = new List<string>();
        using (var writer = new DayRecordWriter(crashed, DataRegime.MaintenanceReplay, "lean-tick", warnings.Add))
        {
            writer.Append(events.AsSpan(redeliverFrom), origins.AsSpan(redeliverFrom), Arrival);
            Assert.Equal(complete - redeliverFrom, writer.Skipped);
            Assert.Equal(40 - complete, writer.Written);
        }

        Assert.Equal(full, File.ReadAllBytes(path));
        if (tornBytes > 0)
        {
            var warning = Assert.Single(warnings);
            Assert.Contains($"torn last line ({tornBytes} bytes", warning, StringComparison.Ordinal);
            Assert.Contains(path, warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    [Fact]
    public void AFileCutInsideItsHeaderIsRewritten()
    {
        var (events, origins) = Stream(Ibm, Day1, 5);
        var path = DayRecordFormat.PathOf(_folder.Path, Day1, Ibm);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# quant-orleans day-rec");
        var warnings = new List<string>();
        using (var writer = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "lean-tick", warnings.Add))
        {
            writer.Append(events, origins, Arrival);
        }

        Assert.Single(warnings);
        Assert.Equal(events, DayRecordReader.ReadAll(path).Select(r => r.Event));
    }

    [Fact]
    public void AGapAfterTheFilesLastLineIsRefused()
    {
        var (events, origins) = Stream(Ibm, Day1, 10);
        using var writer = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "lean-tick");
        writer.Append(events.AsSpan(0, 4), origins.AsSpan(0, 4), Arrival);
        var error = Assert.Throws<InvalidOperationException>(() => writer.Append(events.AsSpan(6), origins.AsSpan(6), Arrival));
        Assert.Contains("events 4..5 would be missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOfAnotherRegimeOrFeedIsNotAppendedTo()
    {
        var (events, origins) = Stream(Ibm, Day1, 10);
        using (var writer = new DayRecordWriter(_folder.Path, DataRegime.ProdLive, "live-feed"))
        {
            writer.Append(events.AsSpan(0, 4), origins.AsSpan(0, 4), Arrival);
        }

        var before = File.ReadAllBytes(DayRecordFormat.PathOf(_folder.Path, Day1, Ibm));
        using (var replay = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "live-feed"))
        {
            var error = Assert.Throws<InvalidOperationException>(() => replay.Append(events, origins, Arrival));
            Assert.Contains("regime is prod_live, this writer's is maintenance_replay", error.Message, StringComparison.Ordinal);
        }

        using (var other = new DayRecordWriter(_folder.Path, DataRegime.ProdLive, "lean-tick"))
        {
            var error = Assert.Throws<InvalidOperationException>(() => other.Append(events, origins, Arrival));
            Assert.Contains("feed is 'live-feed', this writer's is 'lean-tick'", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, File.ReadAllBytes(DayRecordFormat.PathOf(_folder.Path, Day1, Ibm)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DayRecordWriter(_folder.Path, DataRegime.Mixed, "lean-tick"));
        Assert.Throws<ArgumentException>(() => new DayRecordWriter(_folder.Path, DataRegime.ProdLive, "a feed"));
    }

    public static TheoryData<string, string, int> BadLines => new()
    {
        { "2,Q,1381152600000000000,182.16,600,182.21,100,,,,q.zip,1,1,accepted", "field 1 (sequence) is 2, expected 1", 4 },
        { "1,X,1381152600000000000,182.16,600,182.21,100,,,,q.zip,1,1,accepted", "field 2 (kind) must be Q or T", 4 },
        { "1,Q,13811526000000000x0,182.16,600,182.21,100,,,,q.zip,1,1,accepted", "field 3 (time_ns) is not an integer", 4 },
        { "1,Q,1381152599000000000,182.16,600,182.21,100,,,,q.zip,1,1,accepted", "is earlier than the previous line's", 4 },
        { "1,Q,1381152600000000000,182.123456789,600,182.21,100,,,,q.zip,1,1,accepted", "field 4 (bid) is not an exact decimal", 4 },
        { "1,Q,1381152600000000000,182.16,600,182.21,100,1,,,q.zip,1,1,accepted", "field 8 (price) must be empty", 4 },
        { "1,T,1381152600000000000,,,,,182.16,100,N,q.zip,0,1,accepted", "field 12 (line) must be a 1-based line number", 4 },
        { "1,T,1381152600000000000,,,,,182.16,100,N,q.zip,1,1,Great", "field 14 (quality) must be 'accepted' or a QualityReason", 4 },
        { "1,T,1381152600000000000,,,,,182.16,100,N,q.zip,1,1", "expected 14 fields", 4 },
    };

    /// <summary>A bad line throws naming the file and the line; the records before it were returned.</summary>
    [Theory]
    [MemberData(nameof(BadLines))]
    public void ABadLineIsRefusedNamingTheFileAndLine(string bad, string reason, int lineNumber)
    {
        var path = Path.Combine(_folder.Path, "bad.records.csv");
        Directory.CreateDirectory(_folder.Path);
        File.WriteAllText(path, string.Join('\n', DayRecordFormat.Header(DataRegime.MaintenanceReplay, "lean-tick", Ibm, Day1), DayRecordFormat.Columns, "0,Q,1381152600000000000,182.16,600,182.21,100,,,,q.zip,1,1,accepted", bad, "") );
        using var reader = new DayRecordReader(path);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(0, first.Event.Sequence);
        var error = Assert.Throws<MarketDataFormatException>(() => reader.TryRead(out _));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(lineNumber, error.LineNumber);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}, line {lineNumber}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALastLineWithoutALineEndAndABadHeaderAreRefused()
    {
        Directory.CreateDirectory(_folder.Path);
        var torn = Path.Combine(_folder.Path, "torn.records.csv");
        File.WriteAllText(torn, DayRecordFormat.Header(DataRegime.MaintenanceReplay, "lean-tick", Ibm, Day1) + "\n" + DayRecordFormat.Columns + "\n0,Q,13811526");
        using (var reader = new DayRecordReader(torn))
        {
            var error = Assert.Throws<MarketDataFormatException>(() => reader.TryRead(out _));
            Assert.Equal(3, error.LineNumber);
            Assert.Contains("no line end", error.Message, StringComparison.Ordinal);
        }

        var header = Path.Combine(_folder.Path, "header.records.csv");
        File.WriteAllText(header, "# quant-orleans day-records v2 regime=maintenance_replay feed=lean-tick symbol=IBM date=2013-10-07\n" + DayRecordFormat.Columns + "\n");
        var version = Assert.Throws<MarketDataFormatException>(() => new DayRecordReader(header));
        Assert.Equal(1, version.LineNumber);
        Assert.Contains("format version 'v2' is not v1", version.Message, StringComparison.Ordinal);
        File.WriteAllText(header, "# quant-orleans day-records v1 regime=mixed feed=lean-tick symbol=IBM date=2013-10-07\n" + DayRecordFormat.Columns + "\n");
        Assert.Contains("regime 'mixed' is not prod_live or maintenance_replay", Assert.Throws<MarketDataFormatException>(() => new DayRecordReader(header)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSourceRenumbersAcrossDaysAndKeepsTheLineage()
    {
        var (day1, origins1) = Stream(Ibm, Day1, 7);
        var (day2, origins2) = Stream(Ibm, Day2, 5);
        using (var writer = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "lean-tick"))
        {
            writer.Append(day1, origins1, Arrival);
            writer.Append(day2, origins2, Arrival);
        }

        var log = new MarketData.Quality.QuarantineLog();
        using var source = new DayRecordSource(_folder.Path, Ibm, [Day2, Day1, new DateOnly(2013, 10, 9)], log);
        var read = new List<(MarketEvent Event, EventOrigin Origin)>();
        while (source.TryRead(out var e))
        {
            read.Add((e, source.OriginOf(e)));
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), read.Select(r => r.Event.Sequence));
        Assert.Equal(origins1.Concat(origins2), read.Select(r => r.Origin));
        Assert.Equal(day1.Concat(day2).Select(e => e.Kind == MarketEventKind.Trade ? (object)e.Trade : e.Quote), read.Select(r => r.Event.Kind == MarketEventKind.Trade ? (object)r.Event.Trade : r.Event.Quote));
        Assert.Contains(log.CreateReport().MissingFiles, f => f.EndsWith(Path.Combine("2013-10-09", "IBM.records.csv"), StringComparison.Ordinal));
    }

    [Fact]
    public void TheCatalogListsEachDayAndSymbolWithTheFilesHashCountAndProvenance()
    {
        using (var writer = new DayRecordWriter(_folder.Path, DataRegime.MaintenanceReplay, "lean-tick"))
        {
            foreach (var (symbol, day, count) in new[] { (Ibm, Day1, 9), (Bac, Day1, 4), (Ibm, Day2, 6) })
            {
                var (events, origins) = Stream(symbol, day, count);
                writer.Append(events, origins, Arrival);
            }
        }

        var all = DayRecordCatalog.List(_folder.Path, Day1, Day2);
        Assert.Equal(["2013-10-07 BAC 4", "2013-10-07 IBM 9", "2013-10-08 IBM 6"], all.Select(e => $"{e.Day:yyyy-MM-dd} {e.Symbol} {e.EventCount}"));
        foreach (var entry in all)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry.Path))), entry.Sha256);
            Assert.Equal(DataRegime.MaintenanceReplay, entry.Regime);
            Assert.Equal("lean-tick", entry.Feed);
        }

        Assert.Equal(["2013-10-08 IBM"], DayRecordCatalog.List(_folder.Path, Day2, Day2).Select(e => $"{e.Day:yyyy-MM-dd} {e.Symbol}"));
        Assert.Equal(["2013-10-07 BAC"], DayRecordCatalog.List(_folder.Path, Day1, Day2, [Bac]).Select(e => $"{e.Day:yyyy-MM-dd} {e.Symbol}"));
        Assert.Empty(DayRecordCatalog.List(Path.Combine(_folder.Path, "none"), Day1, Day2));

        // A changed byte changes the hash the manifest would cite.
        var path = all[0].Path;
        var bytes = File.ReadAllBytes(path);
        var at = Array.LastIndexOf(bytes, (byte)'6');
        bytes[at] = (byte)'7';
        File.WriteAllBytes(path, bytes);
        Assert.NotEqual(all[0].Sha256, DayRecordCatalog.List(_folder.Path, Day1, Day1, [Bac])[0].Sha256);
    }
}
