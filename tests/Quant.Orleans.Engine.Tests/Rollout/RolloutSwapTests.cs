using Quant.Orleans.Core;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Engine.Tests.Distillation;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Rollout;

/// <summary>
/// The rollout in the symbol grains on real IBM and AIG ticks (2013-10-07..08) with two small students A and B
/// registered in the model registry: a hot swap at a batch boundary loses and reorders nothing, and what each side of
/// the swap serves is exactly what a run pinned to that version serves; a shadow version changes nothing the trading
/// version does; a canary trades only on its symbols.
/// </summary>
public sealed class RolloutSwapTests : IDisposable
{
    private const string Family = "student";
    private const int BatchSize = 4000;
    private static readonly DateOnly[] Days = [new(2013, 10, 7), new(2013, 10, 8)];

    private readonly TempFolder _folder = new("qo-rollout-swap");

    public void Dispose() => _folder.Dispose();

    /// <summary>A small student trained on synthetic days (its forecasts need not be good: the test is about serving).</summary>
    private string TrainStudent(ulong seed)
    {
        var options = SyntheticDays.TinyOptions(seed);
        DateOnly monday = new(2013, 9, 30);
        var days = Enumerable.Range(0, 2).Select(d => SyntheticDays.Day("AAA", monday.AddDays(d), 1500, (ulong)(d + 21))).ToArray();
        var models = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);
        return DistillationModelStore.Write(Path.Combine(_folder.Path, $"models-{seed}"), models, days, options, new { note = "test" }, null).StudentFolder;
    }

    /// <summary>Registers a student folder the way the nightly <c>register</c> step lays out its files.</summary>
    private static async Task<string> RegisterAsync(FileModelRegistry registry, string studentFolder, DriftReference? reference = null)
    {
        var model = ModelFolder.ReadManifest(studentFolder);
        var files = Directory.GetFiles(studentFolder).ToDictionary(
            f => Path.GetFileName(f) == ModelFolder.ManifestFile ? Grains.Rollout.ServedStudentCatalog.ModelManifestFile : Path.GetFileName(f),
            File.ReadAllBytes,
            StringComparer.Ordinal);
        if (reference is not null)
        {
            files[DriftReference.FileName] = reference.ToJson();
        }

        var data = new DataProvenance(DataRegime.ProdLive, model.Data.Symbols, model.Data.Days.Min(), model.Data.Days.Max(), 1, [new RecordHash("synthetic", model.TrainReportHash)]);
        var draft = new VersionManifest(
            VersionManifest.CurrentFormatVersion, Family, model.ModelType, model.Schema, new Dictionary<string, int>(), model.Scaler, data,
            "student-test", [], 11, "test", model.TrainReportHash, [], [], [], model.CreatedUtc);
        return (await registry.RegisterAsync(draft, files, "test")).VersionId;
    }

    /// <summary>A registry whose first <see cref="IModelRegistry.LoadAsync"/> fails (a storage outage), every later one
    /// reads the wrapped store.</summary>
    private sealed class FailingOnceRegistry(IModelRegistry inner) : IModelRegistry
    {
        private int _loads;

        public string Describe => inner.Describe;

        public TimeSpan LockTimeout => inner.LockTimeout;

        public string Location(string family, string? versionId = null) => inner.Location(family, versionId);

        public Task<LoadedVersion> LoadAsync(string family, string versionId, VersionExpectation? expected = null, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _loads) == 1
                ? Task.FromException<LoadedVersion>(new IOException($"'{inner.Location(family, versionId)}': the storage did not answer (test)."))
                : inner.LoadAsync(family, versionId, expected, cancellationToken);

        public Task<RegisteredVersion> RegisterAsync(VersionManifest draft, IReadOnlyDictionary<string, byte[]> files, string actor, CancellationToken cancellationToken = default) => inner.RegisterAsync(draft, files, actor, cancellationToken);

        public Task<FamilyRegistryState> ReadStateAsync(string family, CancellationToken cancellationToken = default) => inner.ReadStateAsync(family, cancellationToken);

        public Task<VersionManifest> LoadManifestAsync(string family, string versionId, CancellationToken cancellationToken = default) => inner.LoadManifestAsync(family, versionId, cancellationToken);

        public Task<IReadOnlyList<RegistryTransition>> ReadJournalAsync(string family, CancellationToken cancellationToken = default) => inner.ReadJournalAsync(family, cancellationToken);

        public Task<FamilyRegistryState> ReplayJournalAsync(string family, CancellationToken cancellationToken = default) => inner.ReplayJournalAsync(family, cancellationToken);

        public Task<bool> RepairStateAsync(string family, CancellationToken cancellationToken = default) => inner.RepairStateAsync(family, cancellationToken);

        public Task<RegistryChange> PromoteAsync(string family, string versionId, RegistryStage to, string reason, string actor, PromotionMode mode, CancellationToken cancellationToken = default) => inner.PromoteAsync(family, versionId, to, reason, actor, mode, cancellationToken);

        public Task<RegistryChange> RollbackAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default) => inner.RollbackAsync(family, versionId, reason, actor, manual, cancellationToken);

        public Task<RegistryChange> RetireAsync(string family, string versionId, string reason, string actor, bool manual, CancellationToken cancellationToken = default) => inner.RetireAsync(family, versionId, reason, actor, manual, cancellationToken);

        public Task<string[]> ListFamiliesAsync(CancellationToken cancellationToken = default) => inner.ListFamiliesAsync(cancellationToken);
    }

    [Fact]
    public async Task AFailedLoadIsNotCachedSoTheNextRequestServesTheVersion()
    {
        var registry = new FileModelRegistry(Path.Combine(_folder.Path, "registry"));
        var version = await RegisterAsync(registry, TrainStudent(seed: 5));
        var catalog = new Grains.Rollout.ServedStudentCatalog(new FailingOnceRegistry(registry), Path.Combine(_folder.Path, "serving"), TimeSpan.FromSeconds(60));

        var outage = await Assert.ThrowsAsync<IOException>(() => catalog.GetAsync(Family, version));
        Assert.Contains("the storage did not answer", outage.Message, StringComparison.Ordinal);
        var model = await catalog.GetAsync(Family, version);
        Assert.Same(model, await catalog.GetAsync(Family, version)); // loaded once, then cached
    }

    private static List<MarketEvent> Events(string data, string ticker)
    {
        var events = new List<MarketEvent>();
        using var source = new LeanTickSource(new LeanDataFolder(data), new Symbol(ticker), Days, new QuarantineLog());
        while (source.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>One run: a private grid serving the registry under <paramref name="storage"/>; each symbol's events go
    /// in batches of <see cref="BatchSize"/>, and after batch <paramref name="changeAfter"/> (of every symbol)
    /// <paramref name="change"/> alters the registry.</summary>
    private static async Task<Run> DriveAsync(string storage, IReadOnlyDictionary<string, List<MarketEvent>> events, int changeAfter = -1, Func<Task>? change = null, bool evaluate = false, double canaryShare = 0.5)
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Storage:Path"] = storage,
            ["Strategy:Rollout:Enabled"] = "true",
            ["Strategy:Rollout:PollIntervalMilliseconds"] = "0",
            ["Strategy:Rollout:EvaluateIntervalSeconds"] = "0",
            ["Strategy:Rollout:CanaryShare"] = canaryShare.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["Strategy:JudgeMinimumRatio"] = "0",
            ["Strategy:Rollout:MinObservations"] = "200",
        });
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true });
        await runtime.StartAsync();
        try
        {
            var run = new Run();
            var batches = events.ToDictionary(kv => kv.Key, kv => kv.Value.Chunk(BatchSize).ToArray());
            var count = batches.Values.Max(b => b.Length);
            for (var b = 0; b < count; b++)
            {
                foreach (var (ticker, chunks) in batches.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (b < chunks.Length)
                    {
                        var result = await runtime.Grains.GetGrain<ISymbolGrain>(ticker).OnMarketData(new MarketBatch("test", chunks[b], false));
                        run.Events[ticker] = run.Events.GetValueOrDefault(ticker) + result.Quotes + result.Trades;
                        run.Signals.AddRange(result.Signals.Select(s => (b, s)));
                    }
                }

                if (b == changeAfter)
                {
                    await change!();
                }
            }

            foreach (var ticker in events.Keys)
            {
                run.Status[ticker] = await runtime.Grains.GetGrain<ISymbolGrain>(ticker).GetStatus();
            }

            var rollout = runtime.Grains.GetGrain<IModelRolloutGrain>(Family);
            run.Rollout = evaluate ? await rollout.Evaluate() : await rollout.GetStatus();
            return run;
        }
        finally
        {
            await runtime.StopAsync();
            await runtime.DisposeAsync();
        }
    }

    private async Task<(string Storage, FileModelRegistry Registry, string A, string B)> RegistryAsync(string name, string a, string b)
    {
        var storage = Path.Combine(_folder.Path, name);
        var registry = new FileModelRegistry(Path.Combine(storage, "registry"));
        return (storage, registry, await RegisterAsync(registry, a), await RegisterAsync(registry, b));
    }

    [Fact]
    public async Task AHotSwapAtABatchBoundaryDropsNoTickAndEachSideServesExactlyWhatAPinnedRunServes()
    {
        var data = TestData.Require("lean");
        var (folderA, folderB) = (TrainStudent(11), TrainStudent(12));
        var events = new Dictionary<string, List<MarketEvent>> { ["IBM"] = Events(data, "IBM") };
        var total = events["IBM"].Count;
        var swapAfter = (total / BatchSize) * 3 / 4; // on the second day

        var pinnedA = await RegistryAsync("pinned-a", folderA, folderB);
        await pinnedA.Registry.PromoteAsync(Family, pinnedA.A, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        var runA = await DriveAsync(pinnedA.Storage, events);
        var pinnedB = await RegistryAsync("pinned-b", folderA, folderB);
        await pinnedB.Registry.PromoteAsync(Family, pinnedB.B, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        var runB = await DriveAsync(pinnedB.Storage, events);
        var swapped = await RegistryAsync("swapped", folderA, folderB);
        await swapped.Registry.PromoteAsync(Family, swapped.A, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        var runSwap = await DriveAsync(swapped.Storage, events, swapAfter, () => swapped.Registry.PromoteAsync(Family, swapped.B, RegistryStage.Live, "swap", "test", PromotionMode.Manual));

        Assert.Equal((pinnedA.A, pinnedA.B), (swapped.A, swapped.B)); // content-addressed: the same ids in every registry
        Assert.All(new[] { runA, runB, runSwap }, run => Assert.Equal(total, run.Events["IBM"])); // nothing dropped
        var before = runA.Signals.Where(x => x.Batch <= swapAfter).Select(x => x.Signal).ToArray();
        var after = runB.Signals.Where(x => x.Batch > swapAfter).Select(x => x.Signal).ToArray();
        Assert.NotEmpty(before);
        Assert.NotEmpty(after);
        Assert.All(before, s => Assert.Equal(swapped.A, s.ModelVersion));
        Assert.All(after, s => Assert.Equal(swapped.B, s.ModelVersion));

        // Bit for bit, in order: A's signals up to the swap, then B's as if B had served from the start (the window
        // carried over, so B does not warm up again).
        Assert.Equal(before.Concat(after), runSwap.Signals.Select(x => x.Signal));
        Assert.Equal(runA.Status["IBM"].FallbackWarming, runSwap.Status["IBM"].FallbackWarming);
        Assert.Equal(runA.Status["IBM"].Candidates, runSwap.Status["IBM"].Candidates);
    }

    [Fact]
    public async Task AShadowChangesNothingTheTradingVersionDoesAndACanaryTradesOnlyOnItsSymbols()
    {
        var data = TestData.Require("lean");
        var (folderA, folderB) = (TrainStudent(11), TrainStudent(12));
        var events = new Dictionary<string, List<MarketEvent>> { ["AIG"] = Events(data, "AIG"), ["IBM"] = Events(data, "IBM") };

        var pinned = await RegistryAsync("pinned", folderA, folderB);
        await pinned.Registry.PromoteAsync(Family, pinned.A, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        var runA = await DriveAsync(pinned.Storage, events);

        var shadowed = await RegistryAsync("shadowed", folderA, folderB);
        await shadowed.Registry.PromoteAsync(Family, shadowed.A, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        await shadowed.Registry.PromoteAsync(Family, shadowed.B, RegistryStage.Shadow, "test", "test", PromotionMode.Manual);
        var runShadow = await DriveAsync(shadowed.Storage, events);
        Assert.Equal(runA.Signals, runShadow.Signals);
        var shadow = Assert.Single(runShadow.Rollout!.Versions, v => v.Stage == "shadow");
        Assert.Equal(shadowed.B, shadow.VersionId);
        Assert.Equal(["AIG", "IBM"], shadow.Symbols);
        Assert.True(shadow.Predictions > 100, $"{shadow.Predictions} shadow predictions");

        // Which symbols B trades on is fixed by SHA-256 of (version, symbol): a share between the two symbols' positions
        // puts exactly one of them in the canary.
        var canaried = await RegistryAsync("canary", folderA, folderB);
        await canaried.Registry.PromoteAsync(Family, canaried.A, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        await canaried.Registry.PromoteAsync(Family, canaried.B, RegistryStage.Canary, "test", "test", PromotionMode.Manual);
        var (aig, ibm) = (CanaryAssignment.Position(canaried.B, "AIG"), CanaryAssignment.Position(canaried.B, "IBM"));
        var runCanary = await DriveAsync(canaried.Storage, events, canaryShare: (aig + ibm) / 2);
        var (inside, outside) = aig < ibm ? ("AIG", "IBM") : ("IBM", "AIG");
        Assert.Equal([canaried.B], runCanary.Signals.Where(x => x.Signal.Symbol.Ticker == inside).Select(x => x.Signal.ModelVersion).Distinct());
        Assert.Equal([canaried.A], runCanary.Signals.Where(x => x.Signal.Symbol.Ticker == outside).Select(x => x.Signal.ModelVersion).Distinct());
    }

    [Fact]
    public async Task AVersionServedOnTheDaysOfItsDriftReferenceTripsNoDriftRule()
    {
        var data = TestData.Require("lean");
        var folderA = TrainStudent(11);
        var model = Grains.Symbols.StudentModel.Load(folderA, TimeSpan.FromSeconds(60));
        // The grains forecast from the second day on (the ridge session that sets the decision points trains on the first),
        // so the reference is of that day.
        var reference = Grains.Rollout.StudentDriftReference.Build(model, data, ["IBM"], [Days[1]]);
        Assert.Equal(reference.ToJson(), Grains.Rollout.StudentDriftReference.Build(model, data, ["IBM"], [Days[1]]).ToJson()); // deterministic
        Assert.Equal(DriftReference.MaxValues, reference.Predictions.Length);

        var storage = Path.Combine(_folder.Path, "reference");
        var registry = new FileModelRegistry(Path.Combine(storage, "registry"));
        var version = await RegisterAsync(registry, folderA, reference);
        await registry.PromoteAsync(Family, version, RegistryStage.Live, "test", "test", PromotionMode.Manual);
        var run = await DriveAsync(storage, new Dictionary<string, List<MarketEvent>> { ["IBM"] = Events(data, "IBM") }, evaluate: true);

        Assert.True(run.Rollout!.Versions.Length == 1, string.Join(" | ", run.Rollout.Decisions.Select(d => $"{d.Action}: {d.Detail}")));
        var live = run.Rollout.Versions[0];
        Assert.True(live.HasReference);
        Assert.True(live.Predictions >= 200, $"{live.Predictions} monitored predictions");
        var decision = Assert.Single(run.Rollout.Decisions, d => d.VersionId == version);
        Assert.Equal("keep", decision.Action);
        Assert.Equal(version, run.Rollout.Assignment.Live);
    }

    private sealed class Run
    {
        public Dictionary<string, long> Events { get; } = new(StringComparer.Ordinal);

        public List<(int Batch, Signal Signal)> Signals { get; } = [];

        public Dictionary<string, SymbolStatus> Status { get; } = new(StringComparer.Ordinal);

        public RolloutStatus? Rollout { get; set; }
    }
}
