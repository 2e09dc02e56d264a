using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Grains.Rollout;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Grains.Tests.Rollout;

/// <summary>The rollout grain's automatic rules in a TestingHost cluster: the registry's journal is the record of every
/// change, and the monitored samples are what a symbol grain reports.</summary>
public sealed class RolloutGrainTests : IAsyncDisposable
{
    private const string Family = "student";
    private static readonly string[] FeatureNames = ["spread", "imbalance"];
    private static readonly Symbol Ibm = new("IBM");

    private readonly TempFolder _folder = new("qo-rollout");

    public async ValueTask DisposeAsync()
    {
        _folder.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>Standard normal draws (Box–Muller on a seeded generator) scaled and shifted.</summary>
    private static double[] Normal(int n, int seed, double mean = 0, double sd = 1)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = 1.0 - random.NextDouble();
            values[i] = mean + (sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }

    private static DriftReference Reference() => new(
        "test: N(0,1) features, N(0, 1e-3) predictions",
        FeatureNames,
        [Normal(5000, 1), Normal(5000, 2)],
        Normal(5000, 3, 0, 1e-3));

    private async Task<string> RegisterAsync(FileModelRegistry registry, string tag, DataRegime regime, bool gatesPassed, bool withReference)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["weights.bin"] = Encoding.UTF8.GetBytes("weights of " + tag) };
        if (withReference)
        {
            files[DriftReference.FileName] = Reference().ToJson();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("report of " + tag)));
        var day = new DateOnly(2013, 10, 8);
        var draft = new VersionManifest(
            VersionManifest.CurrentFormatVersion, Family, "test-model", new FeatureSchema(1, FeatureNames), new Dictionary<string, int>(), null,
            new DataProvenance(regime, ["IBM"], day, day, 10, [new RecordHash("2013-10-08/IBM.records.csv", hash)]),
            $"{Family}-test", [], 7, "test", hash, [],
            [new Research.Gates.GateResult("min_sortino", gatesPassed, gatesPassed ? "sortino 1.2 >= 1.0" : "sortino 0.4 < 1.0")],
            [], DateTime.SpecifyKind(new DateTime(2013, 10, 8, 22, 0, 0), DateTimeKind.Utc).AddMinutes(tag.Length));
        return (await registry.RegisterAsync(draft, files, "test")).VersionId;
    }

    private async Task<GrainsCluster> StartAsync(int minObservations = 200, int minOrders = 2)
    {
        var catalog = new ServedStudentCatalog(new FileModelRegistry(Path.Combine(_folder.Path, "registry")), Path.Combine(_folder.Path, "serving"), TimeSpan.FromSeconds(60));
        var options = new StrategyOptions
        {
            Rollout = new StudentRolloutOptions
            {
                Catalog = catalog,
                PollInterval = TimeSpan.Zero,
                EvaluateInterval = TimeSpan.Zero,
                Rules = new RolloutSettings { MinObservations = minObservations, MinOrders = minOrders },
                ShadowLogFolder = Path.Combine(_folder.Path, "rollout"),
            },
        };
        return await GrainsCluster.StartAsync(options);
    }

    private static RolloutReport Report(string version, RolloutRole role, int seed, double featureShift = 0, int n = 300) => new(
        Family, version, "IBM", role, Normal(n, seed + 100, 0, 1e-3), FeatureNames, [Normal(n, seed, featureShift), Normal(n, seed + 1)], []);

    private static Quote Nbbo(long millis, decimal bid, decimal ask) => new(
        Ibm, new UnixNanos(1_381_152_600_000L * UnixNanos.NanosPerMillisecond + (millis * UnixNanos.NanosPerMillisecond)),
        Price.FromDecimal(bid), Quantity.FromUnits(5_000), Price.FromDecimal(ask), Quantity.FromUnits(5_000));

    /// <summary>Trades <paramref name="count"/> signals of <paramref name="version"/> on the rollout's account (alternating
    /// direction, so each one changes the Kelly target) at the given NBBO, the venue filling each at the touch, and reports
    /// the decisions to the rollout grain as a symbol grain does.</summary>
    private static async Task TradeAsync(GrainsCluster cluster, string version, int count, decimal bid, decimal ask)
    {
        var account = cluster.Grains.GetGrain<IPortfolioGrain>("replay"); // StudentRolloutOptions.Account's default
        var venue = cluster.Grains.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);
        var times = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var quote = Nbbo(i * 1_000, bid, ask);
            await venue.OnQuotes(new QuoteBatch([quote]));
            await account.OnSignals(new SignalBatch([new Signal(Ibm, quote.Time, quote, i % 2 == 0 ? 0.001 : -0.001, 0.002, TimeSpan.FromSeconds(60), 1e-4, version)]));
            await venue.OnQuotes(new QuoteBatch([Nbbo((i * 1_000) + 2, bid, ask)]));
            await account.SyncWithVenue();
            times.Add(quote.Time.Value);
        }

        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        await rollout.Report(new RolloutReport(Family, version, "IBM", RolloutRole.Trading, Normal(count, 5, 0, 1e-3), FeatureNames, [Normal(count, 6), Normal(count, 7)], [])
        {
            DecisionTimes = [.. times],
            DecisionMids = [.. times.Select(_ => (double)((bid + ask) / 2))],
        });
    }

    [Fact]
    public async Task AVersionWalksShadowCanaryLiveByTheRulesAndInjectedDriftRollsItBackToThePreviousLiveVersion()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var first = await RegisterAsync(registry, "first", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await registry.PromoteAsync(Family, first, RegistryStage.Live, "the first live version", "operator", PromotionMode.Manual);
        var second = await RegisterAsync(registry, "second-version", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);

        var status = await rollout.Evaluate();
        Assert.Equal(second, status.Assignment.Shadow);
        Assert.Equal(first, status.Assignment.Live);
        Assert.Contains(status.Decisions, d => d.VersionId == second && d.Action == "promote_shadow" && d.Applied);

        // Too few observations: no decision, nothing moves.
        await rollout.Report(Report(second, RolloutRole.Shadow, 10, n: 100));
        status = await rollout.Evaluate();
        Assert.Equal(second, status.Assignment.Shadow);
        Assert.Contains(status.Decisions, d => d.VersionId == second && d.Action == "no_decision" && d.Detail.Contains("min_observations", StringComparison.Ordinal));

        await rollout.Report(Report(second, RolloutRole.Shadow, 20));
        status = await rollout.Evaluate();
        Assert.Equal(second, status.Assignment.Canary);
        Assert.Null(status.Assignment.Shadow);

        await rollout.Report(Report(second, RolloutRole.Trading, 30));
        status = await rollout.Evaluate();
        Assert.Equal(second, status.Assignment.Canary); // no order sent on its signals yet: no execution evidence
        Assert.Contains(status.Decisions, d => d.VersionId == second && d.Detail.Contains("0 orders sent on its signals < 2", StringComparison.Ordinal));

        // Two orders, each filled at the touch of a one-cent spread: 0.5 bp adverse against the mid.
        await TradeAsync(cluster, second, 2, 184.99m, 185.01m);
        status = await rollout.Evaluate();
        Assert.Equal(second, status.Assignment.Live);
        Assert.Null(status.Assignment.Canary);

        // Injected drift: the first feature moves three standard deviations.
        await rollout.Report(Report(second, RolloutRole.Trading, 40, featureShift: 3));
        status = await rollout.Evaluate();
        Assert.Equal(first, status.Assignment.Live);
        var rollback = Assert.Single(status.Decisions, d => d.Action == "rollback");
        Assert.True(rollback.Applied);
        Assert.Contains("feature_psi spread", rollback.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("imbalance", rollback.Detail, StringComparison.Ordinal);

        var journal = await registry.ReadJournalAsync(Family);
        var automatic = journal.Where(t => t.VersionId == second && t.Actor == ModelRolloutGrain.Actor).Select(t => (t.From, t.To, t.Manual)).ToArray();
        Assert.Equal(
            [(RegistryStage.Candidate, RegistryStage.Shadow, false), (RegistryStage.Shadow, RegistryStage.Canary, false), (RegistryStage.Canary, RegistryStage.Live, false), (RegistryStage.Live, RegistryStage.Retired, false)],
            automatic);
        Assert.Equal(RegistryStage.Live, journal[^1].To);
        Assert.Equal(first, journal[^1].VersionId); // restored by the rollback
        Assert.Equal(journal.Count, status.Assignment.Generation);
    }

    [Fact]
    public async Task MonitorOnlyVersionsStayOutFailedGatesStayInShadowAndVersionsWithoutAReferenceAreNotMoved()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var replayed = await RegisterAsync(registry, "replayed", DataRegime.MaintenanceReplay, gatesPassed: true, withReference: true);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);

        var status = await rollout.Evaluate();
        Assert.Null(status.Assignment.Shadow); // monitor-only: not even a candidate
        Assert.Equal(RegistryStage.MonitorOnly, (await registry.ReadStateAsync(Family)).Get(replayed).Stage);

        var failed = await RegisterAsync(registry, "failed-gates", DataRegime.ProdLive, gatesPassed: false, withReference: true);
        status = await rollout.Evaluate();
        Assert.Equal(failed, status.Assignment.Shadow); // a shadow trades nothing: failed gates do not keep it out
        await rollout.Report(Report(failed, RolloutRole.Shadow, 70));
        status = await rollout.Evaluate();
        Assert.Equal(failed, status.Assignment.Shadow); // but they keep it from trading
        Assert.Contains(status.Decisions, d => d.VersionId == failed && d.Action == "keep" && d.Detail.Contains("a promotion gate failed at registration (FAIL min_sortino: sortino 0.4 < 1.0), so it stays in shadow", StringComparison.Ordinal));
        await registry.RetireAsync(Family, failed, "test: make room for the next shadow", "test", manual: true);

        var blind = await RegisterAsync(registry, "no-reference", DataRegime.ProdLive, gatesPassed: true, withReference: false);
        status = await rollout.Evaluate();
        Assert.Equal(blind, status.Assignment.Shadow);
        await rollout.Report(Report(blind, RolloutRole.Shadow, 50, n: 1000));
        status = await rollout.Evaluate();
        Assert.Equal(blind, status.Assignment.Shadow); // stays: drift cannot be judged
        Assert.False(Assert.Single(status.Versions).HasReference);
        Assert.Contains(status.Decisions, d => d.VersionId == blind && d.Detail.StartsWith($"no {DriftReference.FileName}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACanaryWhoseFillsSlipMoreThanTheLimitAgainstTheDecisionMidIsRolledBack()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var version = await RegisterAsync(registry, "slipping", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await registry.PromoteAsync(Family, version, RegistryStage.Canary, "operator", "operator", PromotionMode.Manual);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        await rollout.Report(Report(version, RolloutRole.Trading, 80));

        // A two-dollar spread: every fill is a dollar (54 bp) worse than the mid the decision was taken at.
        await TradeAsync(cluster, version, 2, 184m, 186m);
        var status = await rollout.Evaluate();

        Assert.Null(status.Assignment.Canary);
        var rollback = Assert.Single(status.Decisions, d => d.Action == "rollback");
        Assert.Contains("slippage_bp fills: quantity-weighted mean adverse slippage 54.05 bp over 2 fills > 10 bp", rollback.Detail, StringComparison.Ordinal);
        var monitored = Assert.Single(await registry.ReadJournalAsync(Family), t => t.Actor == ModelRolloutGrain.Actor);
        Assert.Equal((RegistryStage.Canary, RegistryStage.Retired), (monitored.From, monitored.To));
    }

    [Fact]
    public async Task ConsecutiveGateFailuresRollALiveVersionBackOnceTheyReachTheThreshold()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var version = await RegisterAsync(registry, "gated", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await registry.PromoteAsync(Family, version, RegistryStage.Live, "operator", "operator", PromotionMode.Manual);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        await rollout.Report(Report(version, RolloutRole.Trading, 60));

        await rollout.ReportGate(version, false, "2013-10-09: sortino 0.3 < 1.0", new DateOnly(2013, 10, 9));
        await rollout.ReportGate(version, false, "2013-10-10: sortino 0.2 < 1.0", new DateOnly(2013, 10, 10));
        var status = await rollout.Evaluate();
        Assert.Equal(version, status.Assignment.Live); // two failures of three

        await rollout.ReportGate(version, true, "2013-10-11: pass", new DateOnly(2013, 10, 11));
        await rollout.ReportGate(version, false, "2013-10-14: fail", new DateOnly(2013, 10, 14));
        await rollout.ReportGate(version, false, "2013-10-15: fail", new DateOnly(2013, 10, 15));
        status = await rollout.Evaluate();
        Assert.Equal(version, status.Assignment.Live); // a pass broke the run

        // The grain re-activates (as after a silo restart): the monitored predictions start again, the gate outcomes are
        // read back from the grain's persisted state, so the next failed night is the third in a row.
        await cluster.Grains.GetGrain<global::Orleans.Runtime.IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        status = await rollout.GetStatus();
        var restored = Assert.Single(status.Versions);
        Assert.Equal(0, restored.Predictions);
        Assert.Equal([false, false, true, false, false], restored.GatePasses);
        await rollout.Report(Report(version, RolloutRole.Trading, 61));

        // A re-run of the 2013-10-15 validation that passes replaces that night's failure: one outcome per evidence day.
        await rollout.ReportGate(version, true, "2013-10-15: re-run, pass", new DateOnly(2013, 10, 15));
        var rerun = Assert.Single((await rollout.GetStatus()).Versions).GatePasses;
        Assert.Equal([false, false, true, false, true], rerun);
        await rollout.ReportGate(version, false, "2013-10-15: re-run, fail", new DateOnly(2013, 10, 15));

        await rollout.ReportGate(version, false, "2013-10-16: fail", new DateOnly(2013, 10, 16));
        status = await rollout.Evaluate();
        Assert.Null(status.Assignment.Live);
        Assert.Contains("consecutive_gate_failures gates", Assert.Single(status.Decisions, d => d.Action == "rollback").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVersionRestoredToLiveStartsANewGateHistory()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var first = await RegisterAsync(registry, "first", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        var second = await RegisterAsync(registry, "second", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await registry.PromoteAsync(Family, first, RegistryStage.Live, "operator", "operator", PromotionMode.Manual);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        await rollout.ReportGate(first, false, "fails", new DateOnly(2013, 10, 9));
        await rollout.ReportGate(first, false, "fails", new DateOnly(2013, 10, 10));

        // The second version goes live (the first is superseded), then is rolled back: the first is live again.
        await registry.PromoteAsync(Family, second, RegistryStage.Live, "operator", "operator", PromotionMode.Manual);
        await rollout.GetStatus();
        await registry.RollbackAsync(Family, second, "operator: back to the first", "operator", manual: true);
        Assert.Equal(first, (await rollout.GetStatus()).Assignment.Live);

        // Its earlier failures belong to its earlier stint: one failed night now is one, not three.
        await rollout.ReportGate(first, false, "fails", new DateOnly(2013, 10, 11));
        await rollout.Report(Report(first, RolloutRole.Trading, 91));
        var status = await rollout.Evaluate();
        Assert.Equal(first, status.Assignment.Live);
        Assert.Equal([false], Assert.Single(status.Versions).GatePasses);
    }

    [Fact]
    public async Task SupersedingShadowsTheCandidateThatPassedNotANewerOneThatFailed()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var held = await RegisterAsync(registry, "held", DataRegime.ProdLive, gatesPassed: false, withReference: true);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        Assert.Equal(held, (await rollout.Evaluate()).Assignment.Shadow);

        // Both registered before one evaluation; the newer one failed its gates (registration times grow with the tag).
        var good = await RegisterAsync(registry, "good-night", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        var newerBad = await RegisterAsync(registry, "newer-bad-night", DataRegime.ProdLive, gatesPassed: false, withReference: true);
        var status = await rollout.Evaluate();
        Assert.Equal(good, status.Assignment.Shadow);
        var state = await registry.ReadStateAsync(Family);
        Assert.Equal((RegistryStage.Retired, RegistryStage.Candidate), (state.Get(held).Stage, state.Get(newerBad).Stage));
    }

    [Fact]
    public async Task TheGateOutcomesOfEveryVersionSurviveAReActivationWhicheverIsReportedFirst()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var live = await RegisterAsync(registry, "live", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        var canary = await RegisterAsync(registry, "the-canary", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        await registry.PromoteAsync(Family, live, RegistryStage.Live, "operator", "operator", PromotionMode.Manual);
        await registry.PromoteAsync(Family, canary, RegistryStage.Canary, "operator", "operator", PromotionMode.Manual);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        foreach (var day in new[] { 9, 10 })
        {
            await rollout.ReportGate(live, false, "live fails", new DateOnly(2013, 10, day));
            await rollout.ReportGate(canary, false, "canary fails", new DateOnly(2013, 10, day));
        }

        // After a re-activation the canary is reported first: the live version's saved outcomes must stay.
        await cluster.Grains.GetGrain<global::Orleans.Runtime.IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await rollout.ReportGate(canary, false, "canary fails", new DateOnly(2013, 10, 11));
        await rollout.ReportGate(live, false, "live fails", new DateOnly(2013, 10, 11));
        await rollout.Report(Report(live, RolloutRole.Trading, 90));
        var status = await rollout.Evaluate();
        Assert.Null(status.Assignment.Live);
        Assert.Contains(status.Decisions, d => d.VersionId == live && d.Action == "rollback" && d.Detail.Contains("the last 3 gate evaluations failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANewerCandidateWhoseGatesPassedSupersedesAShadowHeldByFailedGates()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var held = await RegisterAsync(registry, "held", DataRegime.ProdLive, gatesPassed: false, withReference: true);
        await using var cluster = await StartAsync();
        var rollout = cluster.Grains.GetGrain<IModelRolloutGrain>(Family);
        Assert.Equal(held, (await rollout.Evaluate()).Assignment.Shadow);

        // A newer candidate whose gates failed too changes nothing (the registration times grow with the tag's length).
        var alsoFailed = await RegisterAsync(registry, "also-failed", DataRegime.ProdLive, gatesPassed: false, withReference: true);
        var status = await rollout.Evaluate();
        Assert.Equal(held, status.Assignment.Shadow);
        Assert.Equal(RegistryStage.Candidate, (await registry.ReadStateAsync(Family)).Get(alsoFailed).Stage);

        // A newer one whose gates passed takes the held shadow's place; the journal names both.
        var passed = await RegisterAsync(registry, "passed-every-gate", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        status = await rollout.Evaluate();
        Assert.Equal(passed, status.Assignment.Shadow);
        var state = await registry.ReadStateAsync(Family);
        Assert.Equal((RegistryStage.Retired, RegistryStage.Candidate), (state.Get(held).Stage, state.Get(alsoFailed).Stage));
        var retired = Assert.Single(await registry.ReadJournalAsync(Family), t => t.VersionId == held && t.To == RegistryStage.Retired);
        Assert.Equal(ModelRolloutGrain.Actor, retired.Actor);
        Assert.Contains($"superseded by {passed}, a newer candidate whose promotion gates all passed", retired.Reason, StringComparison.Ordinal);
        Assert.Contains(status.Decisions, d => d.VersionId == held && d.Action == "retire_superseded" && d.Applied);

        // A version that passed its gates is not superseded by a newer one: it is on its way to canary.
        var newest = await RegisterAsync(registry, "newest-passed-every-gate", DataRegime.ProdLive, gatesPassed: true, withReference: true);
        status = await rollout.Evaluate();
        Assert.Equal(passed, status.Assignment.Shadow);
        Assert.Equal(RegistryStage.Candidate, (await registry.ReadStateAsync(Family)).Get(newest).Stage);
    }
}
