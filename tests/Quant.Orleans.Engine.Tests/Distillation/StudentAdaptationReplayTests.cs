using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains.Judge;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Distillation;

/// <summary>
/// The daytime SimTS adaptation of the student in the symbol grain, replaying IBM 2013-10-07..08 (skipped without
/// <c>QUANT_TEST_DATA</c>): determinism, the off-path property (nothing changes before a swap), causality against a
/// truncated day, and the day roll. Every candidate's forecast is read through a <see cref="JudgeCandidateRecorder"/>
/// (which records and changes nothing: no judge is served).
/// </summary>
public sealed class StudentAdaptationReplayTests : IDisposable
{
    private const string Day1 = "2013-10-07";
    private const string Day2 = "2013-10-08";
    private const string Day3 = "2013-10-09";
    private readonly TempFolder _folder = new("qo-student-adapt");

    public void Dispose() => _folder.Dispose();

    private string TrainStudent()
    {
        var options = SyntheticDays.TinyOptions(11);
        DateOnly monday = new(2013, 9, 30);
        var days = Enumerable.Range(0, 2).Select(d => SyntheticDays.Day("AAA", monday.AddDays(d), 1500, (ulong)(d + 21))).ToArray();
        var models = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);
        return DistillationModelStore.Write(Path.Combine(_folder.Path, "models"), models, days, options, new { note = "test" }, null).StudentFolder;
    }

    private sealed record Run(ReplayResult Result, JudgeRecordedCandidate[] Candidates)
    {
        public SymbolStatus Ibm => Assert.Single(Result.Symbols);

        public string OrderLogSha256 => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ReplayOutputs.OrdersCsv(Result.Record.Orders))));

        /// <summary>The student's candidates (the ridge's fallbacks carry another version).</summary>
        public JudgeRecordedCandidate[] Student(string version) => Candidates.Where(c => c.ModelVersion.StartsWith(version, StringComparison.Ordinal)).ToArray();
    }

    private static Dictionary<string, string?> Overrides(string data, string student, string to, bool adapt, bool keep = false) => new()
    {
        ["Replay:DataFolder"] = data,
        ["Replay:From"] = Day1,
        ["Replay:To"] = to,
        ["Replay:Symbols:0"] = "IBM",
        ["Replay:BatchSize"] = "512",
        ["Strategy:StudentModel"] = student,
        ["Strategy:StudentAdaptation:Enabled"] = adapt ? "true" : "false",
        ["Strategy:StudentAdaptation:EveryTicks"] = "4000",
        ["Strategy:StudentAdaptation:Steps"] = "3",
        ["Strategy:StudentAdaptation:BatchSize"] = "8",
        ["Strategy:StudentAdaptation:LearningRate"] = "0.003",
        ["Strategy:StudentAdaptation:SwapDelaySeconds"] = "60",
        ["Strategy:StudentAdaptation:KeepAcrossDays"] = keep ? "true" : "false",
    };

    private static async Task<Run> ReplayAsync(Dictionary<string, string?> overrides)
    {
        var settings = SettingsLoader.Load(null, overrides);
        var recorder = new JudgeCandidateRecorder();
        var strategy = settings.Strategy.ToOptions(settings.Risk) with { JudgeRecorder = recorder };
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, Strategy = strategy });
        await runtime.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var result = await new ReplayJob(settings.Replay, runtime.Grains).RunAsync(TestContext.Current.CancellationToken);
            return new Run(result, [.. Assert.Single(recorder.Snapshot()).Candidates]);
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    private static int FirstAdapted(JudgeRecordedCandidate[] candidates, int from = 0)
    {
        for (var i = from; i < candidates.Length; i++)
        {
            if (candidates[i].ModelVersion.Contains("+simts@", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return candidates.Length;
    }

    private static void SameForecasts(IReadOnlyList<JudgeRecordedCandidate> expected, IReadOnlyList<JudgeRecordedCandidate> actual, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(expected[i].Time, actual[i].Time);
            Assert.Equal(expected[i].ModelVersion, actual[i].ModelVersion);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Mu), BitConverter.DoubleToInt64Bits(actual[i].Mu));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Sigma), BitConverter.DoubleToInt64Bits(actual[i].Sigma));
        }
    }

    [Fact]
    public async Task AdaptedReplaysAgreeServeTheLoadedStudentUntilTheFirstSwapAndDropTheWeightsAtTheDayRoll()
    {
        var data = TestData.Require("lean");
        var student = TrainStudent();
        var version = Path.GetFileName(student);

        var off = await ReplayAsync(Overrides(data, student, Day3, adapt: false));
        var on = await ReplayAsync(Overrides(data, student, Day3, adapt: true));
        var again = await ReplayAsync(Overrides(data, student, Day3, adapt: true));
        var kept = await ReplayAsync(Overrides(data, student, Day3, adapt: true, keep: true));

        // Determinism: the same orders (byte for byte) and bit-identical forecasts, swaps at the same candidates.
        Assert.Equal(on.OrderLogSha256, again.OrderLogSha256);
        Assert.Equal(on.Candidates.Length, again.Candidates.Length);
        SameForecasts(on.Candidates, again.Candidates, on.Candidates.Length);
        Assert.True(on.Ibm.AdaptationSwaps >= 2, $"{on.Ibm.AdaptationRuns} runs, {on.Ibm.AdaptationSwaps} swaps, {on.Ibm.AdaptationFailures} failed");
        Assert.Equal(0, on.Ibm.AdaptationFailures);
        Assert.InRange(on.Ibm.AdaptationRuns - on.Ibm.AdaptationSwaps, 0, 3); // at most one run per day still pending at its end
        Assert.Equal((on.Ibm.AdaptationRuns, on.Ibm.AdaptationSwaps, on.Ibm.AdaptationFailures), (again.Ibm.AdaptationRuns, again.Ibm.AdaptationSwaps, again.Ibm.AdaptationFailures));
        Assert.Contains($"SimTS adaptation: {on.Ibm.AdaptationRuns:N0} runs, {on.Ibm.AdaptationSwaps:N0} swaps", on.Ibm.ModelDescription, StringComparison.Ordinal);
        Assert.Equal(0, off.Ibm.AdaptationRuns);
        Assert.DoesNotContain("SimTS", off.Ibm.ModelDescription, StringComparison.Ordinal);

        // Off-path: the same decision points; every forecast before the first swap equals the run without adaptation,
        // and the adapted weights do change forecasts after it.
        Assert.Equal(off.Candidates.Select(c => c.Time), on.Candidates.Select(c => c.Time));
        var firstSwap = FirstAdapted(on.Candidates);
        Assert.True(firstSwap < on.Candidates.Length, "no candidate was served by adapted weights");
        Assert.True(on.Student(version).Count(c => c.Time < on.Candidates[firstSwap].Time) > 50, "too few student forecasts before the first swap to compare");
        Assert.All(on.Candidates.Take(firstSwap), c => Assert.DoesNotContain("+simts@", c.ModelVersion, StringComparison.Ordinal));
        SameForecasts(off.Candidates, on.Candidates, firstSwap);
        Assert.Contains(Enumerable.Range(firstSwap, on.Candidates.Length - firstSwap), i => on.Candidates[i].Mu != off.Candidates[i].Mu);

        // The day roll drops the adapted weights. The grid decides from the replay's second day (the ridge clock has no
        // model on the first), while the grain adapts on every day: kept across days, the first forecasts of 10-08 and
        // of 10-09 come from the previous day's weights and differ; dropped (the default), they are the loaded
        // student's and equal the run without adaptation until the day's own first swap.
        Assert.Contains("+simts@2013-10-08#", on.Candidates[firstSwap].ModelVersion, StringComparison.Ordinal);
        foreach (var (day, previous) in new[] { (new DateOnly(2013, 10, 8), "2013-10-07"), (new DateOnly(2013, 10, 9), "2013-10-08") })
        {
            var open = UtcNanos(day, new TimeOnly(0, 0));
            var first = Array.FindIndex(on.Candidates, c => c.Time >= open);
            Assert.True(first >= 0, $"{day} has no candidate");
            var swap = FirstAdapted(on.Candidates, first);
            Assert.True(swap > first + 50 && on.Candidates[swap].ModelVersion.Contains($"+simts@{day:yyyy-MM-dd}#", StringComparison.Ordinal), $"{day}: the first swap comes at candidate {swap - first}");
            SameForecasts(off.Candidates.Skip(first).ToArray(), on.Candidates.Skip(first).ToArray(), swap - first);
            var carried = Enumerable.Range(first, swap - first).Where(i => kept.Candidates[i].ModelVersion.Contains($"+simts@{previous}#", StringComparison.Ordinal)).ToArray();
            Assert.True(carried.Length > 50, $"{day}: {carried.Length} forecasts of the previous day's weights when kept");
            Assert.Contains(carried, i => kept.Candidates[i].Mu != off.Candidates[i].Mu);
        }
    }

    [Fact]
    public async Task ADayTruncatedAfterARunsCutServesTheSameForecastsBeforeTheTruncationIncludingThoseOfEarlierSwaps()
    {
        var data = TestData.Require("lean");
        var student = TrainStudent();
        var full = await ReplayAsync(Overrides(data, student, Day2, adapt: true));

        // The second swap's run: its cut (rows sampled when it started) bounds its start time from above by
        // open + (cut + 1) · cadence; truncate the data just after that, before the run's swap.
        var firstSwap = FirstAdapted(full.Candidates);
        var secondSwap = Enumerable.Range(firstSwap, full.Candidates.Length - firstSwap)
            .First(i => full.Candidates[i].ModelVersion.Contains("+simts@", StringComparison.Ordinal) && full.Candidates[i].ModelVersion != full.Candidates[firstSwap].ModelVersion);
        var version = full.Candidates[secondSwap].ModelVersion;
        var cut = int.Parse(version[(version.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var open = new TimeOnly(9, 30);
        var truncateAt = open.ToTimeSpan() + TimeSpan.FromSeconds(cut + 1) + TimeSpan.FromMilliseconds(1);
        var truncateNanos = UtcNanos(new DateOnly(2013, 10, 8), TimeOnly.FromTimeSpan(truncateAt));
        Assert.True(truncateNanos < full.Candidates[secondSwap].Time, "the truncation must come before the second swap");
        Assert.True(full.Candidates[firstSwap].Time < truncateNanos, "the truncation must come after the first swap");

        var truncated = await ReplayAsync(Overrides(TruncatedCopy(data, truncateAt), student, Day2, adapt: true));

        var before = full.Candidates.Count(c => c.Time < truncateNanos);
        Assert.True(before > firstSwap, "the comparison covers forecasts of adapted weights");
        Assert.True(truncated.Candidates.Length >= before);
        SameForecasts(full.Candidates, truncated.Candidates, before);
        // Truncated, 10-08's first run swapped in and its second started (pending at the end, with maybe 10-07's last
        // run, discarded at the day roll) but never swapped.
        static string[] Adapted(Run run) => [.. run.Candidates.Select(c => c.ModelVersion).Where(v => v.Contains("+simts@2013-10-08#", StringComparison.Ordinal)).Distinct()];
        Assert.Equal(Adapted(full)[..1], Adapted(truncated));
        Assert.Equal(0, full.Ibm.AdaptationFailures + truncated.Ibm.AdaptationFailures);
        Assert.InRange(truncated.Ibm.AdaptationRuns - truncated.Ibm.AdaptationSwaps, 1, 2);
    }

    [Fact]
    public void InvalidAdaptationSettingsAreRefusedWithTheirKeys()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Strategy:StudentAdaptation:Enabled"] = "true",
            ["Strategy:StudentAdaptation:EveryTicks"] = "0",
            ["Strategy:StudentAdaptation:LearningRate"] = "-1",
            ["Strategy:StudentAdaptation:SwapDelaySeconds"] = "NaN",
        }));
        Assert.Contains("Strategy:StudentAdaptation:EveryTicks must be > 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("Strategy:StudentAdaptation:LearningRate must be finite and > 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("Strategy:StudentAdaptation:SwapDelaySeconds must be finite", e.Message, StringComparison.Ordinal);
        Assert.Contains("no Strategy:StudentModel is set", e.Message, StringComparison.Ordinal);
        Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Strategy:StudentAdaptation:Stepz"] = "3" }));
    }

    private static long UtcNanos(DateOnly day, TimeOnly local) =>
        UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(local, DateTimeKind.Unspecified), LeanTimeZones.NewYork)).Value;

    /// <summary>A Lean data folder with IBM's 2013-10-07 ticks, its 2013-10-08 quotes and trades cut at
    /// <paramref name="keepBefore"/> (New York time of day; Lean tick lines start with milliseconds since midnight) and
    /// its daily file.</summary>
    private string TruncatedCopy(string data, TimeSpan keepBefore)
    {
        var root = Path.Combine(_folder.Path, "truncated");
        var usa = Path.Combine("equity", "usa");
        Directory.CreateDirectory(Path.Combine(root, usa, "daily"));
        File.Copy(Path.Combine(data, usa, "daily", "ibm.zip"), Path.Combine(root, usa, "daily", "ibm.zip"));
        var tick = Path.Combine(usa, "tick", "ibm");
        Directory.CreateDirectory(Path.Combine(root, tick));
        var limit = (long)keepBefore.TotalMilliseconds;
        foreach (var kind in new[] { "quote", "trade" })
        {
            File.Copy(Path.Combine(data, tick, $"20131007_{kind}.zip"), Path.Combine(root, tick, $"20131007_{kind}.zip"));
            var name = $"20131008_{kind}.zip";
            using var source = ZipFile.OpenRead(Path.Combine(data, tick, name));
            var entry = Assert.Single(source.Entries);
            using var reader = new StreamReader(entry.Open());
            using var target = ZipFile.Open(Path.Combine(root, tick, name), ZipArchiveMode.Create);
            using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
            while (reader.ReadLine() is { } line)
            {
                if (long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture) < limit)
                {
                    writer.Write(line);
                    writer.Write('\n');
                }
            }
        }

        return root;
    }
}
