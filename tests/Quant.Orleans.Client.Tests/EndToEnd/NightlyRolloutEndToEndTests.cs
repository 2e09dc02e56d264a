using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>
/// The nightly loop end to end, with real silo processes and the real client console (issue "Nightly training"):
/// <list type="number">
/// <item>a silo serves IBM on 2013-10-07..08 as the live feed and records it (<c>prod_live</c> day records); the
/// nightly reminder, set three to four minutes ahead, fires; the <c>student</c> pipeline trains on the recorded days,
/// validates, and registers a version whose manifest cites the records; the rollout puts it in shadow;</item>
/// <item>the next silo serves 2013-10-09 (after 10-08, on which the ridge session that sets the decision points
/// trains): the version runs in shadow beside the ridge baseline; the rules find no drift, but its promotion gates
/// failed at registration (two days cannot meet them), so it stays in shadow; a person promotes it to canary and then
/// to live with a reason;</item>
/// <item>the last silo serves BAC on 2013-10-10 (after 10-09), a symbol whose spread and volatility the version never
/// saw: BAC forecasts with the live version, and the drift rules roll it back.</item>
/// </list>
/// Every step is read through the client console (<c>train status</c>, <c>models</c>, <c>models journal</c>,
/// <c>rollout</c>). The drift limits are the silo's defaults (PSI 4, KS D 0.5), set above the day-to-day drift of IBM's
/// own inputs between these days and below what a change of symbol produces (docs/rollout.md). The waits are generous; nothing asserts on speed.
/// </summary>
public sealed class NightlyRolloutEndToEndTests : IDisposable
{
    private const string Family = "student";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TrainingLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan ReplayLimit = TimeSpan.FromMinutes(4);

    private readonly TempFolder _storage = new("qo-nightly-e2e");

    public void Dispose() => _storage.Dispose();

    private Dictionary<string, string> Settings(string phase, string account) => new()
    {
        ["Storage:Path"] = _storage.Path,
        ["Journal:Path"] = Path.Combine(_storage.Path, "journal"),
        ["Replay:Account"] = account,
        ["Replay:RecordsFolder"] = Path.Combine(_storage.Path, "records"),
        ["Replay:RecordsRegime"] = "prod_live",
        ["Training:Families:0"] = Family,
        ["Training:Model"] = "tiny",
        ["Training:ValidationDays"] = "1",
        ["Strategy:Rollout:Enabled"] = "true",
        ["Strategy:Rollout:EvaluateIntervalSeconds"] = "1",
        ["Strategy:Rollout:PollIntervalMilliseconds"] = "200",
        ["Strategy:Rollout:MinObservations"] = "200",
    };

    /// <summary>Serves the day before <paramref name="day"/> and <paramref name="day"/> as fast as they can be read: the
    /// ridge session that sets the decision points trains on the first day, so forecasts start on the second.</summary>
    private static ServingSilo Serve(string data, string symbols, string dayBefore, string day, Dictionary<string, string> settings) =>
        ServingSilo.Start(typeof(NightlyRolloutEndToEndTests).Assembly, data, symbols, dayBefore, day, 0, settings);

