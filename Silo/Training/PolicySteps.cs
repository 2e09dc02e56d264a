using System.Globalization;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Policy;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Research;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 1 of the <c>policy</c> family, <c>policy-train</c>: the <c>policy</c> command's training
/// (<see cref="PolicyCommand.TrainDay"/>, the same code): the candidates the Baseline grid meets out of sample on the
/// replay's days (Kelly sizing, fit on d − 1, trade d, a fresh private silo per day:
/// <c>CompareCommand.RecordOutOfSampleAsync</c>), their rotten apples (<see cref="RottenApples"/>: the candidates the
/// Baseline sends, with the forward return over the trading horizon), and a Beta policy head trained with GRPO
/// (Shao et al. 2024) on every apple before the day after the range, the last 20 % of them in time validating (early
/// stopping on the serving reward). <c>Training:Model tiny</c> trains at most 3 epochs, <c>default</c> 20. With fewer
/// than <see cref="PolicyCommand.MinimumApples"/> apples the seeded initial head is written and the metric
/// <c>trained</c> is 0. Writes <c>&lt;work folder&gt;/policy</c> (<see cref="PolicyModelFolder"/>) and the recordings
/// beside it, published whole. Artefact: the policy folder and its weights' SHA-256; metrics: apples, trained, epochs,
/// best validation serving reward (ln-return per decision), mean |serving position|.
/// </summary>
/// <param name="paths">Where the run's folders and the trial registry are.</param>
public sealed class PolicyTrainStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "policy-train";

    /// <inheritdoc />
    public string Name => StepName;

    /// <summary>The GRPO settings the step trains with: the <c>policy</c> command's defaults, the training seed, and at
    /// most 3 epochs for <c>Training:Model tiny</c>.</summary>
    /// <param name="training">The training settings.</param>
    /// <param name="trialRegistry">The trial registry file (recorded in the options; the step records no trial).</param>
    /// <returns>The options.</returns>
    public static PolicyCommand.Options Options(TrainingSettings training, string trialRegistry)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new PolicyCommand.Options(TrainDays: 1, trialRegistry, Epochs: training.Model == "tiny" ? 3 : 20, Seed: training.Seed);
    }

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
            throw new InvalidOperationException($"Replay:From..Replay:To ({settings.Replay.From:yyyy-MM-dd}..{settings.Replay.To:yyyy-MM-dd}) has {days.Length} trading day(s); the policy needs one out-of-sample day after the first.");
        }

        var options = Options(settings.Training, TrialRegistry.DefaultPath(settings.Storage.Path));
        return await TrainingData.PublishAsync(context.WorkFolder, async temp =>
        {
            progress.Report(new TrainingProgress(0, options.Epochs, double.NaN, null, $"recording Baseline candidates out of sample on {days[1]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}"));
            var baseline = settings.Strategy.WithProfile(StrategyProfile.Baseline, null);
            baseline.Sizing = "kelly";
            var strategy = baseline.ToOptions(settings.Risk);
            var window = CompareCommand.Window(settings.Replay, days[0], days[^1], Path.Combine(temp, "recording"));
            var recordings = (await CompareCommand.RecordOutOfSampleAsync(settings, baseline, window, 1, cancellationToken)).Values.ToList();
            var next = days[^1].AddDays(1); // the policy trades after the range: every recorded apple is before it
            var apples = new RottenAppleOptions
            {
                Horizon = strategy.Session.Training.Horizon,
                Cadence = strategy.JudgeCadence,
                Calendar = strategy.JudgeFeatures.Calendar,
                Eligible = PolicyCommand.BaselineEligible(strategy.JudgeMinimumRatio),
                Until = next,
            };
            progress.Report(new TrainingProgress(0, options.Epochs, double.NaN, null, "training the policy head with GRPO"));
            var folder = Path.Combine(temp, "policy");
            var policy = await Task.Run(() => PolicyCommand.TrainDay(recordings, apples, next, options, folder), cancellationToken);
            var manifest = PolicyModelFolder.ReadManifest(folder);
            var positions = policy.ServingPositions;
            return new TrainingArtefact(
                TrainingData.Published(temp, context.WorkFolder, folder),
                manifest.WeightsSha256,
                [
                    new TrainingMetric("apples", policy.Apples),
                    new TrainingMetric("trained", policy.Report is null ? 0 : 1),
                    new TrainingMetric("epochs", policy.Report?.EpochsRun ?? 0),
                    new TrainingMetric("best_validation_serving_reward", policy.Report is { } r ? -r.BestValidationLoss : double.NaN),
                    new TrainingMetric("mean_abs_serving_position", positions.Length == 0 ? double.NaN : positions.Average(p => Math.Abs(p))),
                ]);
        });
    }
}

