using System.Globalization;
using System.Text;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.MarketData.Tests.Support;
using Xunit.Sdk;

namespace Quant.Orleans.MarketData.Tests.Lean;

/// <summary>
/// Feeds mutated records (bit flips, truncations, field swaps, extreme numbers, empty fields, non-ASCII bytes, very
/// long lines, missing and extra fields, stray whitespace, random bytes) through the Lean readers, one mutated line in
/// an otherwise valid file per case, with a seeded generator (issue 14, "Fuzzing"). For every case: nothing but a
/// <see cref="MarketDataFormatException"/> escapes; a refused file names its path and the line, and its message stays
/// short; every line before the refusal is parsed, the lines before the mutation exactly as in the original file;
/// a tick line is accepted exactly when a strict reading of the documented format accepts it, with the same values;
/// every parsed tick record passes the quality filter or is quarantined with its line and raw text, and the filter
/// decides the lines before the mutation as it did on the original file; a replay of the file (every fourth case) reports the same.
/// </summary>
public sealed class LeanReaderFuzzTests : IDisposable
{
    private const int LinesPerFile = 12;
    private const int CasesPerBase = 12;
    private const int ReplayEvery = 4;

    private static readonly DateOnly Day = new(2013, 10, 7);
    private static readonly Symbol Ibm = new("IBM");

