using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>A teacher and student read back from their model folders (for a nightly refresh or for serving).</summary>
/// <param name="Teacher">The teacher.</param>
/// <param name="Student">The student.</param>
/// <param name="Loss">The student's loss with its learned uncertainty weights.</param>
/// <param name="TeacherManifest">The teacher's manifest.</param>
/// <param name="StudentManifest">The student's manifest.</param>
public sealed record LoadedModels(ChronosTeacher Teacher, ChronosStudent Student, StudentTradingLoss Loss, ModelManifest TeacherManifest, ModelManifest StudentManifest);

/// <summary>
/// Writes a trained teacher and student as two model folders (<see cref="ModelFolder"/>: weights, manifest, report)
/// under a models folder, named by version, and reads them back, refusing a folder whose manifest does not match
/// this code (schema, horizons, cadence, window, quantiles).
/// </summary>
public static class DistillationModelStore
{
    /// <summary>Model type of the teacher.</summary>
    public const string TeacherType = "chronos-teacher";

    /// <summary>Model type of the student.</summary>
    public const string StudentType = "chronos-student";

    /// <summary>JSON rules of the reports (snake_case, indented; NaN written as "NaN").</summary>
    public static JsonSerializerOptions ReportJson { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What this code requires of a student folder.</summary>
    /// <param name="options">The configuration.</param>
    /// <returns>The expectation.</returns>
    public static ModelExpectation StudentExpectation(DistillationOptions options) =>
        new(StudentType, DistillationSamples.StudentInputSchema, Horizons(options), options.Dataset.Cadence.TotalSeconds, options.StudentWindow, Levels(options));

    /// <summary>What this code requires of a teacher folder.</summary>
    /// <param name="options">The configuration.</param>
    /// <returns>The expectation.</returns>
    public static ModelExpectation TeacherExpectation(DistillationOptions options) =>
        new(TeacherType, DistillationSamples.TeacherInputSchema, Horizons(options), options.Dataset.Cadence.TotalSeconds, options.TeacherTokens, Levels(options));

    /// <summary>Writes both folders.</summary>
    /// <param name="modelsFolder">The parent folder (e.g. <c>runs/models</c>).</param>
    /// <param name="models">The trained models.</param>
    /// <param name="days">The data sets trained on (their sources are hashed into the manifests).</param>
    /// <param name="options">The configuration.</param>
    /// <param name="studentReport">The student's report object (serialised to <c>report.json</c>).</param>
    /// <param name="previous">The models this training was warm-started from, or null.</param>
    /// <returns>The folders and manifests written.</returns>
    public static (string TeacherFolder, ModelManifest Teacher, string StudentFolder, ModelManifest Student) Write(
        string modelsFolder, TrainedModels models, IReadOnlyList<DistillationDay> days, DistillationOptions options, object studentReport, LoadedModels? previous)
    {
        ArgumentNullException.ThrowIfNull(models);
        var data = new TrainingDataRange(
            days.Select(d => d.Symbol).Distinct(StringComparer.Ordinal).ToArray(),
            models.TrainingDays,
            SourceHash(days));
        var last = models.TrainingDays[^1].ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        var teacherWeights = SafeTensors.Serialize(models.Teacher.StateDict());
        var teacherVersion = $"{TeacherType}-{last}-{ModelFolder.Sha256(teacherWeights)[..8]}";
        // The path columns are scaled per window (not standardised): identity entries in the saved scaler.
        var teacherScaler = new FittedScaler(
            FittedScaler.CurrentFormatVersion,
            DistillationSamples.TeacherInputSchema,
            [.. models.TeacherScaler.Mean, .. models.StudentScaler.Mean, 0, 0],
            [.. models.TeacherScaler.Scale, .. models.StudentScaler.Scale, 1, 1],
            models.TeacherScaler.TrainingRows);
        var teacherManifest = Manifest(TeacherType, teacherVersion, DistillationSamples.TeacherInputSchema, teacherScaler, models, options, data, options.TeacherTokens, DistillationPipeline.TeacherConfig(options).ToArchitecture(), parent: null, previous?.TeacherManifest.Version);
        var teacherReport = JsonSerializer.Serialize(new { model = teacherVersion, training = models.TeacherReport, data }, ReportJson);
        var teacherFolder = Path.Combine(modelsFolder, teacherVersion);
        teacherManifest = ModelFolder.Write(teacherFolder, teacherManifest, teacherWeights, teacherReport);

        var studentState = models.Student.StateDict();
        foreach (var (name, tensor) in models.Loss.StateDict())
        {
            studentState["loss." + name] = tensor;
        }

        var studentWeights = SafeTensors.Serialize(studentState);
        var studentVersion = $"{StudentType}-{last}-{ModelFolder.Sha256(studentWeights)[..8]}";
        var studentScaler = new FittedScaler(
            FittedScaler.CurrentFormatVersion,
            DistillationSamples.StudentInputSchema,
            [.. models.StudentScaler.Mean, 0],
            [.. models.StudentScaler.Scale, 1],
            models.StudentScaler.TrainingRows);
        var studentManifest = Manifest(StudentType, studentVersion, DistillationSamples.StudentInputSchema, studentScaler, models, options, data, options.StudentWindow, DistillationPipeline.StudentConfig(options).ToArchitecture(), teacherVersion, previous?.StudentManifest.Version);
        var studentFolder = Path.Combine(modelsFolder, studentVersion);
        studentManifest = ModelFolder.Write(studentFolder, studentManifest, studentWeights, JsonSerializer.Serialize(studentReport, ReportJson));
        return (teacherFolder, teacherManifest, studentFolder, studentManifest);
    }

    /// <summary>Reads a student folder and the teacher folder beside it that its manifest names.</summary>
    /// <param name="studentFolder">The student's folder.</param>
    /// <param name="options">The configuration the models must match.</param>
    /// <returns>The models.</returns>
    /// <exception cref="ModelManifestMismatchException">A manifest does not match this code (the field is named).</exception>
    /// <exception cref="InvalidDataException">A folder is missing or damaged.</exception>
    public static LoadedModels Load(string studentFolder, DistillationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var studentRead = ModelFolder.Read(studentFolder, StudentExpectation(options));
        var parent = studentRead.Manifest.ParentTeacherVersion
            ?? throw new InvalidDataException($"'{studentFolder}': the student's manifest names no parent teacher.");
        var teacherFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(studentFolder))!, parent);
        var teacherRead = ModelFolder.Read(teacherFolder, TeacherExpectation(options));
        CheckArchitecture(studentFolder, studentRead.Manifest, DistillationPipeline.StudentConfig(options).ToArchitecture());
        CheckArchitecture(teacherFolder, teacherRead.Manifest, DistillationPipeline.TeacherConfig(options).ToArchitecture());
        var random = new DeterministicRandom(options.Seed);
        var teacher = new ChronosTeacher(DistillationPipeline.TeacherConfig(options), random);
        teacher.LoadStateDict(SafeTensors.Read(teacherRead.Weights));
        var student = new ChronosStudent(DistillationPipeline.StudentConfig(options), random);
        var loss = new StudentTradingLoss(options.Loss with { FeeRate = (float)options.Dataset.FeeRate });
        var state = SafeTensors.Read(studentRead.Weights);
        student.LoadStateDict(state.Where(kv => !kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        loss.LoadStateDict(state.Where(kv => kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["loss.".Length..], kv => kv.Value, StringComparer.Ordinal));
        return new LoadedModels(teacher, student, loss, teacherRead.Manifest, studentRead.Manifest);
    }

    /// <summary>SHA-256 over the sorted (relative path, file hash) pairs of every source file of the data sets.</summary>
    /// <param name="days">The data sets.</param>
    /// <returns>64 hex digits.</returns>
    public static string SourceHash(IEnumerable<DistillationDay> days)
    {
        var lines = days.SelectMany(d => d.Sources).Select(s => s.RelativePath + " " + s.Sha256).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return ModelFolder.Sha256(Encoding.UTF8.GetBytes(string.Join("\n", lines)));
    }

    private static ModelManifest Manifest(string type, string version, FeatureSchema schema, FittedScaler scaler, TrainedModels models, DistillationOptions options, TrainingDataRange data, int window, Dictionary<string, int> architecture, string? parent, string? previous) =>
        new(
            ModelManifest.CurrentFormatVersion,
            type,
            version,
            schema,
            scaler,
            new TokenBinning(models.Bins.Bins, models.Bins.Low, models.Bins.High),
            Levels(options),
            Horizons(options),
            options.Dataset.Cadence.TotalSeconds,
            window,
            architecture,
            data,
            options.Seed,
            parent,
            string.Empty,
            string.Empty,
            DateTime.UtcNow)
        {
            PreviousVersion = previous,
            ScaleFloor = options.ScaleFloor,
        };

    private static void CheckArchitecture(string folder, ModelManifest manifest, Dictionary<string, int> expected)
    {
        foreach (var (key, value) in expected)
        {
            if (!manifest.Architecture.TryGetValue(key, out var actual) || actual != value)
            {
                throw new ModelManifestMismatchException($"'{Path.Combine(folder, ModelFolder.ManifestFile)}': field 'architecture.{key}' is '{(manifest.Architecture.TryGetValue(key, out var a) ? a.ToString(CultureInfo.InvariantCulture) : "(missing)")}' but this code expects '{value}'; load it with the options it was trained with.");
            }
        }
    }

    private static double[] Horizons(DistillationOptions options) => options.Dataset.Horizons.Select(h => h.TotalSeconds).ToArray();

    private static double[] Levels(DistillationOptions options) => options.Loss.Quantiles.Select(q => (double)q).ToArray();
}
