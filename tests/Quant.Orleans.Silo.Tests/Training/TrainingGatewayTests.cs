using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Gateway;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Training;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The nightly pipeline end to end through the gateway: a private in-process silo (memory grain storage, the
/// registry and run folders under a temporary <c>Storage:Path</c>) with <c>Training:Model=tiny</c> on IBM's two recorded
/// sessions 2013-10-07..08 (one walk-forward fold).</summary>
public sealed class TrainingGatewayTests : IAsyncDisposable
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), "qo-training-gw-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private GridHost? _grid;
    private HttpClient? _http;

    [Fact]
    public async Task TrainNowRegistersAMonitorOnlyStudentThatOnlyAManualPromotionWithAReasonMoves()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var lean = TestData.Require("lean");
        var (http, settings) = await StartAsync(lean);
        var ct = TestContext.Current.CancellationToken;

        var started = await http.PostAsync("/api/training/student/run", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<TrainingView>(GatewayEndpoints.Json, ct))!;
        Assert.Equal("on-demand", run.Trigger);
        Assert.Equal(4, run.StepCount);

        var unknown = await http.PostAsync("/api/training/judge/run", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Training:Families", await unknown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Poll the status until the run ends (a bound against a hang, not a timing assertion).
        TrainingView student;
        var polls = 0;
        do
        {
            await Task.Delay(250, ct);
            var overview = (await http.GetFromJsonAsync<TrainingOverview>("/api/training", GatewayEndpoints.Json, ct))!;
            student = Assert.Single(overview.Families);
            Assert.False(overview.NightlyEnabled); // Training:Enabled is off: no reminder
        }
        while (student.State == "Running" && ++polls < 2400);

        Assert.True(student.State == "Succeeded", $"state {student.State}: {student.Error}");
        Assert.Equal(["distill", "evaluate", "validate", "register"], student.Steps.Select(s => s.Step));
        Assert.Equal(1, student.Steps[0].Metrics["walk_forward_folds"]);

        var teacherFamily = (await http.GetFromJsonAsync<ModelFamilyEntry>("/api/models/student-teacher", GatewayEndpoints.Json, ct))!;
        var family = (await http.GetFromJsonAsync<ModelFamilyEntry>("/api/models/student", GatewayEndpoints.Json, ct))!;
        var version = Assert.Single(family.Versions);
        Assert.Equal("monitor_only", version.Stage);
        Assert.True(version.MonitorOnly);
        Assert.Equal("maintenance_replay", version.DataRegime);
        Assert.Equal("chronos-student", version.ModelType);
        Assert.Equal(["IBM"], version.Symbols);
        Assert.Equal((new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8)), (version.FirstDay, version.LastDay));
        Assert.Equal([Assert.Single(teacherFamily.Versions).Version], version.Parents);
        Assert.Equal(RegisterStep.CodeVersion, version.CodeVersion);
        Assert.Null(family.Live);

        // The walk-forward scores of the one fold (test day 2013-10-08), each with its method.
        Assert.Contains(version.Metrics, m => m.Name.StartsWith("student.wql.", StringComparison.Ordinal) && m.Name.EndsWith("@2013-10-08", StringComparison.Ordinal));
        Assert.Contains(version.Metrics, m => m.Name == "ridge.sortino@2013-10-08");
        Assert.All(version.Metrics.Where(m => !m.Name.StartsWith("validation.", StringComparison.Ordinal) && !m.Name.StartsWith("purged_kfold.", StringComparison.Ordinal) && !m.Name.StartsWith("evidence.", StringComparison.Ordinal)), m => Assert.Contains("trained on 2013-10-07, tested on 2013-10-08", m.Method, StringComparison.Ordinal));
        Assert.Contains(version.Metrics, m => m.Name == "validation.sharpe_daily_agg" && m.Method.Contains("held-back days 2013-10-08", StringComparison.Ordinal));

        // The gates read the pooled nightly evidence: one night, one held-back day, replayed data (run source maintenance).
        var pooledDays = Assert.Single(version.Metrics, m => m.Name == "evidence.observation_days");
        Assert.Equal(1, pooledDays.Value);
        Assert.Contains("1 session days from 1 night(s)", pooledDays.Method, StringComparison.Ordinal);
        Assert.Contains("(run source maintenance)", pooledDays.Method, StringComparison.Ordinal);

        var registry = new FileModelRegistry(new StudentTrainingPaths(settings).RegistryRoot);
        var manifest = (await registry.LoadAsync("student", version.Version)).Manifest;
        var teacherData = (await registry.LoadAsync("student-teacher", version.Parents[0])).Manifest.Data;
        Assert.Equal(teacherData.RecordHashes, manifest.Data.RecordHashes);
        Assert.Equal(teacherData.Records, manifest.Data.Records);
        Assert.Equal(settings.Training.Seed, manifest.Seed);
        Assert.NotEmpty(manifest.Data.RecordHashes);
        Assert.All(manifest.Data.RecordHashes, h => Assert.StartsWith("equity/usa/tick/ibm/", h.Source, StringComparison.Ordinal));

        // Registering again (the step re-run after an interruption) gives the same version and journals nothing.
        var journal = (await registry.ReadJournalAsync("student")).Count;
        var status = await _grid!.Grains.GetGrain<ITrainingGrain>("student").GetStatus();
        var paths = new StudentTrainingPaths(settings);
        var again = await new RegisterStep(paths).ExecuteAsync(
            new TrainingStepContext("student", status.RunId!, status.Request!, 3, 4, status.Results[..3], "again", TrainingStepContext.WorkFolderOf(paths.WorkRoot, "student", status.RunId!, 3, RegisterStep.StepName, "again")),
            new Progress<TrainingProgress>(),
            ct);
        Assert.Equal(status.Results[3].Artefact.ArtefactPath, again.ArtefactPath);
        Assert.All(status.Results.Take(3), r => Assert.StartsWith(paths.RunFolder("student", status.RunId!) + Path.DirectorySeparatorChar, r.Artefact.ArtefactPath!, StringComparison.Ordinal));
        Assert.Equal(journal, (await registry.ReadJournalAsync("student")).Count);

        // Without a reason: 400 naming the field. Without --manual: the registry refuses (monitor-only, automatic).
        var noReason = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest(version.Version, Actor: "ops"), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var automatic = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest(version.Version, "looks good", "ops"), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.Conflict, automatic.StatusCode);
        Assert.Equal(journal, (await registry.ReadJournalAsync("student")).Count);

        var manual = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest(version.Version, "reviewed the replay scores", "ops", "live", Manual: true), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.OK, manual.StatusCode);
        var change = (await manual.Content.ReadFromJsonAsync<ModelChangeResponse>(GatewayEndpoints.Json, ct))!;
        var line = Assert.Single(change.Transitions);
        Assert.Equal(("monitor_only", "live", "promote", true, true), (line.From, line.To, line.Action, line.Manual, line.MonitorOnlyOverride));
        var journaled = (await registry.ReadJournalAsync("student"))[^1];
        Assert.Equal(("reviewed the replay scores", "ops", RegistryStage.Live, true), (journaled.Reason, journaled.Actor, journaled.To, journaled.MonitorOnlyOverride));
        Assert.Equal(version.Version, (await http.GetFromJsonAsync<ModelFamilyEntry>("/api/models/student", GatewayEndpoints.Json, ct))!.Live);

        var rollback = await http.PostAsJsonAsync("/api/models/student/rollback", new RollbackModelRequest("drift", "ops"), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(RegistryStage.Retired, (await registry.ReadStateAsync("student")).Get(version.Version).Stage);
        var nothingLive = await http.PostAsJsonAsync("/api/models/student/rollback", new RollbackModelRequest("again", "ops"), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.Conflict, nothingLive.StatusCode);

        var all = (await http.GetFromJsonAsync<ModelsOverview>("/api/models", GatewayEndpoints.Json, ct))!;
        Assert.Equal(["student", "student-teacher"], all.Families.Select(f => f.Family));
    }

    [Fact]
    public async Task BadRegistryRequestsAreRefusedNamingTheField()
    {
        var (http, _) = await StartAsync(TestData.Require("lean"));
        var ct = TestContext.Current.CancellationToken;

        var badFamily = await http.GetAsync("/api/models/Student!", ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFamily.StatusCode);
        Assert.Contains("family", await badFamily.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var noVersion = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest(Reason: "r", Actor: "a"), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("version", await noVersion.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var malformed = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest("xyz", "r", "a", Manual: true), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("16 lower-case hex digits", await malformed.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var missing = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest("0123456789abcdef", "r", "a", Manual: true), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var stage = await http.PostAsJsonAsync("/api/models/student/promote", new PromoteModelRequest("0123456789abcdef", "r", "a", "production", Manual: true), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.BadRequest, stage.StatusCode);
        Assert.Contains("stage", await stage.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var unknownField = await http.PostAsync("/api/models/student/rollback", new StringContent("""{"reason":"r","actor":"a","versoin":"x"}""", System.Text.Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("versoin", await unknownField.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var empty = (await http.GetFromJsonAsync<ModelsOverview>("/api/models", GatewayEndpoints.Json, ct))!;
        Assert.Empty(empty.Families);

        var cancelIdle = await http.PostAsync("/api/training/student/cancel", null, ct);
        Assert.Equal(HttpStatusCode.OK, cancelIdle.StatusCode);
        Assert.Equal("Idle", (await cancelIdle.Content.ReadFromJsonAsync<TrainingView>(GatewayEndpoints.Json, ct))!.State);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/training/judge/cancel", null, ct)).StatusCode);
    }

    [Theory]
    [InlineData("Training:Families:0", "grpo", "Training:Families")]
    [InlineData("Training:NightlyTime", "5pm", "Training:NightlyTime")]
    [InlineData("Training:TimeZone", "Mars/Olympus", "Training:TimeZone")]
    [InlineData("Training:Model", "huge", "Training:Model")]
    public void InvalidTrainingSettingsAreRejectedNamingTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_grid is not null)
        {
            await _grid.DisposeAsync();
        }

        if (Directory.Exists(_storage))
        {
            Directory.Delete(_storage, recursive: true);
        }
    }

    private async Task<(HttpClient Http, SiloSettings Settings)> StartAsync(string lean)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Gateway:Urls"] = url,
            ["Storage:Provider"] = "memory",
            ["Storage:Path"] = _storage,
            ["Replay:DataFolder"] = lean,
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-08",
            ["Training:Model"] = "tiny",
        });
        var hub = new TradingEventHub();
        _grid = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, RejectLateArrivals = false, Hub = hub });
        await _grid.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        GatewayEndpoints.Map(_app, _grid.Grains, hub, _grid.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        return (_http, settings);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
