using System.Reflection;
using System.Text.Json;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Grains.Rollout;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 4 of the <c>student</c> family, <c>register</c>: puts the distilled teacher (family
/// <c>&lt;family&gt;-teacher</c>) and then the student (family <c>&lt;family&gt;</c>) into the
/// silo's registry store (<see cref="StudentTrainingPaths.OpenRegistry"/>: files under <c>&lt;Storage:Path&gt;/registry</c>, or Azure Blob storage in a cluster). Each version's files are its model
/// folder's (<c>model.safetensors</c>, <c>report.json</c>, and the folder's own manifest as
/// <c>model-manifest.json</c>), and for the student its drift reference (<c>drift-reference.json</c>, built on its last
/// training day by <see cref="StudentDriftReference"/>); its manifest records the model type, the feature schema and scaler, the data range with
/// each record source's SHA-256 (regime from <see cref="TrainingData.Regime"/>: <c>maintenance_replay</c> for the
/// replayed days), the teacher's version id as the student's parent, the seed, the code version (the Silo assembly's
/// informational version), the <c>evaluate</c> step's metrics and, when a <c>validate</c> step ran, its metrics (each
/// with its method) and its promotion-gate results (<see cref="GateResult"/>). Replayed data makes both versions
/// <b>monitor-only</b>: never promoted automatically.
/// Idempotent: the same content registers under the same id and journals nothing the second time.
/// Artefact: the student's version folder and its content hash.
/// </summary>
/// <param name="paths">Where the run's folders and the registry are.</param>
public sealed class RegisterStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "register";

    /// <summary>The name the model folder's own manifest gets among a version's files (the registry keeps
    /// <c>manifest.json</c> for its manifest).</summary>
    public const string ModelManifestFile = ServedStudentCatalog.ModelManifestFile;

    /// <summary>Who the journal names for registrations.</summary>
    public const string Actor = "training";

    /// <inheritdoc />
    public string Name => StepName;

    /// <summary>The code version recorded in manifests: the Silo assembly's informational version (the build's version
    /// and, when built from git, its commit).</summary>
    public static string CodeVersion =>
        typeof(RegisterStep).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RegisterStep).Assembly.GetName().Version?.ToString()
        ?? "unversioned";

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var studentFolder = EvaluateStep.StudentFolder(context);
        var metricsPath = context.Previous.FirstOrDefault(r => r.StepName == EvaluateStep.StepName)?.Artefact.ArtefactPath;
        var metrics = metricsPath is null
            ? []
            : JsonSerializer.Deserialize<ModelMetric[]>(await File.ReadAllBytesAsync(metricsPath, cancellationToken), RegistryJson.Indented) ?? [];
        var student = ModelFolder.ReadManifest(studentFolder);
        var teacherFolder = Path.Combine(Path.GetDirectoryName(studentFolder)!, student.ParentTeacherVersion
            ?? throw new InvalidDataException($"'{studentFolder}': the student's manifest names no parent teacher."));
        var teacher = ModelFolder.ReadManifest(teacherFolder);
        var report = JsonSerializer.Deserialize<ReportData>(await File.ReadAllTextAsync(Path.Combine(studentFolder, ModelFolder.ReportFile), cancellationToken), DistillationModelStore.ReportJson)
            ?? throw new InvalidDataException($"'{Path.Combine(studentFolder, ModelFolder.ReportFile)}' holds no report.");
        var sources = report.Data?.Sources ?? throw new InvalidDataException($"'{Path.Combine(studentFolder, ModelFolder.ReportFile)}' lists no data sources.");
        var validation = ValidateStep.Read(context);
        if (validation is not null)
        {
            metrics = [.. metrics, .. validation.Metrics];
        }

        GateResult[] gates = validation?.Gates ?? [];
        var input = TrainingData.Input(paths.Settings);
        var data = new DataProvenance(
            input.Regime,
            student.Data.Symbols,
            student.Data.Days.Min(),
            student.Data.Days.Max(),
            sources.Sum(s => s.Records),
            sources.Select(s => new RecordHash(s.RelativePath, s.Sha256))
                .Concat(TrainingData.RecordHashes(input.Records.Where(r => student.Data.Days.Contains(r.Day)), sources.Select(s => new RecordHash(s.RelativePath, s.Sha256))))
                .OrderBy(s => s.Source, StringComparer.Ordinal)
                .ToArray());
        var seed = paths.Settings.Training.Seed;
        var registry = paths.OpenRegistry();

        var teacherVersion = await registry.RegisterAsync(Draft(context.Family + "-teacher", teacher, data, [], seed, [], []), Files(teacherFolder), Actor, cancellationToken);
        var studentFiles = Files(studentFolder);
        studentFiles[DriftReference.FileName] = (await Task.Run(() => DriftReferenceOf(studentFolder, student), cancellationToken)).ToJson();
        var studentVersion = await registry.RegisterAsync(Draft(context.Family, student, data, [teacherVersion.VersionId], seed, metrics, gates), studentFiles, Actor, cancellationToken);
        return new TrainingArtefact(
            registry.Location(context.Family, studentVersion.VersionId),
            studentVersion.ContentHash,
            [new TrainingMetric("metrics", metrics.Length), new TrainingMetric("monitor_only", studentVersion.Manifest.IsMonitorOnly ? 1 : 0)]);
    }

    /// <summary>The student's drift reference (<see cref="StudentDriftReference"/>) on its last training day: the
    /// distribution the rollout compares what the version serves with (docs/rollout.md).</summary>
    private DriftReference DriftReferenceOf(string studentFolder, ModelManifest student)
    {
        var settings = paths.Settings;
        var model = Grains.Symbols.StudentModel.Load(studentFolder, TimeSpan.FromSeconds(settings.Strategy.HorizonSeconds));
        return StudentDriftReference.Build(model, Path.GetFullPath(settings.Replay.DataFolder), student.Data.Symbols, [student.Data.Days.Max()]);
    }

    private static VersionManifest Draft(string family, ModelManifest model, DataProvenance data, string[] parents, ulong seed, ModelMetric[] metrics, GateResult[] gates) => new(
        VersionManifest.CurrentFormatVersion,
        family,
        model.ModelType,
        model.Schema,
        new Dictionary<string, int>(),
        model.Scaler,
        data,
        LineageId: $"{family}-seed-{seed}",
        parents,
        seed,
        CodeVersion,
        model.TrainReportHash,
        metrics,
        gates,
        [],
        model.CreatedUtc);

    private static Dictionary<string, byte[]> Files(string modelFolder) => Directory.GetFiles(modelFolder).ToDictionary(
        f => Path.GetFileName(f) == ModelFolder.ManifestFile ? ModelManifestFile : Path.GetFileName(f),
        File.ReadAllBytes,
        StringComparer.Ordinal);

    /// <summary>The part of the distillation's <c>report.json</c> this step reads.</summary>
    /// <param name="Data">The data block.</param>
    private sealed record ReportData(ReportSources? Data);

    /// <summary>The record sources of the data sets.</summary>
    /// <param name="Sources">Each source with its SHA-256 and record count.</param>
    private sealed record ReportSources(DatasetSource[]? Sources);
}
