using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Gateway;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>The registry journal and the staged rollout through the gateway: a private in-process silo (memory grain
/// storage, the model registry under a temporary <c>Storage:Path</c>) with <c>Strategy:Rollout:Enabled</c> on or off;
/// versions are registered with <see cref="FileModelRegistry"/> as the training's register step does, then moved
/// through the gateway and the rollout rules.</summary>
public sealed class RolloutGatewayTests : IAsyncDisposable
{
    private const string Family = "student";

    private readonly string _storage = Path.Combine(Path.GetTempPath(), "qo-rollout-gw-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private GridHost? _grid;
    private HttpClient? _http;

    [Fact]
    public async Task JournalAndRolloutShowEveryStageChangeManualAndAutomatic()
    {
        var (http, registry) = await StartAsync(rollout: true);
        var ct = TestContext.Current.CancellationToken;
        var before = DateTime.UtcNow;
        var live = (await registry.RegisterAsync(Manifest(seed: 1), Files(1), "training")).VersionId;

        var registered = (await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal", GatewayEndpoints.Json, ct))!;
        var line = Assert.Single(registered.Transitions);
        Assert.Equal((1L, live, (string?)null, "candidate", "register", "training", false), (line.Sequence, line.Version, line.From, line.To, line.Action, line.Actor, line.Manual));
        Assert.InRange(line.TimeUtc!.Value, before, DateTime.UtcNow);

        var promoted = await http.PostAsJsonAsync($"/api/models/{Family}/promote", new PromoteModelRequest(live, "reviewed the scores", "ops", "live", Manual: true), GatewayEndpoints.Json, ct);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.NotNull(Assert.Single((await promoted.Content.ReadFromJsonAsync<ModelChangeResponse>(GatewayEndpoints.Json, ct))!.Transitions).TimeUtc);

        // The journal's tail, newest last: last=1 is the promotion only; the whole journal equals the library's.
        var tail = (await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal?last=1", GatewayEndpoints.Json, ct))!;
        var promotion = Assert.Single(tail.Transitions);
        Assert.Equal((2L, "candidate", "live", "promote", "reviewed the scores", "ops", true, false), (promotion.Sequence, promotion.From, promotion.To, promotion.Action, promotion.Reason, promotion.Actor, promotion.Manual, promotion.MonitorOnlyOverride));
        var whole = (await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal?last=1000", GatewayEndpoints.Json, ct))!;
        Assert.Equal((await registry.ReadJournalAsync(Family)).Select(t => (t.Sequence, t.VersionId, t.TimeUtc)), whole.Transitions.Select(t => (t.Sequence, t.Version, t.TimeUtc!.Value)));

        Assert.Equal(new RolloutOverview(true, Family), await http.GetFromJsonAsync<RolloutOverview>("/api/rollout", GatewayEndpoints.Json, ct));
        var status = (await http.GetFromJsonAsync<RolloutView>($"/api/rollout/{Family}", GatewayEndpoints.Json, ct))!;
        Assert.Equal(new RolloutAssignmentView(Family, 2, live, null, 0.5, null), status.Assignment);
        var row = Assert.Single(status.Versions);
        Assert.Equal((live, "live", 0, 0, 0, (double?)null, false), (row.Version, row.Stage, row.Predictions, row.OrdersSent, row.Fills, row.MeanSlippageBp, row.HasReference));
        Assert.Empty(status.Decisions);

        // A newer candidate whose registration gates all passed: the rules shadow it (journaled, actor "rollout"); no
        // version has a drift reference, so neither is judged further.
        var candidate = (await registry.RegisterAsync(Manifest(seed: 2), Files(2), "training")).VersionId;
        var evaluate = await http.PostAsync($"/api/rollout/{Family}/evaluate", null, ct);
        Assert.Equal(HttpStatusCode.OK, evaluate.StatusCode);
        var evaluated = (await evaluate.Content.ReadFromJsonAsync<RolloutView>(GatewayEndpoints.Json, ct))!;
        Assert.Equal(new RolloutAssignmentView(Family, 4, live, null, 0.5, candidate), evaluated.Assignment);
        Assert.Equal([(candidate, "shadow"), (live, "live")], evaluated.Versions.Select(v => (v.Version, v.Stage)));
        Assert.Equal(
            [(candidate, "promote_shadow", true), (candidate, "no_decision", false), (live, "no_decision", false)],
            evaluated.Decisions.Select(d => (d.Version, d.Action, d.Applied)));
        Assert.All(evaluated.Decisions.Skip(1), d => Assert.Contains(DriftReference.FileName, d.Detail, StringComparison.Ordinal));

        var shadowed = (await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal?last=2", GatewayEndpoints.Json, ct))!;
        Assert.Equal([3L, 4L], shadowed.Transitions.Select(t => t.Sequence));
        Assert.Equal((candidate, "candidate", "shadow", "promote", "rollout", false), (shadowed.Transitions[1].Version, shadowed.Transitions[1].From, shadowed.Transitions[1].To, shadowed.Transitions[1].Action, shadowed.Transitions[1].Actor, shadowed.Transitions[1].Manual));
        Assert.Equal(evaluated.Decisions, (await http.GetFromJsonAsync<RolloutView>($"/api/rollout/{Family}", GatewayEndpoints.Json, ct))!.Decisions);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task AJournalRequestWithLastOutsideOneToAThousandIsA400NamingLast(string last)
    {
        var (http, _) = await StartAsync(rollout: true);
        var ct = TestContext.Current.CancellationToken;

        var answer = await http.GetAsync($"/api/models/{Family}/journal?last={last}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("last must be an integer in 1..1000", (await answer.Content.ReadFromJsonAsync<ErrorResponse>(GatewayEndpoints.Json, ct))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadFamiliesAreRefusedAndOnlyTheServedFamilyHasARollout()
    {
        var (http, _) = await StartAsync(rollout: true);
        var ct = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "/api/rollout/Student!", "/api/models/Student!/journal" })
        {
            var bad = await http.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("family must be", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/rollout/Student!/evaluate", null, ct)).StatusCode);
        var other = await http.PostAsync("/api/rollout/judge/evaluate", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("serves family 'student' (Strategy:Rollout:Family), not 'judge'", (await other.Content.ReadFromJsonAsync<ErrorResponse>(GatewayEndpoints.Json, ct))!.Error, StringComparison.Ordinal);

        // A family nothing was registered in has an empty journal and an empty rollout.
        Assert.Empty((await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal", GatewayEndpoints.Json, ct))!.Transitions);
        var empty = (await http.GetFromJsonAsync<RolloutView>($"/api/rollout/{Family}", GatewayEndpoints.Json, ct))!;
        Assert.Equal(new RolloutAssignmentView(Family, 0, null, null, 0.5, null), empty.Assignment);
        Assert.Empty(empty.Versions);
    }

    [Fact]
    public async Task WithoutTheRolloutItsEndpointsAnswer409AndTheJournalStillAnswers()
    {
        var (http, registry) = await StartAsync(rollout: false);
        var ct = TestContext.Current.CancellationToken;
        var version = (await registry.RegisterAsync(Manifest(seed: 1), Files(1), "training")).VersionId;

        Assert.Equal(new RolloutOverview(false, null), await http.GetFromJsonAsync<RolloutOverview>("/api/rollout", GatewayEndpoints.Json, ct));
        foreach (var answer in new[] { await http.GetAsync($"/api/rollout/{Family}", ct), await http.PostAsync($"/api/rollout/{Family}/evaluate", null, ct) })
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Equal("the rollout is not enabled on this silo (Strategy:Rollout:Enabled).", (await answer.Content.ReadFromJsonAsync<ErrorResponse>(GatewayEndpoints.Json, ct))!.Error);
        }

        Assert.Equal(version, Assert.Single((await http.GetFromJsonAsync<ModelJournalResponse>($"/api/models/{Family}/journal", GatewayEndpoints.Json, ct))!.Transitions).Version);
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

    /// <summary>A production-data student manifest whose registration gate passed (so the rules may shadow it); the
    /// seed makes distinct versions.</summary>
    private static VersionManifest Manifest(ulong seed)
    {
        var schema = new FeatureSchema(3, ["slope", "spread", "imbalance"]);
        return new VersionManifest(
            VersionManifest.CurrentFormatVersion,
            Family,
            "chronos-student",
            schema,
            new Dictionary<string, int> { ["wavelet_ukf"] = 3 },
            new FittedScaler(FittedScaler.CurrentFormatVersion, schema, [0.1, 0.2, 0.3], [1, 2, 3], 100),
            new DataProvenance(DataRegime.ProdLive, ["IBM"], new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8), 1_000, [new RecordHash("2013-10-07/ibm.quotes", new string('a', 64))]),
            "lineage-1",
            [],
            seed,
            "test",
            new string('b', 64),
            [new ModelMetric("sharpe", "daily_agg, 252 days/year", 1.2, "ok", 60, "ratio")],
            [new GateResult("min_sortino", true, "all 3 runs ≥ 1.00")],
            [],
            new DateTime(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc));
    }

    private static Dictionary<string, byte[]> Files(byte first) => new() { ["model.safetensors"] = [first, 2, 3, 4] };

    private async Task<(HttpClient Http, FileModelRegistry Registry)> StartAsync(bool rollout)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var values = new Dictionary<string, string?>
        {
            ["Gateway:Urls"] = url,
            ["Storage:Provider"] = "memory",
            ["Storage:Path"] = _storage,
        };
        if (rollout)
        {
            values["Strategy:Rollout:Enabled"] = "true";
            values["Strategy:Rollout:EvaluateIntervalSeconds"] = "0"; // only on request: the test decides when
        }

        var settings = SettingsLoader.Load(null, values);
        var hub = new TradingEventHub();
        _grid = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, RejectLateArrivals = false, Hub = hub });
        await _grid.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();

        // As the serve command: the family of the silo's rollout when Strategy:Rollout:Enabled, else none. Off, the
        // argument is left out: the gateway's own services hold no strategy, so the rollout is off.
        GatewayEndpoints.Map(_app, _grid.Grains, hub, _grid.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount, rolloutFamily: rollout ? settings.Strategy.Rollout.Family : null);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        return (_http, new FileModelRegistry(Path.Combine(_storage, "registry")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