    private static async Task<T> PollAsync<T>(ServingSilo silo, TimeSpan limit, string what, Func<GatewayClient, Task<T?>> probe)
    {
        using var client = new GatewayClient(silo.Url, TimeSpan.FromSeconds(10));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            Assert.False(silo.HasExited, $"The silo exited with code {silo.ExitCode} while waiting for {what}.\n{silo.Log}");
            try
            {
                if (await probe(client) is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or GatewayErrorException or GatewayUnreachableException)
            {
                last = e;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out after {limit} waiting for {what} (last error: {last?.Message ?? "none"}).\n{silo.Log}");
        return default!;
    }

    [Fact]
    public async Task TheNightlyReminderTrainsOnTheRecordedDaysAndTheVersionWalksShadowCanaryLiveUntilDriftRollsItBack()
    {
        var root = TestData.Root is null ? null : Path.Combine(TestData.Root, "lean");
        if (root is null || !Directory.Exists(Path.Combine(root, "equity", "usa", "tick", "bac")))
        {
            Assert.Skip($"Real market data not found: expected '{root ?? "../shared/data/lean"}' with IBM and BAC ticks (or the QUANT_TEST_DATA variable).");
        }

        var output = TestContext.Current.TestOutputHelper!;

        // 1. Two "live" days, recorded; the nightly reminder three to four minutes ahead, after the replay has recorded both
        //    days (every day of the week, so the test runs on weekends too).
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var fire = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, newYork).AddMinutes(3);
        var first = Settings("1", "LIVE-1");
        first["Training:Enabled"] = "true";
        first["Training:NightlyTime"] = fire.ToString("HH:mm", CultureInfo.InvariantCulture);
        foreach (var (day, i) in Enum.GetNames<DayOfWeek>().Select((d, i) => (d, i)))
        {
            first[$"Training:Weekdays:{i}"] = day;
        }

        string version;
        await using (var silo = ServingSilo.Start(typeof(NightlyRolloutEndToEndTests).Assembly, root, "IBM", "2013-10-07", "2013-10-08", 0, first))
        {
            await silo.WaitHealthyAsync(Limit);
            var trained = await PollAsync(silo, TrainingLimit, "the nightly student run to finish", async client =>
                (await client.GetTrainingAsync()).Families.FirstOrDefault(f => f.Family == Family && f.State is "Succeeded" or "Failed"));
            Assert.True(trained.State == "Succeeded", $"training {trained.State}: {trained.Error}\n{silo.Log}");
            Assert.Equal("nightly", trained.Trigger);
            var wall = trained.FinishedUtc!.Value - trained.StartedUtc!.Value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nightly student pipeline (tiny), IBM 2013-10-07..08: {wall.TotalSeconds:0.0} s wall; steps: {string.Join(", ", trained.Steps.Select(s => $"{s.Step} {(s.FinishedUtc - s.StartedUtc).TotalSeconds:0.0} s"))}"));

            await using var console = await ConsoleProcess.StartAsync(silo.Url.ToString().TrimEnd('/'), "LIVE-1", Limit);
            var status = await console.RunAsync("train status", Limit);
            Assert.Contains("Succeeded", status, StringComparison.OrdinalIgnoreCase);

            var shadowed = await PollAsync(silo, Limit, "the rollout to put the new version in shadow", async client =>
                (await client.GetRolloutAsync(Family)).Assignment.Shadow);
            version = shadowed;
            var models = await console.RunAsync($"models {Family}", Limit);
            Assert.Contains(version, models, StringComparison.Ordinal);
            Assert.Contains("shadow", models, StringComparison.Ordinal);
            var journal = await console.RunAsync($"models journal {Family}", Limit);
            Assert.Contains(version, journal, StringComparison.Ordinal);
            Assert.Contains("shadow", journal, StringComparison.Ordinal);
            Assert.Contains("rollout", journal, StringComparison.Ordinal);
        }

        // The manifest cites the day records the silo wrote, and the version is not monitor-only: the records are live.
        var folder = Path.Combine(_storage.Path, "registry", Family, version);
        using (var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"))))
        {
            var data = manifest.RootElement.GetProperty("data");
            Assert.Equal("prod_live", data.GetProperty("regime").GetString());
            var hashes = data.GetProperty("record_hashes").EnumerateArray().ToDictionary(h => h.GetProperty("source").GetString()!, h => h.GetProperty("sha256").GetString()!);
            foreach (var day in new[] { "2013-10-07", "2013-10-08" })
            {
                var record = Path.Combine(_storage.Path, "records", day, "IBM.records.csv");
                await using var stream = File.OpenRead(record);
                Assert.Equal(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)), hashes[$"records/{day}/IBM.records.csv"]);
            }

            Assert.NotEmpty(manifest.RootElement.GetProperty("gates").EnumerateArray());
            Assert.Contains(manifest.RootElement.GetProperty("files").EnumerateArray(), f => f.GetProperty("name").GetString() == "drift-reference.json");
        }

        // 2. The next day: shadow; the gates keep it out of trading; a person promotes it.
        await using (var silo = Serve(root, "IBM", "2013-10-08", "2013-10-09", Settings("2", "LIVE-2")))
        {
            await silo.WaitHealthyAsync(Limit);
            var held = await PollAsync(silo, ReplayLimit, "the rules to judge the shadow on the complete session", async client =>
                (await client.GetRolloutAsync(Family)).Decisions.LastOrDefault(d => d.Version == version && d.Action != "no_decision"));
            Assert.True(held.Action == "keep", $"{held.Action}: {held.Detail}");
            Assert.Contains("a promotion gate failed at registration", held.Detail, StringComparison.Ordinal);

            await using var console = await ConsoleProcess.StartAsync(silo.Url.ToString().TrimEnd('/'), "LIVE-2", Limit);
            var rollout = await console.RunAsync($"rollout {Family}", Limit);
            Assert.Contains(version, rollout, StringComparison.Ordinal);
            Assert.Contains("stays in shadow", rollout, StringComparison.Ordinal);

            Assert.Contains("canary", await console.RunAsync($"models promote {Family} {version} --stage canary --manual --reason \"e2e: gates need more days; operator accepts the canary\" --actor e2e", Limit), StringComparison.Ordinal);
            Assert.Contains("live", await console.RunAsync($"models promote {Family} {version} --stage live --manual --reason \"e2e: operator takes it live\" --actor e2e", Limit), StringComparison.Ordinal);
            await PollAsync(silo, Limit, "the rollout to show the version live", async client =>
                (await client.GetRolloutAsync(Family)).Assignment.Live == version ? "yes" : null);
        }

        // 3. The feed is BAC's: features the version never saw; the rules roll it back.
        await using (var silo = Serve(root, "BAC", "2013-10-09", "2013-10-10", Settings("3", "LIVE-3")))
        {
            await silo.WaitHealthyAsync(Limit);
            var rollback = await PollAsync(silo, ReplayLimit, "the drift rules to roll the live version back", async client =>
                (await client.GetRolloutAsync(Family)).Decisions.LastOrDefault(d => d.Version == version && d.Action == "rollback"));
            Assert.True(rollback.Applied, rollback.Detail);
            Assert.Contains("feature_", rollback.Detail, StringComparison.Ordinal);

            await using var console = await ConsoleProcess.StartAsync(silo.Url.ToString().TrimEnd('/'), "LIVE-3", Limit);
            var journal = await console.RunAsync($"models journal {Family}", Limit);
            Assert.Contains("rollback", journal, StringComparison.Ordinal);
            Assert.Contains("retired", journal, StringComparison.Ordinal);
            var after = await console.RunAsync($"rollout {Family}", Limit);
            Assert.Contains("rollback", after, StringComparison.Ordinal);
            var bac = await PollAsync(silo, Limit, "BAC's status", async client => await client.GetSymbolAsync("BAC"));
            Assert.True(bac.StudentForecasts > 0, $"BAC forecast with the live version {bac.StudentForecasts} times before the rollback");
            output.WriteLine(rollback.Detail);
        }
    }
}