/// <summary>
/// Step 2 of the <c>policy</c> family, <c>policy-register</c>: puts the trained head (<c>model.safetensors</c> and its
/// folder manifest as <c>policy-manifest.json</c>) into the silo's registry store (<see cref="StudentTrainingPaths.OpenRegistry"/>) as a version of family
/// <c>policy</c>: model type <c>policy-beta</c>, the state schema (<see cref="PolicyFeatureSchema"/>), the data range of
/// the recorded days with the SHA-256 of every Lean file replayed (regime from <see cref="TrainingData.Regime"/>:
/// replayed data, so the version is <b>monitor-only</b>), the seed, the code version, the metrics with their methods,
/// and as parent the registered <c>student</c> version the recording grid served when <c>Strategy:StudentModel</c> names
/// a folder whose manifest equals a registered student version's (none when the grid ran the ridge baseline or an
/// unregistered student). Idempotent: the same content registers under the same id.
/// </summary>
/// <param name="paths">Where the registry is.</param>
public sealed class PolicyRegisterStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "policy-register";

    /// <summary>The name the policy folder's own manifest gets among a version's files.</summary>
    public const string PolicyManifestFile = "policy-manifest.json";

    /// <summary>The family whose registered versions can be a policy's parent.</summary>
    public const string StudentFamily = "student";

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trained = context.Previous.FirstOrDefault(r => r.StepName == PolicyTrainStep.StepName)
            ?? throw new InvalidOperationException($"The {StepName} step needs the {PolicyTrainStep.StepName} step's result.");
        var folder = trained.Artefact.ArtefactPath ?? throw new InvalidDataException($"The {PolicyTrainStep.StepName} step left no folder.");
        var loaded = PolicyModelFolder.Read(folder); // checks the weights' hash and the state schema
        var metric = trained.Artefact.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        var settings = paths.Settings;
        var input = TrainingData.Input(settings);
        var days = input.Days;
        var symbols = TrainingData.Symbols(settings).Order(StringComparer.Ordinal).ToArray();
        var apples = (int)metric["apples"];
        // Trained on private replays of the days (maintenance data), whatever the day records say: monitor-only.
        var data = new DataProvenance(DataRegime.MaintenanceReplay, symbols, days[0], days[^1], apples, TrainingData.Sources(settings, symbols, input));
        var registry = paths.OpenRegistry();
        var manifest = loaded.Manifest;
        var trainedText = metric["trained"] > 0
            ? string.Create(CultureInfo.InvariantCulture, $"GRPO (Shao et al. 2024), group size {PolicyTrainStep.Options(settings.Training, "-").GroupSize}, {metric["epochs"]:0} epoch(s), early stopping on the validation serving reward (last 20 % of the apples in time)")
            : $"not trained: fewer than {PolicyCommand.MinimumApples} apples, the seeded initial head";
        var where = $"{apples} rotten apples of the Baseline's out-of-sample candidates on {days[1]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}";
        var metrics = new List<ModelMetric>
        {
            new("apples", $"rotten apples (candidates the Baseline sends, regime gate passed and |μ|/σ ≥ the judge's minimum ratio) of the out-of-sample days {days[1]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}", apples, "ok", apples, "count"),
            Metric("best_validation_serving_reward", $"mean GRPO trading reward p·R − (half-spread + fee)·|p| − λ·p²·σ² of the serving position (α − β)/(α + β) on the validation apples at the best epoch; {trainedText}; {where}", metric["best_validation_serving_reward"], apples, "ln-return per decision"),
            Metric("mean_abs_serving_position", $"mean |(α − β)/(α + β)| of the written head over every apple; {where}", metric["mean_abs_serving_position"], apples, "fraction"),
        };
        var parents = await ParentsAsync(registry, settings.Strategy.StudentModel, cancellationToken);
        var version = await registry.RegisterAsync(
            new VersionManifest(
                VersionManifest.CurrentFormatVersion,
                context.Family,
                PolicyModelFolder.ModelType,
                new FeatureSchema(manifest.FeatureSchema.Version, manifest.FeatureSchema.Columns),
                new Dictionary<string, int> { ["policy_state"] = manifest.FeatureSchema.Version },
                null,
                data,
                LineageId: $"{context.Family}-seed-{manifest.Seed}",
                parents,
                manifest.Seed,
                RegisterStep.CodeVersion,
                manifest.TrainingDataHash,
                [.. metrics],
                [],
                [],
                manifest.CreatedUtc.UtcDateTime),
            new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [PolicyModelFolder.WeightsFile] = File.ReadAllBytes(Path.Combine(folder, PolicyModelFolder.WeightsFile)),
                [PolicyManifestFile] = File.ReadAllBytes(Path.Combine(folder, PolicyModelFolder.ManifestFile)),
            },
            RegisterStep.Actor,
            cancellationToken);
        return new TrainingArtefact(
            registry.Location(context.Family, version.VersionId),
            version.ContentHash,
            [new TrainingMetric("monitor_only", version.Manifest.IsMonitorOnly ? 1 : 0), new TrainingMetric("parents", version.Manifest.ParentVersions.Length)]);
    }

    /// <summary>The registered <c>student</c> version whose folder manifest (<c>model-manifest.json</c>) equals the
    /// manifest of <paramref name="studentModel"/>, the student folder the recording grid served; none when no folder
    /// is configured or none matches.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="studentModel">The <c>Strategy:StudentModel</c> folder, or null.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    /// <returns>Zero or one version id.</returns>
    /// <remarks>Each candidate's manifest is read through <see cref="IModelRegistry.LoadManifestAsync"/> (checked against
    /// the family's state) and its <c>model-manifest.json</c> entry compared by size and SHA-256 with the served file, so
    /// no artefact is downloaded; a version whose manifest cannot be read is not a parent.</remarks>
    public static async Task<string[]> ParentsAsync(IModelRegistry registry, string? studentModel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (string.IsNullOrWhiteSpace(studentModel) || !File.Exists(Path.Combine(studentModel, "manifest.json")))
        {
            return [];
        }

        var served = File.ReadAllBytes(Path.Combine(studentModel, "manifest.json"));
        var servedHash = ContentAddress.Sha256(served);
        foreach (var entry in Enumerable.Reverse((await registry.ReadStateAsync(StudentFamily, cancellationToken)).Versions))
        {
            VersionManifest manifest;
            try
            {
                manifest = await registry.LoadManifestAsync(StudentFamily, entry.VersionId, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or global::Quant.Orleans.Research.Models.ModelManifestMismatchException)
            {
                continue;
            }

            if (manifest.Files.Any(f => f.Name == RegisterStep.ModelManifestFile && f.Bytes == served.LongLength && f.Sha256 == servedHash))
            {
                return [entry.VersionId];
            }
        }

        return [];
    }

    /// <summary>TrainingMetric holds NaN for "none"; the registry keeps null with status <c>undefined</c>.</summary>
    private static ModelMetric Metric(string name, string method, double value, int observations, string unit) =>
        new(name, method, double.IsFinite(value) ? value : null, double.IsFinite(value) ? "ok" : "undefined", observations, unit);
}
