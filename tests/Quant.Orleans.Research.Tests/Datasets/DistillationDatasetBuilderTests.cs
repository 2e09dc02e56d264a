using System.Diagnostics;
using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Labels;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Datasets;

/// <summary>The data set of a real recorded day (IBM 2013-10-07, Lean/AlgoSeek ticks); skipped when <c>../shared/data</c> is absent.</summary>
public sealed class DistillationDatasetBuilderTests
{
    private static readonly int StudentWidth = DistillationSchemas.Student.Width;
    private static readonly int TeacherWidth = DistillationSchemas.Teacher.Width;

    [Fact]
    public void TheGridIsTheRegularSessionAtOneSecondAndEveryArrayHasItsShape()
    {
        var day = DistillationDataFixture.IbmDay();
        const int N = 23_400;
        Assert.Equal(N, day.Steps);
        Assert.Equal("IBM", day.Symbol);
        Assert.Equal(DistillationSchemas.Version, day.SchemaVersion);

        // 2013-10-07 is in daylight time: 09:30 New York = 13:30 UTC; the first step ends at 13:30:01, the last at 20:00:00.
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 13, 30, 1, DateTimeKind.Utc)).Value, day.Times[0]);
        Assert.Equal(UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 20, 0, 0, DateTimeKind.Utc)).Value, day.Times[^1]);
        Assert.All(Enumerable.Range(1, N - 1), i => Assert.Equal(UnixNanos.NanosPerSecond, day.Times[i] - day.Times[i - 1]));
        var h = day.Horizons.Length;
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)], day.Horizons);
        Assert.Equal(N * StudentWidth, day.Student.Length);
        Assert.Equal(N * TeacherWidth, day.Teacher.Length);
        Assert.Equal(N * h, day.GoldenReturn.Length);
        Assert.Equal(N * h, day.MidReturn.Length);
        Assert.All(new[] { day.Warm.Length, day.LogMid.Length, day.GoldenLevel.Length, day.HalfSpread.Length, day.Barrier.Length, day.QuoteRecordEnd.Length, day.TradeRecordEnd.Length }, len => Assert.Equal(N, len));

        Assert.All(day.Student, x => Assert.True(float.IsFinite(x)));
        Assert.All(day.Teacher, x => Assert.True(float.IsFinite(x)));
        Assert.All(day.LogMid, x => Assert.True(double.IsFinite(x))); // IBM is quoted before the open
        Assert.All(day.GoldenLevel, x => Assert.True(double.IsFinite(x)));
        Assert.All(day.Barrier, b => Assert.InRange(b, (sbyte)-1, (sbyte)2));

        // The engine warms up 5 minutes after its first in-session tick.
        Assert.False(day.Warm[0]);
        Assert.True(day.Warm[^1]);
        var firstWarm = Array.IndexOf(day.Warm, true);
        Assert.InRange(firstWarm, 299, 330);
        Assert.All(day.Warm[firstWarm..], Assert.True);

        // The last 10 s have no 10 s return; the label's vertical barrier (300 s) passes the close in the last 300
        // steps, so there only a horizontal touch gives a class.
        Assert.All(Enumerable.Range(N - 10, 10), i => Assert.True(float.IsNaN(day.MidReturn[i * h])));
        Assert.True(float.IsFinite(day.MidReturn[(N - 11) * h]));
        Assert.All(day.Barrier[(N - 300)..], b => Assert.NotEqual((sbyte)1, b));
        Assert.Equal((sbyte)-1, day.Barrier[^1]);
        Assert.Contains((sbyte)0, day.Barrier);
        Assert.Contains((sbyte)1, day.Barrier);
        Assert.Contains((sbyte)2, day.Barrier);

        // Record ends are non-decreasing and end within the files.
        for (var i = 1; i < N; i++)
        {
            Assert.True(day.QuoteRecordEnd[i] >= day.QuoteRecordEnd[i - 1]);
            Assert.True(day.TradeRecordEnd[i] >= day.TradeRecordEnd[i - 1]);
        }

        Assert.Equal(["equity/usa/tick/ibm/20131007_quote.zip", "equity/usa/tick/ibm/20131007_trade.zip"], day.Sources.Select(s => s.RelativePath));
        var root = DistillationDataFixture.LeanRoot();
        for (var s = 0; s < 2; s++)
        {
            var lines = DistillationDataFixture.ReadLines(Path.Combine(root, day.Sources[s].RelativePath)).Lines.Length;
            Assert.Equal(lines, day.Sources[s].Records);
            Assert.InRange((s == 0 ? day.QuoteRecordEnd : day.TradeRecordEnd)[^1], 1, lines);
        }

        Assert.Equal(day.Sources[0].Records, day.QuoteQuality.RecordsInspected);
        Assert.Equal(day.Sources[1].Records, day.TradeQuality.RecordsInspected);
        Assert.True(day.QuotesDelivered > 10_000);
        Assert.True(day.TradesDelivered > 10_000);
    }

    [Fact]
    public void SchemasNameEveryColumnOnce()
    {
        Assert.Equal(7, StudentWidth);
        Assert.Equal(11, TeacherWidth);
        Assert.Equal(StudentWidth, DistillationSchemas.Student.Columns.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(TeacherWidth, DistillationSchemas.Teacher.Columns.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("level", DistillationSchemas.Student.Columns); // non-stationary: left out
        Assert.Equal("log_mid_return_1", DistillationSchemas.Student.Columns[DistillationSchemas.StudentLogMidReturn]);
        Assert.Equal("size_imbalance_two_ticks", DistillationSchemas.Teacher.Columns[DistillationSchemas.TeacherImbalanceTwoTicks]);
    }

    /// <summary>
    /// CAUSALITY: the day rebuilt from copies of its files cut after the records of step i (the first
    /// QuoteRecordEnd[i] and TradeRecordEnd[i] lines) gives the same student rows, warm flags, mids, spreads, record ends
    /// and depth columns at every step ≤ i; the acausal golden level, which reads the future, does differ.
    /// </summary>
    [Theory]
    [InlineData(59)] // 09:31:00
    [InlineData(7_199)] // 11:30:00
    public void StudentColumnsUpToAStepAreTheSameWhenTheFilesEndAfterThatStep(int cut)
    {
        var full = DistillationDataFixture.IbmDay();
        var root = DistillationDataFixture.LeanRoot();
        using var temp = new TempFolder("distillation-causality");
        var truncatedRoot = temp.Path;
        var keep = new[] { full.QuoteRecordEnd[cut], full.TradeRecordEnd[cut] };
        for (var s = 0; s < 2; s++)
        {
            var (entry, lines) = DistillationDataFixture.ReadLines(Path.Combine(root, full.Sources[s].RelativePath));
            DistillationDataFixture.WriteZip(Path.Combine(truncatedRoot, full.Sources[s].RelativePath), entry, lines.Take(keep[s]));
        }

        var cutDay = DistillationDatasetBuilder.Build(truncatedRoot, DistillationDataFixture.Symbol, DistillationDataFixture.Day, ct: TestContext.Current.CancellationToken);
        Assert.Equal(keep[0], cutDay.Sources[0].Records);
        var n = cut + 1;
        Assert.Equal(full.Student.AsSpan(0, n * StudentWidth), cutDay.Student.AsSpan(0, n * StudentWidth));
        Assert.Equal(full.Warm.AsSpan(0, n), cutDay.Warm.AsSpan(0, n));
        Assert.Equal(full.LogMid.AsSpan(0, n), cutDay.LogMid.AsSpan(0, n));
        Assert.Equal(full.HalfSpread.AsSpan(0, n), cutDay.HalfSpread.AsSpan(0, n));
        Assert.Equal(full.QuoteRecordEnd.AsSpan(0, n), cutDay.QuoteRecordEnd.AsSpan(0, n));
        Assert.Equal(full.TradeRecordEnd.AsSpan(0, n), cutDay.TradeRecordEnd.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            for (var c = DistillationSchemas.TeacherBidSizeAtBest; c < TeacherWidth; c++)
            {
                Assert.Equal(full.Teacher[(i * TeacherWidth) + c], cutDay.Teacher[(i * TeacherWidth) + c]);
            }
        }

        // The test can see acausality: the smoothed level before the cut changes when the future is cut off.
        Assert.False(full.GoldenLevel.AsSpan(0, n).SequenceEqual(cutDay.GoldenLevel.AsSpan(0, n)));
    }

    /// <summary>
    /// The student columns equal an independent replay: the grid's own event source (<see cref="LeanTickSource"/>)
    /// feeding a <see cref="SymbolFeatureEngine"/> with the mids of two-sided NBBOs in 09:30–16:00 (as
    /// <c>SymbolForecastSession</c> does) and a <see cref="MicrostructureFeatures"/> with every event, sampled at the
    /// last event at or before each grid time.
    /// </summary>
    [Theory]
    [InlineData("IBM", 7)]
    [InlineData("AIG", 9)] // 3,000+ locked NBBOs quarantined in a day
    [InlineData("BAC", 10)]
    public void StudentColumnsEqualTheReplayFedToTheEngineDirectly(string symbol, int dayOfMonth)
    {
        var root = DistillationDataFixture.LeanRoot();
        var date = new DateOnly(2013, 10, dayOfMonth);
        var day = symbol == "IBM" && dayOfMonth == 7 ? DistillationDataFixture.IbmDay() : DistillationDatasetBuilder.Build(root, symbol, date, ct: TestContext.Current.CancellationToken);
        var options = new DistillationDatasetOptions();
        var engine = new SymbolFeatureEngine(options.Features);
        var micro = new MicrostructureFeatures(options.TradeFlowHalfLife);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        long Utc(int hour, int minute) => UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(hour, minute)), zone)).Value;
        var open = Utc(9, 30);
        var close = Utc(16, 0);
        var previousLogMid = double.NaN;
        var logMid = double.NaN;
        var openSampled = false;
        var step = 0;
        var mismatches = 0;
        string? first = null;

        void Check(int i)
        {
            var row = day.StudentRow(i);
            var f = engine.Features;
            float[] expected =
            [
                (float)f[FeatureIndex.Slope], (float)f[FeatureIndex.StandardisedInnovation], (float)f[FeatureIndex.RealisedVolatility],
                (float)f[FeatureIndex.LevelGap], (float)micro.RelativeSpread, (float)micro.TradeFlowImbalance,
                double.IsFinite(logMid) && double.IsFinite(previousLogMid) ? (float)(logMid - previousLogMid) : 0f,
            ];
            for (var c = 0; c < StudentWidth; c++)
            {
                if (expected[c] != row[c])
                {
                    mismatches++;
                    first ??= $"step {i} column {DistillationSchemas.Student.Columns[c]}: expected {expected[c]:R}, got {row[c]:R}";
                }
            }

            if (day.Warm[i] != (engine.IsWarm && double.IsFinite(logMid)) || day.LogMid[i] != logMid)
            {
                mismatches++;
                first ??= $"step {i}: warm {day.Warm[i]} vs {engine.IsWarm}, log mid {day.LogMid[i]:R} vs {logMid:R}";
            }

            previousLogMid = logMid;
        }

        using (var source = new LeanTickSource(new LeanDataFolder(root), new Symbol(symbol), [date], new QuarantineLog(keepRecords: false)))
        {
            while (source.TryRead(out var e))
            {
                if (!openSampled && open < e.Time.Value)
                {
                    previousLogMid = logMid;
                    openSampled = true;
                }

                while (step < day.Steps && day.Times[step] < e.Time.Value)
                {
                    Check(step++);
                }

                if (e.Kind == MarketEventKind.Trade)
                {
                    micro.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                    continue;
                }

                var q = e.Quote;
                micro.OnQuote(q.Time, q.BidPrice.ToDouble(), q.AskPrice.ToDouble());
                if (q.IsTwoSided)
                {
                    logMid = Math.Log(q.MidDouble);
                    if (q.Time.Value >= open && q.Time.Value < close)
                    {
                        engine.TryUpdate(q.Time, q.MidDouble);
                    }
                }
            }
        }

        while (step < day.Steps)
        {
            Check(step++);
        }

        Assert.True(mismatches == 0, $"{mismatches} mismatches; first: {first}");
        Assert.True(engine.TickCount > 10_000);
    }

    [Fact]
    public void HorizonReturnsAreTheDifferencesOfTheLevelsTheyNameHorizonStepsAhead()
    {
        var day = DistillationDataFixture.IbmDay();
        var h = day.Horizons.Length;
        for (var c = 0; c < h; c++)
        {
            var k = (int)(day.Horizons[c] / day.Cadence);
            for (var i = 0; i < day.Steps; i++)
            {
                var mid = day.MidReturn[(i * h) + c];
                var golden = day.GoldenReturn[(i * h) + c];
                if (i + k >= day.Steps)
                {
                    Assert.True(float.IsNaN(mid) && float.IsNaN(golden), $"step {i}, horizon {day.Horizons[c]}: past the close must be NaN");
                    continue;
                }

                Assert.Equal((float)(day.LogMid[i + k] - day.LogMid[i]), mid);
                Assert.Equal((float)(day.GoldenLevel[i + k] - day.GoldenLevel[i]), golden);
            }
        }

        // The teacher's golden columns read the same level.
        for (var i = 1; i < day.Steps; i++)
        {
            var row = day.TeacherRow(i);
            Assert.Equal((float)(day.GoldenLevel[i] - day.GoldenLevel[i - 1]), row[DistillationSchemas.TeacherGoldenStepReturn]);
            Assert.Equal((float)(day.LogMid[i] - day.GoldenLevel[i]), row[DistillationSchemas.TeacherGoldenGap]);
        }

        // The smoother is smoother than the mid: its 1 s path is shorter (by about a quarter for IBM on 2013-10-07).
        var midSteps = Enumerable.Range(1, day.Steps - 1).Select(i => Math.Abs(day.LogMid[i] - day.LogMid[i - 1])).Sum();
        var goldenSteps = Enumerable.Range(1, day.Steps - 1).Select(i => Math.Abs(day.GoldenLevel[i] - day.GoldenLevel[i - 1])).Sum();
        Assert.True(goldenSteps < 0.9 * midSteps, $"golden path length {goldenSteps} vs mid {midSteps}");
    }

    [Fact]
    public void BarrierClassesMatchTheTripleBarrierLabelerOnTheSameInputs()
    {
        var day = DistillationDataFixture.IbmDay();
        var options = new DistillationDatasetOptions();
        var prices = day.LogMid.Select(Math.Exp).ToArray();
        var sigma = new double[prices.Length];
        EwmaVolatility.Compute(prices, options.VolatilitySpan, sigma);
        const int V = 300; // the longest horizon, in 1 s steps

        // w = k · σ₁ · √V + fee + half spread, k = 1, fee = 0.
        var width = sigma.Select((s, i) => double.IsFinite(s) ? (s * Math.Sqrt(V)) + day.HalfSpread[i] : 0.0).ToArray();
        var events = Enumerable.Range(1, prices.Length - 1).ToArray();
        var labels = TripleBarrierLabeler.Label(day.Times, prices, width, events, [], new TripleBarrierOptions
        {
            ProfitTakingMultiple = 1,
            StopLossMultiple = 1,
            MaxHoldingObservations = V,
            MaxHoldingNanos = V * UnixNanos.NanosPerSecond,
        });
        Assert.Equal((sbyte)-1, day.Barrier[0]); // no volatility at the first price
        foreach (var l in labels)
        {
            sbyte expected = l.Barrier switch
            {
                BarrierKind.ProfitTaking => 2,
                BarrierKind.StopLoss => 0,
                _ => l.StartIndex + V < day.Steps ? (sbyte)1 : (sbyte)-1,
            };
            Assert.True(expected == day.Barrier[l.StartIndex], $"step {l.StartIndex}: expected {expected}, got {day.Barrier[l.StartIndex]}");
        }

        // Costs widen the barriers: a fee of 5 bp turns touches into time-outs, never the reverse.
        var costly = DistillationDatasetBuilder.Build(DistillationDataFixture.LeanRoot(), DistillationDataFixture.Symbol, DistillationDataFixture.Day, options with { FeeRate = 5e-4 }, TestContext.Current.CancellationToken);
        var vertical = day.Barrier.Count(b => b == 1);
        Assert.True(costly.Barrier.Count(b => b == 1) > vertical);
        Assert.All(Enumerable.Range(0, day.Steps), i => Assert.True(day.Barrier[i] == 1 ? costly.Barrier[i] == 1 : true));
        Assert.Equal(day.Student, costly.Student);
    }

    [Fact]
    public void TwoBuildsAreIdenticalWhateverTheParallelism()
    {
        var day = DistillationDataFixture.IbmDay();
        var root = DistillationDataFixture.LeanRoot();
        var again = DistillationDatasetBuilder.BuildMany(root, [(DistillationDataFixture.Symbol, DistillationDataFixture.Day), ("IBM", new DateOnly(2013, 10, 8))], maxDegreeOfParallelism: 2, ct: TestContext.Current.CancellationToken);
        var a = again[0];
        Assert.Equal(day.Times, a.Times);
        Assert.Equal(day.Student, a.Student);
        Assert.Equal(day.Teacher, a.Teacher);
        Assert.Equal(day.Warm, a.Warm);
        Assert.Equal(day.LogMid, a.LogMid);
        Assert.Equal(day.GoldenLevel, a.GoldenLevel);
        Assert.Equal(day.HalfSpread, a.HalfSpread);
        Assert.Equal(day.GoldenReturn, a.GoldenReturn);
        Assert.Equal(day.MidReturn, a.MidReturn);
        Assert.Equal(day.Barrier, a.Barrier);
        Assert.Equal(day.QuoteRecordEnd, a.QuoteRecordEnd);
        Assert.Equal(day.TradeRecordEnd, a.TradeRecordEnd);
        Assert.Equal(day.Sources, a.Sources);
        Assert.Equal(new DateOnly(2013, 10, 8), again[1].Day);
        Assert.NotEqual(day.Sources[0].Sha256, again[1].Sources[0].Sha256);
    }

    [Fact]
    public void SourceHashesAreWhatSha256sumPrints()
    {
        var day = DistillationDataFixture.IbmDay();
        var root = DistillationDataFixture.LeanRoot();
        foreach (var source in day.Sources)
        {
            string output;
            try
            {
                using var process = Process.Start(new ProcessStartInfo("sha256sum", [Path.Combine(root, source.RelativePath)]) { RedirectStandardOutput = true })!;
                output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Skip("sha256sum is not installed on this machine.");
                return;
            }

            Assert.Equal(output.Split(' ')[0], source.Sha256);
        }
    }

    [Fact]
    public void ATruncatedZipIsAnErrorNamingTheFile()
    {
        var root = DistillationDataFixture.LeanRoot();
        using var temp = new TempFolder("distillation-corrupt");
        var quote = Path.Combine(temp.Path, "equity", "usa", "tick", "ibm", "20131007_quote.zip");
        var trade = Path.Combine(temp.Path, "equity", "usa", "tick", "ibm", "20131007_trade.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(quote)!);
        File.Copy(Path.Combine(root, "equity", "usa", "tick", "ibm", "20131007_trade.zip"), trade);
        var bytes = File.ReadAllBytes(Path.Combine(root, "equity", "usa", "tick", "ibm", "20131007_quote.zip"));
        File.WriteAllBytes(quote, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<MarketDataFormatException>(() => DistillationDatasetBuilder.Build(temp.Path, "ibm", DistillationDataFixture.Day));
        Assert.Equal(quote, e.FilePath);
        Assert.Contains(quote, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptCompressedDataAndAMalformedLineAreErrorsNamingFileAndLine()
    {
        var root = DistillationDataFixture.LeanRoot();
        using var temp = new TempFolder("distillation-corrupt");
        var folder = Path.Combine(temp.Path, "equity", "usa", "tick", "ibm");
        var quote = Path.Combine(folder, "20131007_quote.zip");
        var trade = Path.Combine(folder, "20131007_trade.zip");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(root, "equity", "usa", "tick", "ibm", "20131007_quote.zip"), quote);

        // A malformed price on line 3 of the trade file.
        var (entry, lines) = DistillationDataFixture.ReadLines(Path.Combine(root, "equity", "usa", "tick", "ibm", "20131007_trade.zip"));
        lines[2] = lines[2].Replace(',', ';');
        DistillationDataFixture.WriteZip(trade, entry, lines);
        var e = Assert.Throws<MarketDataFormatException>(() => DistillationDatasetBuilder.Build(temp.Path, "IBM", DistillationDataFixture.Day));
        Assert.Equal(trade, e.FilePath);
        Assert.Equal(3, e.LineNumber);

        // Damaged deflate data in the middle of the quote file.
        DistillationDataFixture.WriteZip(trade, entry, lines.Take(2));
        var bytes = File.ReadAllBytes(quote);
        for (var k = bytes.Length / 2; k < (bytes.Length / 2) + 64; k++)
        {
            bytes[k] ^= 0x5A;
        }

        File.WriteAllBytes(quote, bytes);
        var corrupt = Assert.ThrowsAny<Exception>(() => DistillationDatasetBuilder.Build(temp.Path, "IBM", DistillationDataFixture.Day));
        var format = Assert.IsType<MarketDataFormatException>(corrupt);
        Assert.Equal(quote, format.FilePath);

        File.Delete(trade);
        var missing = Assert.Throws<FileNotFoundException>(() => DistillationDatasetBuilder.Build(temp.Path, "IBM", DistillationDataFixture.Day));
        Assert.Contains(trade, missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AvailableDaysAreTheDatesWithBothFiles()
    {
        var root = DistillationDataFixture.LeanRoot();
        Assert.Equal([new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8), new DateOnly(2013, 10, 9), new DateOnly(2013, 10, 10)], DistillationDatasetBuilder.AvailableDays(root, "IBM"));
        Assert.Empty(DistillationDatasetBuilder.AvailableDays(root, "SPY")); // trades only, no quote files
        Assert.Empty(DistillationDatasetBuilder.AvailableDays(root, "NOPE"));
    }

    /// <summary>Builds AIG, BAC and IBM over their four days at once and reports the time (the figure in docs/research.md).</summary>
    [Fact]
    public void AllTwelveRecordedDaysBuild()
    {
        var root = DistillationDataFixture.LeanRoot();
        var items = new[] { "AIG", "BAC", "IBM" }.SelectMany(s => DistillationDatasetBuilder.AvailableDays(root, s).Select(d => (s, d))).ToArray();
        Assert.Equal(12, items.Length);
        var watch = Stopwatch.StartNew();
        var days = DistillationDatasetBuilder.BuildMany(root, items, maxDegreeOfParallelism: Environment.ProcessorCount, ct: TestContext.Current.CancellationToken);
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"first warm steps: {string.Join(", ", days.Select(d => $"{d.Symbol} {d.Day:MM-dd} {Array.IndexOf(d.Warm, true)}"))}");
        TestContext.Current.TestOutputHelper?.WriteLine($"12 days (AIG, BAC, IBM × 2013-10-07..10) built in {watch.Elapsed.TotalSeconds:F2} s on {Environment.ProcessorCount} cores; records {days.Sum(d => d.Sources.Sum(s => s.Records)):N0}.");
        Assert.All(days, d =>
        {
            Assert.Equal(23_400, d.Steps);
            Assert.InRange(Array.IndexOf(d.Warm, true), 300, 330); // warm 5 min after the first in-session NBBO
            Assert.All(d.Student, x => Assert.True(float.IsFinite(x)));
        });
    }
}
