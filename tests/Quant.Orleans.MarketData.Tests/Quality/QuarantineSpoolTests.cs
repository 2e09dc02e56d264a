using System.Text;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.MarketData.Tests.Support;

namespace Quant.Orleans.MarketData.Tests.Quality;

/// <summary>Every quarantined record is kept with its file, line, reason and raw text (issue 14: "quarantine reports
/// counts only; the README promises file and line").</summary>
public sealed class QuarantineSpoolTests : IDisposable
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly DateOnly Day = new(2013, 10, 7);

    private readonly LeanZipFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AReplayKeepsEveryQuarantinedRecordWithFileLineReasonAndRawTextInTheFeedsOrder()
    {
        var quotes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var ms = 34_200_000 + (i * 1000);
            quotes.Add($"{ms},{1_820_000 + (i * 100)},100,0,0,P,1,{(i is >= 5 and < 30 ? 1 : 0)}");
            quotes.Add($"{ms},0,0,{1_820_100 + (i * 100)},100,Q,1,0");
        }

        quotes.Insert(70, "34235000,0,0,1000000000000,100,P,1,0");         // line 71: an ask of $100M
        quotes.Insert(75, "34236000,0,0,1823600,100,Q,1,0");               // line 76: locks the NBBO (ask = bid 182.36)
        var quotePath = WriteZip("quote", quotes);
        var tradePath = WriteZip("trade", ["34200500,1820050,100,D,0,0", "34200400,1820050,100,D,0,0", "34201500,1820050,0,D,0,0", "34202500,1820050,100,D,0,0"]);

        var log = new QuarantineLog(maxExamplesPerReason: 3);
        using (var feed = ReplayFeed.FromLean(new LeanDataFolder(_folder.Root), [Ibm], [Day], log: log))
        {
            await feed.RunAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        }

        var report = log.CreateReport();
        Assert.Equal(29, report.TotalQuarantined);
        Assert.Equal(3, report.Examples.Count(e => e.Reason == QualityReason.Suspicious));

        var rows = Csv(report.Records!);
        Assert.Equal(QuarantineSpool.CsvHeader, string.Join(',', rows[0]));
        var records = rows.Skip(1).Select(r => (Reason: r[1], File: r[2], Line: long.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture), Record: r[7])).ToList();
        Assert.Equal(report.TotalQuarantined, records.Count);
        Assert.Equal(report.TotalQuarantined, report.Records!.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal(("IBM", r[2] == quotePath ? "20131007_ibm_quote_Tick.csv" : "20131007_ibm_trade_Tick.csv"), (r[0], r[3])));
        Assert.All(rows.Skip(1), r => Assert.StartsWith("2013-10-07T13:", r[5], StringComparison.Ordinal));

        // Every record's raw text is its line in the file.
        var tradeLines = LeanZipFolder.ReadLines(tradePath);
        Assert.All(records, r => Assert.Equal(r.File == quotePath ? quotes[(int)r.Line - 1] : tradeLines[(int)r.Line - 1], r.Record));

        // In the order the feed met them: the out-of-order and zero-size trades as the trade file is read alongside the
        // quotes, the 25 suspicious bids (lines 11..59, odd), the $100M ask, then the locked NBBO.
        Assert.Equal(
            [
                (nameof(QualityReason.OutOfOrder), tradePath, 2L),
                (nameof(QualityReason.NonPositiveSize), tradePath, 3L),
                .. Enumerable.Range(0, 25).Select(i => (nameof(QualityReason.Suspicious), quotePath, 11L + (2 * i))),
                (nameof(QualityReason.PriceOutlier), quotePath, 71L),
                (nameof(QualityReason.LockedNbbo), quotePath, 76L),
            ],
            records.Select(r => (r.Reason, r.File, r.Line)));

        // The same data gives the same file, byte for byte.
        var again = new QuarantineLog();
        using (var feed = ReplayFeed.FromLean(new LeanDataFolder(_folder.Root), [Ibm], [Day], log: again))
        {
            await feed.RunAsync(_ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        }

        Assert.Equal(Bytes(report.Records!), Bytes(again.Records!));
    }

    [Fact]
    public void MemoryIsBoundedAndTheRestGoesToATemporaryFileThatLeavesNothingBehind()
    {
        using var memory = new QuarantineSpool();
        var folder = Path.Combine(_folder.Root, "spool");
        using (var spool = new QuarantineSpool(memoryLimitBytes: 2_000, temporaryFolder: folder))
        {
            for (var i = 1; i <= 200; i++)
            {
                var record = new QuarantinedRecord(QualityReason.LockedNbbo, Ibm, "/data/ibm/20131007_quote.zip", "q.csv", i, new UnixNanos(1_381_152_600_000_000_000 + i), $"bid {i} = ask {i}");
                var raw = Encoding.ASCII.GetBytes($"{i},1820000,100,0,0,P,1,0");
                spool.Append(record, raw);
                memory.Append(record, raw);
                if (i == 10)
                {
                    Assert.False(spool.IsOnDisk);
                }
            }

            Assert.True(spool.IsOnDisk);
            Assert.False(memory.IsOnDisk);

            // On Unix the file has no name from the start (a killed process leaves nothing); Windows deletes it on close.
            Assert.Equal(OperatingSystem.IsWindows() ? 1 : 0, Directory.GetFiles(folder).Length);
            Assert.Equal(200, spool.Count);
            Assert.Equal(Bytes(memory), Bytes(spool));

            // Reading does not disturb appending.
            spool.Append(new QuarantinedRecord(QualityReason.Suspicious, Ibm, "x.zip", null, 201, default, "d"), "r"u8);
            Assert.Equal(202, Csv(spool).Count);
        }

        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void BeyondItsMaximumTheSpoolCountsRecordsWithoutKeepingThem()
    {
        using var spool = new QuarantineSpool(maxRecords: 3);
        for (var i = 1; i <= 5; i++)
        {
            spool.Append(new QuarantinedRecord(QualityReason.Suspicious, Ibm, "x.zip", null, i, default, "d"), "r"u8);
        }

        Assert.Equal((3L, 2L), (spool.Count, spool.Dropped));
        Assert.Equal(["1", "2", "3"], Csv(spool).Skip(1).Select(r => r[4]));
    }

    [Fact]
    public void RawRecordsAreEscapedToAsciiAndCapped()
    {
        Assert.Equal("34200000,1820000,100,0,0,P,1,0", QuarantineSpool.FormatRecord("34200000,1820000,100,0,0,P,1,0"u8));
        Assert.Equal("a\\x00b\\xC3\\xA9\\x5Cc\\x09\"", QuarantineSpool.FormatRecord("a\0bé\\c\t\""u8));
        var longLine = Encoding.ASCII.GetBytes(new string('7', 100_000));
        var formatted = QuarantineSpool.FormatRecord(longLine);
        Assert.Equal(new string('7', QuarantineSpool.MaxRecordBytes) + "...(100000 bytes)", formatted);

        using var spool = new QuarantineSpool();
        spool.Append(new QuarantinedRecord(QualityReason.Suspicious, Ibm, "/data/a,b.zip", "e\"1.csv", 3, default, "say \"hi\", twice\nor not"), "1,\"2\",3"u8);
        var row = Csv(spool)[1];
        Assert.Equal(["IBM", "Suspicious", "/data/a,b.zip", "e\"1.csv", "3", string.Empty, "say \"hi\", twice\nor not", "1,\"2\",3"], row);
    }

    private string WriteZip(string kind, IEnumerable<string> lines)
    {
        var relative = Path.Combine("equity", "usa", "tick", "ibm", $"20131007_{kind}.zip");
        _folder.WriteZip(relative, $"20131007_ibm_{kind}_Tick.csv", lines);
        return Path.Combine(_folder.Root, relative);
    }

    private static byte[] Bytes(QuarantineSpool spool)
    {
        using var stream = new MemoryStream();
        spool.WriteCsv(stream);
        return stream.ToArray();
    }

    /// <summary>Parses the spool's CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).</summary>
    internal static List<string[]> Csv(QuarantineSpool spool)
    {
        var text = Encoding.UTF8.GetString(Bytes(spool));
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(row);
        Assert.Equal(0, field.Length);
        return rows;
    }
}
