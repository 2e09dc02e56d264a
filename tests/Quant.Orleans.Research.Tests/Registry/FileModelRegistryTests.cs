using System.Text.Json.Nodes;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Registry;

public sealed class FileModelRegistryTests : IDisposable
{
    private readonly TempFolder _root = new("qo-registry");
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(RegistryTestData.T0));

    public void Dispose() => _root.Dispose();

    private FileModelRegistry Open() => new(_root.Path, _clock);

    private static VersionExpectation Expectation() => new("chronos-student", RegistryTestData.Schema);

    [Fact]
    public async Task ARegisteredVersionLoadsBackWithItsFilesAndTheIdIsTheSha256OfItsContent()
    {
        var registry = Open();
        var registered = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        Assert.Equal(registered.ContentHash[..16], registered.VersionId);
        Assert.Equal(ContentAddress.Sha256([1, 2, 3, 4]), registered.Manifest.Files.Single(f => f.Name == "model.safetensors").Sha256);
        Assert.Equal(["model.safetensors", "report.json"], registered.Manifest.Files.Select(f => f.Name));

        // A fresh instance over the same folder reads the same state, journal and files.
        var reopened = Open();
        var loaded = await reopened.LoadAsync(RegistryTestData.Family, registered.VersionId, Expectation());
        Assert.Equal([1, 2, 3, 4], loaded.Files["model.safetensors"]);
        Assert.Equal(RegistryStage.Candidate, loaded.Stage);
        Assert.Equal(registered.Manifest.Seed, loaded.Manifest.Seed);
        Assert.Equal(["0123456789abcdef"], loaded.Manifest.ParentVersions);
        Assert.Equal(3, loaded.Manifest.FeatureVersions["wavelet_ukf"]);
        Assert.Equal(DataRegime.ProdLive, loaded.Manifest.Data.Regime);
        Assert.Equal("daily_agg, 252 days/year", loaded.Manifest.Metrics[0].Method);
        Assert.Equal(registered.ContentHash, ContentAddress.Hash(loaded.Manifest));
        var journal = Assert.Single(await reopened.ReadJournalAsync(RegistryTestData.Family));
        Assert.Equal((1L, RegistryAction.Register, (RegistryStage?)null, RegistryStage.Candidate), (journal.Sequence, journal.Action, journal.From, journal.To));
        Assert.Equal(RegistryTestData.T0, journal.TimeUtc);
        Assert.Equal(
            [FileModelRegistry.LockFile, "journal.jsonl", "registry.json"],
            Directory.GetFiles(registry.FamilyFolder(RegistryTestData.Family)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheIdChangesWithAnyFileByteOrFieldAndNotOtherwise()
    {
        var a = await Open().RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        using var other = new TempFolder("qo-registry");
        var again = await new FileModelRegistry(other.Path, _clock).RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        Assert.Equal(a.VersionId, again.VersionId);

        var registry = Open();
        Assert.Empty((await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training")).Transitions);
        var byte1 = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(first: 9), "training");
        var seed = await registry.RegisterAsync(RegistryTestData.Manifest(seed: 43), RegistryTestData.Files(), "training");
        Assert.Equal(3, new[] { a.VersionId, byte1.VersionId, seed.VersionId }.Distinct().Count());
        Assert.Equal(3, (await registry.ReadStateAsync(RegistryTestData.Family)).Versions.Length);
    }

    [Fact]
    public async Task AChangedArtefactFileIsRefusedNamingTheFileAndBothHashes()
    {
        var registry = Open();
        var v = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        var path = Path.Combine(registry.VersionFolder(RegistryTestData.Family, v.VersionId), "model.safetensors");
        File.WriteAllBytes(path, [1, 2, 3, 5]);
        var e = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId));
        Assert.Contains("field 'files[model.safetensors].sha256'", e.Message, StringComparison.Ordinal);
        Assert.Contains(ContentAddress.Sha256([1, 2, 3, 5]), e.Message, StringComparison.Ordinal);
        Assert.Contains(ContentAddress.Sha256([1, 2, 3, 4]), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditedManifestFieldIsRefusedByTheContentHash()
    {
        var registry = Open();
        var v = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        var path = Path.Combine(registry.VersionFolder(RegistryTestData.Family, v.VersionId), FileModelRegistry.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["seed"] = 7;
        File.WriteAllText(path, json.ToJsonString());
        var e = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId));
        Assert.Contains("field 'content_hash'", e.Message, StringComparison.Ordinal);
        Assert.Contains(v.ContentHash, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownManifestFieldAnExtraFileAndAMissingFileAreRefused()
    {
        var registry = Open();
        var v = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        var folder = registry.VersionFolder(RegistryTestData.Family, v.VersionId);
        File.WriteAllBytes(Path.Combine(folder, "notes.txt"), [1]);
        var extra = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId));
        Assert.Contains("does not list notes.txt", extra.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(folder, "notes.txt"));

        File.Delete(Path.Combine(folder, "report.json"));
        Assert.Contains("report.json is missing", (await Assert.ThrowsAsync<InvalidDataException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId))).Message, StringComparison.Ordinal);

        var path = Path.Combine(folder, FileModelRegistry.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["surprise"] = 1;
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("surprise", (await Assert.ThrowsAsync<InvalidDataException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model_type")]
    [InlineData("schema.version")]
    [InlineData("schema.columns")]
    [InlineData("feature_versions.depth")]
    public async Task AVersionThatDoesNotMatchTheCodeIsRefusedNamingTheField(string field)
    {
        var registry = Open();
        var v = await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training");
        var expected = field switch
        {
            "model_type" => Expectation() with { ModelType = "chronos-teacher" },
            "schema.version" => Expectation() with { Schema = new FeatureSchema(4, RegistryTestData.Schema.Columns) },
            "schema.columns" => Expectation() with { Schema = new FeatureSchema(3, ["slope", "imbalance", "spread"]) },
            _ => Expectation() with { FeatureVersions = new Dictionary<string, int> { ["depth"] = 2 } },
        };
        var e = await Assert.ThrowsAsync<ModelManifestMismatchException>(() => registry.LoadAsync(RegistryTestData.Family, v.VersionId, expected));
        Assert.Contains($"field '{field}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidManifestFieldsAreRefusedAtRegistrationNamingTheField()
    {
        var registry = Open();
        var bad = RegistryTestData.Manifest() with { Normalisation = new FittedScaler(1, new FeatureSchema(3, ["a", "b", "c"]), [0, 0, 0], [1, 1, 1], 5) };
        Assert.Contains("'normalisation.schema'", (await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync(bad, RegistryTestData.Files(), "training"))).Message, StringComparison.Ordinal);
        bad = RegistryTestData.Manifest() with { TrainReportHash = "abc" };
        Assert.Contains("'train_report_hash'", (await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync(bad, RegistryTestData.Files(), "training"))).Message, StringComparison.Ordinal);
        bad = RegistryTestData.Manifest() with { Family = "Bad/Family" };
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync(bad, RegistryTestData.Files(), "training"));
        var files = RegistryTestData.Files();
        files["../escape.bin"] = [1];
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync(RegistryTestData.Manifest(), files, "training"));
        Assert.False(Directory.Exists(registry.FamilyFolder(RegistryTestData.Family)), "nothing written for a refused registration");
    }

    [Fact]
    public async Task StageChangesAreJournaledAppendOnlyAndSurviveReopening()
    {
        var registry = Open();
        var v1 = (await registry.RegisterAsync(RegistryTestData.Manifest(seed: 1), RegistryTestData.Files(), "training")).VersionId;
        var v2 = (await registry.RegisterAsync(RegistryTestData.Manifest(seed: 2), RegistryTestData.Files(), "training")).VersionId;
        var monitor = (await registry.RegisterAsync(RegistryTestData.Manifest(seed: 3, regime: DataRegime.MaintenanceReplay), RegistryTestData.Files(), "research")).VersionId;
        Assert.Equal(RegistryStage.MonitorOnly, (await registry.ReadStateAsync(RegistryTestData.Family)).Get(monitor).Stage);
        await Assert.ThrowsAsync<InvalidOperationException>(() => registry.PromoteAsync(RegistryTestData.Family, monitor, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic));

        var journalPath = Path.Combine(registry.FamilyFolder(RegistryTestData.Family), FileModelRegistry.JournalFile);
        foreach (var id in new[] { v1, v2 })
        {
            var before = File.ReadAllText(journalPath);
            _clock.Advance(TimeSpan.FromHours(1));
            await registry.PromoteAsync(RegistryTestData.Family, id, RegistryStage.Live, "manual go-live", "alice", PromotionMode.Manual);
            Assert.StartsWith(before, File.ReadAllText(journalPath), StringComparison.Ordinal);
        }

        await registry.RollbackAsync(RegistryTestData.Family, v2, "slippage_bp fills: 14 bp > 10 bp", "rollout-rules", manual: false);
        var reopened = Open();
        var state = await reopened.ReadStateAsync(RegistryTestData.Family);
        Assert.Equal(v1, state.Live!.VersionId);
        Assert.Equal(RegistryStage.Retired, state.Get(v2).Stage);
        var journal = await reopened.ReadJournalAsync(RegistryTestData.Family);
        Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(t => t.Sequence));
        Assert.Equal(state.JournalLength, journal.Count);
        Assert.Equal(
            [RegistryAction.Register, RegistryAction.Register, RegistryAction.Register, RegistryAction.Promote, RegistryAction.Supersede, RegistryAction.Promote, RegistryAction.Rollback, RegistryAction.Restore],
            journal.Select(t => t.Action));
        Assert.Equal("rollout-rules", journal[^1].Actor);
        Assert.Equal(RegistryTestData.T0.AddHours(2), journal[^1].TimeUtc);
        Assert.Contains("\"action\":\"supersede\"", File.ReadAllLines(journalPath)[4], StringComparison.Ordinal);

        // The journal alone (with the version folders) describes the same state.
        Assert.Equal(Json(state), Json(await reopened.ReplayJournalAsync(RegistryTestData.Family)));
        Assert.False(await reopened.RepairStateAsync(RegistryTestData.Family));
    }

    /// <summary>Invariant: writers on several tasks, each with its own registry instance (so each opens the lock file
    /// itself, as two processes do), registering and promoting at once leave a state equal to the journal's replay, with
    /// every change recorded and none refused. Without the lock, interleaved read–change–write cycles lose changes or
    /// leave the journal longer than the state (refused by the next change).</summary>
    [Fact]
    public async Task ConcurrentWritersLeaveTheStateTheJournalReplaysAndRefuseNothing()
    {
        const int writers = 4;
        const int versionsEach = 12;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var registry = new FileModelRegistry(_root.Path);
            await start.Task;
            for (var i = 0; i < versionsEach; i++)
            {
                try
                {
                    var id = (await registry.RegisterAsync(RegistryTestData.Manifest((ulong)((w * 1000) + i)), RegistryTestData.Files(), $"writer-{w}")).VersionId;
                    await registry.PromoteAsync(RegistryTestData.Family, id, RegistryStage.Shadow, "concurrency test", $"writer-{w}", PromotionMode.Automatic);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writerTasks);

        Assert.Empty(errors);
        var registry = Open();
        var state = await registry.ReadStateAsync(RegistryTestData.Family);
        var journal = await registry.ReadJournalAsync(RegistryTestData.Family);
        Assert.Equal(writers * versionsEach, state.Versions.Length);
        Assert.Equal(writers * versionsEach, journal.Count(t => t.Action == RegistryAction.Register));
        Assert.Equal(writers * versionsEach, journal.Count(t => t.Action == RegistryAction.Promote));
        Assert.Equal(journal.Count, state.JournalLength);
        Assert.Equal(Json(state), Json(await registry.ReplayJournalAsync(RegistryTestData.Family)));
        Assert.False(await registry.RepairStateAsync(RegistryTestData.Family));
    }

    [Fact]
    public async Task AWriterThatCannotTakeTheLockInTimeThrowsNamingTheLockFileAndChangesNothing()
    {
        var holder = Open();
        var v = (await holder.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training")).VersionId;
        var journalBefore = (await holder.ReadJournalAsync(RegistryTestData.Family)).Count;
        var waiter = new FileModelRegistry(_root.Path, _clock, TimeSpan.FromMilliseconds(50));
        TimeoutException e;
        await using (await holder.LockAsync(RegistryTestData.Family))
        {
            e = await Assert.ThrowsAsync<TimeoutException>(() => waiter.PromoteAsync(RegistryTestData.Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic));
        }

        Assert.Contains(Path.Combine(holder.FamilyFolder(RegistryTestData.Family), FileModelRegistry.LockFile), e.Message, StringComparison.Ordinal);
        Assert.Equal(journalBefore, (await holder.ReadJournalAsync(RegistryTestData.Family)).Count);

        // Released: the same change goes through.
        await waiter.PromoteAsync(RegistryTestData.Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic);
        Assert.Equal(RegistryStage.Shadow, (await holder.ReadStateAsync(RegistryTestData.Family)).Get(v).Stage);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileModelRegistry(_root.Path, _clock, TimeSpan.Zero));
    }

    private static string Json(FamilyRegistryState state) => System.Text.Json.JsonSerializer.Serialize(state, RegistryJson.Compact);

    /// <summary>Property: after any seeded sequence of changes through the store, replaying the journal gives the
    /// stored state exactly.</summary>
    [Fact]
    public async Task ReplayingTheJournalGivesTheStoredStateAfterRandomChanges()
    {
        var random = new Random(7);
        var registry = Open();
        var ids = new List<string>();
        for (var step = 0; step < 120; step++)
        {
            if (step % 6 == 0)
            {
                // A new version every 6 steps (every third from replayed data): retired versions are terminal.
                var regime = ids.Count % 3 == 2 ? DataRegime.MaintenanceReplay : DataRegime.ProdLive;
                ids.Add((await registry.RegisterAsync(RegistryTestData.Manifest((ulong)ids.Count, regime), RegistryTestData.Files(), "training")).VersionId);
            }

            var id = ids[random.Next(Math.Max(0, ids.Count - 4), ids.Count)];
            try
            {
                await (random.Next(4) switch
                {
                    0 => registry.PromoteAsync(RegistryTestData.Family, id, (RegistryStage)(1 + random.Next(3)), "r", "nightly", PromotionMode.Automatic),
                    1 => registry.PromoteAsync(RegistryTestData.Family, id, (RegistryStage)(1 + random.Next(3)), "r", "alice", PromotionMode.Manual),
                    2 => registry.RollbackAsync(RegistryTestData.Family, (await registry.ReadStateAsync(RegistryTestData.Family)).Live?.VersionId ?? id, "r", "rollout-rules", manual: false),
                    _ => registry.RetireAsync(RegistryTestData.Family, id, "r", "alice", manual: true),
                });
            }
            catch (InvalidOperationException)
            {
            }
        }

        var state = await registry.ReadStateAsync(RegistryTestData.Family);
        var actions = (await registry.ReadJournalAsync(RegistryTestData.Family)).Select(t => t.Action).ToHashSet();
        Assert.True(state.JournalLength > 40, $"only {state.JournalLength} transitions");
        Assert.Superset(new HashSet<RegistryAction> { RegistryAction.Supersede, RegistryAction.Rollback, RegistryAction.Restore, RegistryAction.Retire }, actions);
        Assert.Equal(Json(state), Json(await registry.ReplayJournalAsync(RegistryTestData.Family)));
    }

    [Fact]
    public async Task AJournalLongerThanTheStateIsReportedAndRepairedFromTheJournal()
    {
        var registry = Open();
        var v = (await registry.RegisterAsync(RegistryTestData.Manifest(), RegistryTestData.Files(), "training")).VersionId;
        var folder = registry.FamilyFolder(RegistryTestData.Family);
        var statePath = Path.Combine(folder, FileModelRegistry.StateFile);
        var stateBefore = File.ReadAllText(statePath);
        await registry.PromoteAsync(RegistryTestData.Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic);

        // Simulate a crash after the journal append and before the state write.
        File.WriteAllText(statePath, stateBefore);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => registry.PromoteAsync(RegistryTestData.Family, v, RegistryStage.Shadow, "r", "nightly", PromotionMode.Automatic));
        Assert.Contains("has 2 lines but", e.Message, StringComparison.Ordinal);
        Assert.Contains("records 1", e.Message, StringComparison.Ordinal);

        // Replaying the journal restores the change that was journaled; the family then accepts changes again.
        Assert.True(await registry.RepairStateAsync(RegistryTestData.Family));
        Assert.Equal(RegistryStage.Shadow, (await registry.ReadStateAsync(RegistryTestData.Family)).Get(v).Stage);
        await registry.PromoteAsync(RegistryTestData.Family, v, RegistryStage.Canary, "r", "nightly", PromotionMode.Automatic);
        Assert.Equal(3, (await registry.ReadJournalAsync(RegistryTestData.Family)).Count);
    }
}