    private readonly LeanZipFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(LeanFileKind.TickQuote, 5_000, 11UL)]
    [InlineData(LeanFileKind.TickTrade, 5_000, 12UL)]
    [InlineData(LeanFileKind.MinuteTradeBar, 1_000, 13UL)]
    [InlineData(LeanFileKind.SecondQuoteBar, 1_000, 14UL)]
    [InlineData(LeanFileKind.DailyBar, 1_000, 15UL)]
    [InlineData(LeanFileKind.FxTick, 1_000, 16UL)]
    public async Task MutatedRecordsAreParsedQuarantinedOrRefusedWithTheirPosition(LeanFileKind kind, int cases, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var (relative, entry) = Layout(kind);
        var path = Path.Combine(_folder.Root, relative);
        var outcomes = new int[3];
        for (var done = 0; done < cases;)
        {
            var original = Enumerable.Range(0, LinesPerFile).Select(i => Encoding.ASCII.GetBytes(ValidLine(kind, random, i))).ToList();
            _folder.WriteZipBytes(relative, entry, Join(original));
            var clean = Read(kind, path);
            Assert.Null(clean.Error);
            Assert.Equal(LinesPerFile, clean.Records.Count);
            var cleanDecisions = Filter(kind, path, entry, clean).Decisions;

            for (var c = 0; c < CasesPerBase && done < cases; c++, done++)
            {
                var k = random.NextInt(LinesPerFile);
                var mutated = LeanLineMutator.Mutate(original[k], random, out var what);
                var lines = original.ToList();
                lines[k] = mutated;
                var content = Join(lines);
                _folder.WriteZipBytes(relative, entry, content);
                try
                {
                    outcomes[await CheckAsync(kind, path, entry, clean, cleanDecisions, k, mutated, content, replay: done % ReplayEvery == 0)]++;
                }
                catch (Exception e) when (e is not XunitException)
                {
                    throw new XunitException($"{kind} case {done} (seed {seed}), line {k + 1} mutated by {what} to '{QuarantineSpool.FormatRecord(mutated)}': unhandled {e.GetType().Name}: {e.Message}", e);
                }
                catch (XunitException e)
                {
                    throw new XunitException($"{kind} case {done} (seed {seed}), line {k + 1} mutated by {what} to '{QuarantineSpool.FormatRecord(mutated)}': {e.Message}", e);
                }
            }
        }

        // Every outcome is exercised: read to the end, with records quarantined (tick files), refused.
        Assert.True(outcomes[0] + outcomes[1] > cases / 20, $"read to the end {outcomes[0] + outcomes[1]}");
        Assert.True(outcomes[2] > cases / 4, $"refused {outcomes[2]}");
        if (kind is LeanFileKind.TickQuote or LeanFileKind.TickTrade)
        {
            Assert.True(outcomes[1] > cases / 100, $"quarantined {outcomes[1]}");
        }
    }

    [Fact]
    public void FlippedBitsInTheZipItselfAreRefusedWithThePath()
    {
        var random = new DeterministicRandom(21);
        var (relative, entry) = Layout(LeanFileKind.TickQuote);
        var path = _folder.WriteZipBytes(relative, entry, Join(Enumerable.Range(0, 64).Select(i => Encoding.ASCII.GetBytes(ValidLine(LeanFileKind.TickQuote, random, i))).ToList()));
        var zip = File.ReadAllBytes(path);
        var refused = 0;
        for (var c = 0; c < 1_000; c++)
        {
            var bytes = (byte[])zip.Clone();
            for (var flips = 1 + random.NextInt(3); flips > 0; flips--)
            {
                bytes[random.NextInt(bytes.Length)] ^= (byte)(1 << random.NextInt(8));
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                var result = Read(LeanFileKind.TickQuote, path);
                if (result.Error is { } error)
                {
                    Assert.Equal(path, error.FilePath);
                    Assert.Contains(path, error.Message, StringComparison.Ordinal);
                    refused++;
                }
            }
            catch (Exception e) when (e is not XunitException)
            {
                throw new XunitException($"zip case {c}: unhandled {e.GetType().Name}: {e.Message}", e);
            }
        }

        Assert.True(refused > 100, $"refused {refused}");
    }

    /// <summary>Checks one mutated file; returns 0 when every line was accepted, 1 when a parsed line was quarantined,
    /// 2 when the file was refused.</summary>
    private async Task<int> CheckAsync(LeanFileKind kind, string path, string entry, ReadResult clean, bool[] cleanDecisions, int k, byte[] mutated, byte[] content, bool replay)
    {
        var read = Read(kind, path);
        var fileLines = SplitLines(content);

        // The file is refused at a line (at or after the mutation, never before), or read to its end.
        if (read.Error is { } error)
        {
            Assert.Equal(path, error.FilePath);
            Assert.InRange(error.LineNumber, k + 1, fileLines.Count + 1);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains($"line {error.LineNumber}", error.Message, StringComparison.Ordinal);
            Assert.True(error.Message.Length <= path.Length + 400, $"the message has {error.Message.Length} characters: {error.Message[..Math.Min(200, error.Message.Length)]}");
            Assert.Equal(error.LineNumber - 1, read.Records.Count);
        }
        else
        {
            Assert.Equal(fileLines.Count, read.Records.Count);
        }

        // Nothing already accepted changes: the lines before the mutation give the original records, and every raw
        // line handed out is the line in the file.
        Assert.Equal(clean.Records.Take(Math.Min(k, read.Records.Count)), read.Records.Take(k));
        for (var i = 0; i < read.Records.Count; i++)
        {
            Assert.Equal(TrimCarriageReturn(fileLines[i]), read.Raw[i]);
        }

        var splits = mutated.Contains((byte)'\n');
        if (!splits && read.Error is null)
        {
            Assert.Equal(clean.Records.Skip(k + 1), read.Records.Skip(k + 1));
        }

        // A line is accepted exactly when the documented format accepts it, with the same values.
        if (!splits)
        {
            var expected = LeanFormatOracle.Parse(kind, TrimCarriageReturn(mutated), k + 1, Day, Ibm);
            if (expected is null)
            {
                Assert.True(read.Error?.LineNumber == k + 1, "the reader accepted a line the format does not allow");
            }
            else
            {
                Assert.True(read.Records.Count > k, $"the reader refused a valid line: {read.Error?.Message}");
                Assert.Equal(expected, read.Records[k]);
            }
        }

        if (kind is not (LeanFileKind.TickQuote or LeanFileKind.TickTrade))
        {
            return read.Error is null ? 0 : 2;
        }

        // Every parsed record is accepted by the quality filter or quarantined with its line and raw text; the lines
        // before the mutation are decided as before.
        var (decisions, rows) = Filter(kind, path, entry, read);
        Assert.Equal(cleanDecisions.Take(Math.Min(k, decisions.Length)), decisions.Take(k));
        var rejected = Enumerable.Range(0, decisions.Length).Where(i => !decisions[i]).ToList();
        Assert.Equal(rejected.Count, rows.Count);
        for (var j = 0; j < rejected.Count; j++)
        {
            Assert.Equal((rejected[j] + 1).ToString(CultureInfo.InvariantCulture), rows[j][4]);
            Assert.Equal(QuarantineSpool.FormatRecord(read.Raw[rejected[j]]), rows[j][7]);
        }

        // A replay of the file (every ReplayEvery-th case, for time): the same refusal (path and line) as a source
        // failure, every parsed line inspected, every quarantined one (NBBO checks included) with its line and text.
        var outcome = read.Error is not null ? 2 : rejected.Count > 0 ? 1 : 0;
        if (!replay)
        {
            return outcome;
        }

        var log = new QuarantineLog();
        using (var feed = ReplayFeed.FromLean(new LeanDataFolder(_folder.Root), [Ibm], [Day], new ReplayOptions { BatchSize = 4 }, log))
        {
            await feed.RunAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        }

        var report = log.CreateReport();
        Assert.Equal(read.Records.Count, report.RecordsInspected);
        if (read.Error is { } failed)
        {
            var failure = Assert.Single(report.Failures);
            Assert.Equal((path, failed.LineNumber), (failure.Path, failure.LineNumber));
        }
        else
        {
            Assert.Empty(report.Failures);
        }

        foreach (var row in Quality.QuarantineSpoolTests.Csv(report.Records!).Skip(1))
        {
            var line = int.Parse(row[4], CultureInfo.InvariantCulture);
            Assert.InRange(line, 1, read.Records.Count);
            Assert.Equal(QuarantineSpool.FormatRecord(read.Raw[line - 1]), row[7]);
        }

        return outcome;
    }

    private static (bool[] Decisions, List<string[]> Rows) Filter(LeanFileKind kind, string path, string entry, ReadResult read)
    {
        if (kind is not (LeanFileKind.TickQuote or LeanFileKind.TickTrade))
        {
            return ([], []);
        }

        var log = new QuarantineLog();
        var filter = new QualityFilter(Ibm, log);
        filter.BeginFile(path, entry);
        var decisions = new bool[read.Records.Count];
        for (var i = 0; i < decisions.Length; i++)
        {
            decisions[i] = read.Records[i] is ExchangeQuote q ? filter.AcceptQuote(q, read.Raw[i]) : filter.AcceptTrade((ExchangeTrade)read.Records[i], read.Raw[i]);
        }

        return (decisions, Quality.QuarantineSpoolTests.Csv(log.Records!).Skip(1).ToList());
    }

    private sealed record ReadResult(List<object> Records, List<byte[]> Raw, MarketDataFormatException? Error);

    private static ReadResult Read(LeanFileKind kind, string path)
    {
        var records = new List<object>();
        var raw = new List<byte[]>();
        try
        {
            switch (kind)
            {
                case LeanFileKind.TickQuote:
                    using (var reader = new LeanTickQuoteReader(path, Day))
                    {
                        while (reader.TryRead(out var quote))
                        {
                            records.Add(quote);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
                case LeanFileKind.TickTrade:
                    using (var reader = new LeanTickTradeReader(path, Day))
                    {
                        while (reader.TryRead(out var trade))
                        {
                            records.Add(trade);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
                case LeanFileKind.MinuteTradeBar:
                    using (var reader = new LeanTradeBarReader(path, Ibm, TimeSpan.FromMinutes(1), Day))
                    {
                        while (reader.TryRead(out var bar))
                        {
                            records.Add(bar);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
                case LeanFileKind.SecondQuoteBar:
                    using (var reader = new LeanQuoteBarReader(path, Ibm, TimeSpan.FromSeconds(1), Day))
                    {
                        while (reader.TryRead(out var bar))
                        {
                            records.Add(bar);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
                case LeanFileKind.DailyBar:
                    using (var reader = new LeanDailyBarReader(path, Ibm))
                    {
                        while (reader.TryRead(out var bar))
                        {
                            records.Add(bar);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
                default:
                    using (var reader = new LeanFxTickReader(path, Day))
                    {
                        while (reader.TryRead(out var tick))
                        {
                            records.Add(tick);
                            raw.Add(reader.CurrentLine.ToArray());
                        }
                    }

                    break;
            }

            return new ReadResult(records, raw, null);
        }
        catch (MarketDataFormatException e)
        {
            return new ReadResult(records, raw, e);
        }
    }

    private static (string Relative, string Entry) Layout(LeanFileKind kind) => kind switch
    {
        LeanFileKind.TickQuote => (Path.Combine("equity", "usa", "tick", "ibm", "20131007_quote.zip"), "20131007_ibm_Quote_Tick.csv"),
        LeanFileKind.TickTrade => (Path.Combine("equity", "usa", "tick", "ibm", "20131007_trade.zip"), "20131007_ibm_Trade_Tick.csv"),
        LeanFileKind.MinuteTradeBar => (Path.Combine("equity", "usa", "minute", "ibm", "20131007_trade.zip"), "20131007_ibm_minute_trade.csv"),
        LeanFileKind.SecondQuoteBar => (Path.Combine("equity", "usa", "second", "ibm", "20131007_quote.zip"), "20131007_ibm_second_quote.csv"),
        LeanFileKind.DailyBar => (Path.Combine("equity", "usa", "daily", "ibm.zip"), "ibm.csv"),
        _ => (Path.Combine("forex", "fxcm", "tick", "eurusd", "20131007_quote.zip"), "20131007_eurusd_tick_quote.csv"),
    };

    /// <summary>A valid line of line index <paramref name="i"/> (times rise with <paramref name="i"/>).</summary>
    private static string ValidLine(LeanFileKind kind, DeterministicRandom r, int i)
    {
        var ms = 34_200_000L + (i * 1_000L) + r.NextInt(1_000);
        var px = 1_800_000L + r.NextInt(50_000);
        var size = 100L * (1 + r.NextInt(50));
        var exchange = (char)('A' + r.NextInt(26));
        string Hex() => r.NextInt(3) switch { 0 => "0", 1 => "1", _ => "8000001F" };
        return kind switch
        {
            LeanFileKind.TickQuote => r.NextInt(2) == 0
                ? Inv($"{ms},{px},{size},0,0,{exchange},{Hex()},{(r.NextInt(40) == 0 ? 1 : 0)}")
                : Inv($"{ms},0,0,{px},{size},{exchange},{Hex()},{(r.NextInt(40) == 0 ? 1 : 0)}"),
            LeanFileKind.TickTrade => Inv($"{ms},{(r.NextInt(60) == 0 ? 0 : px)},{size},{exchange},{Hex()},{(r.NextInt(40) == 0 ? 1 : 0)}"),
            LeanFileKind.MinuteTradeBar => Inv($"{34_200_000 + (i * 60_000)},{px},{px + 900},{px - 700},{px + 100},{size * 10}"),
            LeanFileKind.SecondQuoteBar => Inv($"{34_200_000 + (i * 1_000)},{px},{px + 10},{px - 10},{px + 5},{size},{px + 100},{px + 110},{px + 90},{px + 105},{size}"),
            LeanFileKind.DailyBar => Inv($"{new DateOnly(2013, 9, 1).AddDays(i):yyyyMMdd} 00:00,{px},{px + 900},{px - 700},{px + 100},{size * 1000}"),
            _ => Inv($"{ms},1.{38_700 + r.NextInt(100)},1.{38_710 + r.NextInt(100)}"),
        };
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static byte[] Join(List<byte[]> lines)
    {
        var content = new List<byte>();
        foreach (var line in lines)
        {
            content.AddRange(line);
            content.Add((byte)'\n');
        }

        return [.. content];
    }

    /// <summary>The lines of a file as the reader sees them: split at LF, the empty piece after a final LF dropped.</summary>
    private static List<byte[]> SplitLines(byte[] content)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n')
            {
                lines.Add(content[start..i]);
                start = i + 1;
            }
        }

        if (start < content.Length)
        {
            lines.Add(content[start..]);
        }

        return lines;
    }

    private static byte[] TrimCarriageReturn(byte[] line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
