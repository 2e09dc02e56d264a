using System.Text.Json;
using System.Text.Json.Nodes;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Registry;

/// <summary>
/// The contract every model-registry store passes (<see cref="IModelRegistry"/>; docs/registry.md): content-addressed
/// registration, a load that checks every hash and refuses anything the manifest does not list, journaled stage changes
/// whose replay equals the state, the "journal longer than the state" refusal until a repair, writers on several store
/// instances (two silos) that lose nothing, and a held writer lock that times out naming the lock. Each test gets a store
/// of its own (a fresh folder or container).
/// </summary>
public abstract class ModelRegistryContract : IAsyncDisposable
{
    /// <summary>The family the contract registers into.</summary>
    internal const string Family = "student-contract";

    private static readonly FeatureSchema Schema = new(3, ["slope", "spread", "imbalance"]);
    private static readonly DateTime T0 = new(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc);

    /// <summary>The journal's clock.</summary>
    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(T0));

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A new store instance over this test's store (each call is another writer, as another silo is).</summary>
    /// <param name="lockTimeout">The writer-lock timeout; the store's default when null.</param>
    protected abstract Task<IModelRegistry> OpenAsync(TimeSpan? lockTimeout = null);

    /// <summary>Writes (creates or replaces) one stored file of a version behind the store's back.</summary>
    protected abstract Task WriteVersionFileAsync(string versionId, string name, byte[] bytes);

    /// <summary>Reads one stored file of a version behind the store's back.</summary>
    protected abstract Task<byte[]> ReadVersionFileAsync(string versionId, string name);

    /// <summary>Deletes one stored file of a version behind the store's back.</summary>
    protected abstract Task DeleteVersionFileAsync(string versionId, string name);

    /// <summary>The family's stored state text.</summary>
    protected abstract Task<string> ReadStateTextAsync();

    /// <summary>Replaces the family's stored state text behind the store's back (a crash between journal and state).</summary>
    protected abstract Task WriteStateTextAsync(string text);

    /// <summary>Takes the family's writer lock on <paramref name="registry"/> until the result is disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldLockAsync(IModelRegistry registry);

    /// <summary>How the family's writer lock is named in messages (a path, or <c>container/blob</c>).</summary>
    protected abstract string LockName(IModelRegistry registry);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TheSameContentGetsTheSameIdAndNoNewJournalLineAnyOtherByteANewOne()
    {
        var registry = await OpenAsync();
        Assert.Empty(await registry.ListFamiliesAsync(Token));
        var first = await registry.RegisterAsync(Manifest(), Files(), "training", Token);
        Assert.Equal(first.ContentHash[..ContentAddress.IdLength], first.VersionId);
        Assert.Equal(ContentAddress.Hash(first.Manifest), first.ContentHash);
        Assert.Equal(ContentAddress.Sha256([1, 2, 3, 4]), first.Manifest.Files.Single(f => f.Name == "model.safetensors").Sha256);
        Assert.Single(first.Transitions);

        // Another instance (another silo) registering identical content: same id, nothing journaled.
        var again = await (await OpenAsync()).RegisterAsync(Manifest(), Files(), "training", Token);
        Assert.Equal(first.VersionId, again.VersionId);
        Assert.Empty(again.Transitions);
        Assert.Single(await registry.ReadJournalAsync(Family, Token));

        var otherByte = await registry.RegisterAsync(Manifest(), Files(first: 9), "training", Token);
        var otherSeed = await registry.RegisterAsync(Manifest(seed: 43), Files(), "training", Token);
        Assert.Equal(3, new[] { first.VersionId, otherByte.VersionId, otherSeed.VersionId }.Distinct().Count());
        Assert.Equal(3, (await registry.ReadJournalAsync(Family, Token)).Count);
        Assert.Equal([Family], await registry.ListFamiliesAsync(Token));
    }

    [Fact]
    public async Task ALoadChecksEveryHashAndTheExpectation()
    {
        var registry = await OpenAsync();
        var v = await registry.RegisterAsync(Manifest(), Files(), "training", Token);
        var loaded = await (await OpenAsync()).LoadAsync(Family, v.VersionId, new VersionExpectation("chronos-student", Schema), Token);
        Assert.Equal(registry.Location(Family, v.VersionId), loaded.Location);
        Assert.Equal((v.ContentHash, RegistryStage.Candidate), (loaded.ContentHash, loaded.Stage));
        Assert.Equal(Files().OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, Convert.ToHexString(f.Value))), loaded.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, Convert.ToHexString(f.Value))));
        Assert.Equal(v.ContentHash, ContentAddress.Hash(loaded.Manifest));

        var wrongType = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(Family, v.VersionId, new VersionExpectation("chronos-teacher", Schema), Token));
        Assert.Contains("field 'model_type'", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains(registry.Location(Family, v.VersionId), wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedArtefactOrManifestIsRefusedNamingTheField()
    {
        var registry = await OpenAsync();
        var v = await registry.RegisterAsync(Manifest(), Files(), "training", Token);

        await WriteVersionFileAsync(v.VersionId, "model.safetensors", [1, 2, 3, 5]);
        var artefact = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token));

        // The manifest alone (listings, gate reads) reads no artefact: it is the registered manifest, tampered file or not.
        Assert.Equal(ContentAddress.Hash(v.Manifest), ContentAddress.Hash(await registry.LoadManifestAsync(Family, v.VersionId, Token)));
        Assert.Contains("field 'files[model.safetensors].sha256'", artefact.Message, StringComparison.Ordinal);
        Assert.Contains(ContentAddress.Sha256([1, 2, 3, 5]), artefact.Message, StringComparison.Ordinal);
        Assert.Contains(ContentAddress.Sha256([1, 2, 3, 4]), artefact.Message, StringComparison.Ordinal);
        await WriteVersionFileAsync(v.VersionId, "model.safetensors", [1, 2, 3]);
        Assert.Contains("field 'files[model.safetensors].bytes' is '3'", (await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token))).Message, StringComparison.Ordinal);
        await WriteVersionFileAsync(v.VersionId, "model.safetensors", [1, 2, 3, 4]);
        await registry.LoadAsync(Family, v.VersionId, cancellationToken: Token);

        var json = JsonNode.Parse(await ReadVersionFileAsync(v.VersionId, VersionVerifier.ManifestFile))!;
        json["seed"] = 7;
        await WriteVersionFileAsync(v.VersionId, VersionVerifier.ManifestFile, JsonSerializer.SerializeToUtf8Bytes(json));
        var manifest = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token));
        Assert.Contains("field 'content_hash'", manifest.Message, StringComparison.Ordinal);
        Assert.Contains(v.ContentHash, manifest.Message, StringComparison.Ordinal);
        var manifestOnly = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadManifestAsync(Family, v.VersionId, Token));
        Assert.Contains("field 'content_hash'", manifestOnly.Message, StringComparison.Ordinal);
        json["seed"] = 42;
        json["surprise"] = 1;
        await WriteVersionFileAsync(v.VersionId, VersionVerifier.ManifestFile, JsonSerializer.SerializeToUtf8Bytes(json));
        Assert.Contains("surprise", (await Assert.ThrowsAsync<InvalidDataException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtraFileOrAMissingFileIsRefused()
    {
        var registry = await OpenAsync();
        var v = await registry.RegisterAsync(Manifest(), Files(), "training", Token);
        await WriteVersionFileAsync(v.VersionId, "notes.txt", [1]);
        var extra = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token));
        Assert.Contains("field 'files' does not list notes.txt", extra.Message, StringComparison.Ordinal);
        Assert.Contains(registry.Location(Family, v.VersionId), extra.Message, StringComparison.Ordinal);

        // Registering the same content again checks the stored version too.
        await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.RegisterAsync(Manifest(), Files(), "training", Token));
        await DeleteVersionFileAsync(v.VersionId, "notes.txt");
        await DeleteVersionFileAsync(v.VersionId, "report.json");
        Assert.Contains("report.json is missing", (await Assert.ThrowsAsync<InvalidDataException>(() => registry.LoadAsync(Family, v.VersionId, cancellationToken: Token))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => registry.LoadAsync(Family, "0123456789abcdef", cancellationToken: Token));
    }

    [Fact]
    public async Task PromoteRollbackAndRetireAreJournaledAndTheReplayEqualsTheState()
    {
        var registry = await OpenAsync();
        var v1 = (await registry.RegisterAsync(Manifest(seed: 1), Files(), "training", Token)).VersionId;
        var v2 = (await registry.RegisterAsync(Manifest(seed: 2), Files(), "training", Token)).VersionId;
        var v3 = (await registry.RegisterAsync(Manifest(seed: 3), Files(), "training", Token)).VersionId;
        var monitor = (await registry.RegisterAsync(Manifest(seed: 4, regime: DataRegime.MaintenanceReplay), Files(), "research", Token)).VersionId;
        await Assert.ThrowsAsync<InvalidOperationException>(() => registry.PromoteAsync(Family, monitor, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic, Token));
        foreach (var id in new[] { v1, v2 })
        {
            Clock.Advance(TimeSpan.FromHours(1));
            await registry.PromoteAsync(Family, id, RegistryStage.Live, "manual go-live", "alice", PromotionMode.Manual, Token);
        }

        await registry.RollbackAsync(Family, v2, "slippage_bp fills: 14 bp > 10 bp", "rollout-rules", manual: false, Token);
        await registry.RetireAsync(Family, v3, "superseded", "alice", manual: true, Token);

        var reopened = await OpenAsync();
        var state = await reopened.ReadStateAsync(Family, Token);
        Assert.Equal(v1, state.Live!.VersionId);
        Assert.Equal((RegistryStage.Retired, RegistryStage.Retired, RegistryStage.MonitorOnly), (state.Get(v2).Stage, state.Get(v3).Stage, state.Get(monitor).Stage));
        var journal = await reopened.ReadJournalAsync(Family, Token);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(t => t.Sequence));
        Assert.Equal(state.JournalLength, journal.Count);
        Assert.Equal(
            [RegistryAction.Register, RegistryAction.Register, RegistryAction.Register, RegistryAction.Register, RegistryAction.Promote, RegistryAction.Supersede, RegistryAction.Promote, RegistryAction.Rollback, RegistryAction.Restore, RegistryAction.Retire],
            journal.Select(t => t.Action));
        Assert.Equal(T0.AddHours(2), journal[^1].TimeUtc);
        Assert.Equal(Json(state), Json(await reopened.ReplayJournalAsync(Family, Token)));
        Assert.False(await reopened.RepairStateAsync(Family, Token));
    }

    [Fact]
    public async Task AJournalLongerThanTheStateIsRefusedUntilRepairState()
    {
        var registry = await OpenAsync();
        var v = (await registry.RegisterAsync(Manifest(), Files(), "training", Token)).VersionId;
        var before = await ReadStateTextAsync();
        await registry.PromoteAsync(Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic, Token);

        // A crash after the journal append and before the state write.
        await WriteStateTextAsync(before);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => registry.PromoteAsync(Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic, Token));
        Assert.Contains("has 2 lines but", e.Message, StringComparison.Ordinal);
        Assert.Contains("records 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.ReadJournalAsync(Family, Token)).Count);

        Assert.True(await (await OpenAsync()).RepairStateAsync(Family, Token));
        Assert.Equal(RegistryStage.Shadow, (await registry.ReadStateAsync(Family, Token)).Get(v).Stage);
        await registry.PromoteAsync(Family, v, RegistryStage.Canary, "r", "nightly", PromotionMode.Automatic, Token);
        Assert.Equal(3, (await registry.ReadJournalAsync(Family, Token)).Count);
        Assert.Equal(Json(await registry.ReadStateAsync(Family, Token)), Json(await registry.ReplayJournalAsync(Family, Token)));
    }

    /// <summary>Invariant: 4 writers, each its own store instance (as 4 silos or steps are), registering 12 versions each
    /// and promoting each to shadow at once, leave a state equal to the journal's replay with every change recorded and
    /// none refused. Without the writer lock, interleaved read–change–write cycles lose changes or leave the journal
    /// longer than the state.</summary>
    [Fact]
    public async Task ConcurrentWritersOnSeveralInstancesLeaveTheStateTheJournalReplays()
    {
        const int writers = 4;
        const int versionsEach = 12;
        var instances = new IModelRegistry[writers];
        for (var w = 0; w < writers; w++)
        {
            instances[w] = await OpenAsync(TimeSpan.FromMinutes(5));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < versionsEach; i++)
            {
                var id = (await instances[w].RegisterAsync(Manifest((ulong)((w * 1000) + i)), Files(), $"writer-{w}", Token)).VersionId;
                await instances[w].PromoteAsync(Family, id, RegistryStage.Shadow, "concurrency test", $"writer-{w}", PromotionMode.Automatic, Token);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(tasks);

        var registry = await OpenAsync();
        var state = await registry.ReadStateAsync(Family, Token);
        var journal = await registry.ReadJournalAsync(Family, Token);
        Assert.Equal(writers * versionsEach, state.Versions.Length);
        Assert.All(state.Versions, v => Assert.Equal(RegistryStage.Shadow, v.Stage));
        Assert.Equal(writers * versionsEach, journal.Count(t => t.Action == RegistryAction.Register));
        Assert.Equal(writers * versionsEach, journal.Count(t => t.Action == RegistryAction.Promote));
        Assert.Equal(journal.Count, state.JournalLength);
        Assert.Equal(Json(state), Json(await registry.ReplayJournalAsync(Family, Token)));
        Assert.False(await registry.RepairStateAsync(Family, Token));
    }

    [Fact]
    public async Task AHeldLockTimesOutNamingTheLockAndChangesNothing()
    {
        var holder = await OpenAsync();
        var v = (await holder.RegisterAsync(Manifest(), Files(), "training", Token)).VersionId;
        var waiter = await OpenAsync(TimeSpan.FromMilliseconds(50));
        TimeoutException e;
        await using (await HoldLockAsync(holder))
        {
            e = await Assert.ThrowsAsync<TimeoutException>(() => waiter.PromoteAsync(Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic, Token));
        }

        Assert.Contains(LockName(holder), e.Message, StringComparison.Ordinal);
        Assert.Single(await holder.ReadJournalAsync(Family, Token));

        // Released: the same change goes through.
        await waiter.PromoteAsync(Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic, Token);
        Assert.Equal(RegistryStage.Shadow, (await holder.ReadStateAsync(Family, Token)).Get(v).Stage);
    }

    private static string Json(FamilyRegistryState state) => JsonSerializer.Serialize(state, RegistryJson.Compact);

    internal static VersionManifest Manifest(ulong seed = 42, DataRegime regime = DataRegime.ProdLive) => new(
        VersionManifest.CurrentFormatVersion,
        Family,
        "chronos-student",
        Schema,
        new Dictionary<string, int> { ["wavelet_ukf"] = 3 },
        new FittedScaler(FittedScaler.CurrentFormatVersion, Schema, [0.1, 0.2, 0.3], [1, 2, 3], 100),
        new DataProvenance(regime, ["AIG", "IBM"], new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 9), 123_456, [new RecordHash("2013-10-07/aig.quotes", new string('a', 64))]),
        "lineage-1",
        [],
        seed,
        "3d15622",
        new string('b', 64),
        [new ModelMetric("sharpe", "daily_agg, 252 days/year", 1.2, "ok", 60, "ratio")],
        [new GateResult("min_sortino", true, "all 3 runs ≥ 1.00")],
        [],
        T0);

    internal static Dictionary<string, byte[]> Files(byte first = 1) => new(StringComparer.Ordinal)
    {
        ["model.safetensors"] = [first, 2, 3, 4],
        ["report.json"] = "{\"loss\":0.5}"u8.ToArray(),
    };
}
