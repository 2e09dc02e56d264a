using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Research;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 1 of the <c>judge</c> family, <c>judge-train</c>: the candidates the grid meets out of sample on the replay's
/// days (the <c>compare</c> command's recording pass: Reckless profile, fit on d − 1, trade d, a fresh private silo per
/// day), then a judge trained on every recorded candidate that passed the regime gate
/// (<see cref="JudgeRecordingTrainer"/>: purged k-fold with embargo, Platt, threshold; the <c>tiny</c> model uses one
/// grid point and 3 folds) and written with <see cref="JudgeModelFolder"/> to <c>&lt;work folder&gt;/judge</c>, the
/// recordings beside it in <c>&lt;work folder&gt;/recording</c>. Idempotent: each execution writes its own work folder
/// (<see cref="TrainingStepContext.WorkFolder"/>), published whole by a rename. Artefact: the folder and the SHA-256 of its
/// <c>model.zip</c>; metrics: rows, positives, out-of-fold AUC, threshold, d.
/// </summary>
/// <param name="paths">Where the run's folders are.</param>
public sealed class JudgeTrainStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "judge-train";

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = paths.Settings;
        var input = TrainingData.Input(settings);
        var days = input.Days;
        if (days.Length < 2)
        {
            throw new InvalidOperationException($"Replay:From..Replay:To ({settings.Replay.From:yyyy-MM-dd}..{settings.Replay.To:yyyy-MM-dd}) has {days.Length} trading day(s); the judge needs one out-of-sample day after the first.");
        }

        return await TrainingData.PublishAsync(context.WorkFolder, async temp =>
        {
            var artefact = await TrainAsync(settings, days, temp, progress, cancellationToken);
            return artefact with { ArtefactPath = TrainingData.Published(temp, context.WorkFolder, artefact.ArtefactPath!) };
        });
    }

    private static async Task<TrainingArtefact> TrainAsync(SiloSettings settings, DateOnly[] days, string run, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        progress.Report(new TrainingProgress(0, 0, double.NaN, null, $"recording candidates out of sample on {days[1]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}"));
        var recordingSettings = settings.Strategy.WithProfile(StrategyProfile.Reckless, null);
        var strategy = recordingSettings.ToOptions(settings.Risk);
        var window = CompareCommand.Window(settings.Replay, days[0], days[^1], Path.Combine(run, "recording"));
        var recordings = await CompareCommand.RecordOutOfSampleAsync(settings, recordingSettings, window, 1, cancellationToken);
        progress.Report(new TrainingProgress(0, 0, double.NaN, null, "training the judge (purged k-fold)"));
        var set = JudgeRecordingTrainer.Build([.. recordings.Values], CompareCommand.JudgeRecordingOptions(strategy, until: null));
        var training = settings.Training.Model == "tiny"
            ? new JudgeTrainingOptions { TreeCounts = [100], LeafCounts = [15], LearningRates = [0.05], Folds = 3, Seed = (int)(settings.Training.Seed % int.MaxValue) }
            : new JudgeTrainingOptions { Seed = (int)(settings.Training.Seed % int.MaxValue) };
        var model = await Task.Run(() => JudgeRecordingTrainer.Train(set, training), cancellationToken);
        var folder = Path.Combine(run, "judge");
        var written = JudgeModelFolder.Write(folder, model, set.Data, [.. Enumerable.Range(0, set.Data.Rows)]);
        return new TrainingArtefact(
            folder,
            written.ModelHash,
            [
                new TrainingMetric("rows", set.Data.Rows),
                new TrainingMetric("positives", set.Data.Labels.Count(l => l == 1)),
                new TrainingMetric("oof_auc", model.CvReport.OutOfFoldAuc),
                new TrainingMetric("threshold", model.Threshold),
                new TrainingMetric("fractional_d", set.FractionalDifference.Order),
            ]);
    }
}

/// <summary>
/// Step 2 of the <c>judge</c> family, <c>judge-register</c>: puts the trained judge (its folder's <c>model.zip</c> and
/// its manifest as <c>judge-manifest.json</c>) into the silo's registry store (<see cref="StudentTrainingPaths.OpenRegistry"/>) as a version of family
/// <c>judge</c>: model type <c>judge-fasttree</c>, the feature schema, the data range of the recorded days with the
/// SHA-256 of every Lean file replayed (regime <c>maintenance_replay</c>, so the version is <b>monitor-only</b>),
/// the seed, the code version and the out-of-fold AUC (method: purged k-fold with embargo, out of fold).
/// Idempotent: the same content registers under the same id.
/// </summary>
/// <param name="paths">Where the run's folders and the registry are.</param>
public sealed class JudgeRegisterStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "judge-register";

    /// <summary>The name the judge folder's own manifest gets among a version's files.</summary>
    public const string JudgeManifestFile = "judge-manifest.json";

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trained = context.Previous.FirstOrDefault(r => r.StepName == JudgeTrainStep.StepName)
            ?? throw new InvalidOperationException($"The {StepName} step needs the {JudgeTrainStep.StepName} step's result.");
        var folder = trained.Artefact.ArtefactPath ?? throw new InvalidDataException($"The {JudgeTrainStep.StepName} step left no folder.");
        var settings = paths.Settings;
        var strategy = settings.Strategy.WithProfile(StrategyProfile.Reckless, null).ToOptions(settings.Risk);
        var model = JudgeModelFolder.Read(folder, strategy.JudgeFeatures.Schema());
        var input = TrainingData.Input(settings);
        var days = input.Days;
        var symbols = settings.Replay.Symbols.Select(s => s.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();
        var sources = TrainingData.Sources(settings, symbols, input);
        // Trained on private replays of the days (maintenance data), whatever the day records say: monitor-only.
        var data = new DataProvenance(DataRegime.MaintenanceReplay, symbols, days[0], days[^1], (long)trained.Artefact.Metrics.First(m => m.Name == "rows").Value, sources);
        var seed = settings.Training.Seed;
        var manifest = new VersionManifest(
            VersionManifest.CurrentFormatVersion,
            context.Family,
            JudgeModelFolder.ModelType,
            model.Schema,
            new Dictionary<string, int> { ["judge_features"] = JudgeFeatures.SchemaVersion },
            null,
            data,
            LineageId: $"{context.Family}-seed-{seed}",
            [],
            seed,
            RegisterStep.CodeVersion,
            trained.Artefact.ArtefactSha256 ?? string.Empty,
            [new ModelMetric("oof_auc", "purged k-fold with embargo, out-of-fold scores of the chosen grid point", model.CvReport.OutOfFoldAuc, double.IsFinite(model.CvReport.OutOfFoldAuc) ? "ok" : "undefined", (int)data.Records, "auc")],
            [],
            [],
            File.GetLastWriteTimeUtc(Path.Combine(folder, JudgeModelFolder.ModelFile)));
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [JudgeModelFolder.ModelFile] = File.ReadAllBytes(Path.Combine(folder, JudgeModelFolder.ModelFile)),
            [JudgeManifestFile] = File.ReadAllBytes(Path.Combine(folder, "manifest.json")),
        };
        var registry = paths.OpenRegistry();
        var version = await registry.RegisterAsync(manifest, files, RegisterStep.Actor, cancellationToken);
        return new TrainingArtefact(
            registry.Location(context.Family, version.VersionId),
            version.ContentHash,
            [new TrainingMetric("monitor_only", version.Manifest.IsMonitorOnly ? 1 : 0)]);
    }
}
