using Quant.Orleans.Core;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// A distilled student loaded from its model folder (written by <c>distill</c>), checked against what the grain
/// feeds it — the student input schema (version and columns), the weights' and report's hashes — and ready to give
/// each symbol grain its own causal window and forecaster. Immutable; shared by the grains of a silo.
/// </summary>
public sealed class StudentModel
{
    /// <summary>The model type a served student must have.</summary>
    public const string ModelType = "chronos-student";

    private readonly Dictionary<string, Learning.Tensors.Tensor> _weights;
    private readonly ChronosStudentConfig _config;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly MeanScaleQuantizer _bins;
    private readonly float[] _levels;
    private readonly int[] _horizonSteps;

    private StudentModel(string folder, ModelManifest manifest, Dictionary<string, Learning.Tensors.Tensor> weights, int horizon)
    {
        Folder = folder;
        Manifest = manifest;
        _weights = weights;
        _config = ChronosStudentConfig.FromArchitecture(manifest.Architecture);
        var width = DistillationSchemas.Student.Width;
        _mean = manifest.Scaler.Mean[..width];
        _scale = manifest.Scaler.Scale[..width];
        _bins = new MeanScaleQuantizer(manifest.Bins.Count, (float)manifest.Bins.Low, (float)manifest.Bins.High);
        _levels = manifest.Quantiles.Select(q => (float)q).ToArray();
        _horizonSteps = manifest.HorizonsSeconds.Select(h => (int)Math.Round(h / manifest.CadenceSeconds)).ToArray();
        Horizon = horizon;
        Dataset = new DistillationDatasetOptions
        {
            Cadence = TimeSpan.FromSeconds(manifest.CadenceSeconds),
            Horizons = manifest.HorizonsSeconds.Select(TimeSpan.FromSeconds).ToArray(),
        };
    }

    /// <summary>The folder the model was read from.</summary>
    public string Folder { get; }

    /// <summary>The checked manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The model version, as signals carry it.</summary>
    public string Version => Manifest.Version;

    /// <summary>Index of the served horizon among the manifest's horizons.</summary>
    public int Horizon { get; }

    /// <summary>The served horizon.</summary>
    public TimeSpan HorizonSpan => TimeSpan.FromSeconds(Manifest.HorizonsSeconds[Horizon]);

    /// <summary>The grid and feature options the window is sampled with (the model's cadence and horizons; the data set
    /// builder's defaults otherwise, as in training).</summary>
    public DistillationDatasetOptions Dataset { get; }

    /// <summary>Reads and checks a student folder.</summary>
    /// <param name="folder">The student's model folder.</param>
    /// <param name="horizon">The horizon the strategy trades; one of the model's horizons.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelManifestMismatchException">The folder is not a student this code can feed (the field is named).</exception>
    /// <exception cref="InvalidDataException">The folder is missing or damaged.</exception>
    public static StudentModel Load(string folder, TimeSpan horizon)
    {
        var manifest = ModelFolder.ReadManifest(folder);
        var expected = new ModelExpectation(ModelType, DistillationSchemas.StudentInput, manifest.HorizonsSeconds, manifest.CadenceSeconds, manifest.Window, manifest.Quantiles);
        var read = ModelFolder.Read(folder, expected);
        var index = Array.FindIndex(read.Manifest.HorizonsSeconds, h => Math.Abs(h - horizon.TotalSeconds) < 1e-9);
        if (index < 0)
        {
            throw new ModelManifestMismatchException($"'{Path.Combine(folder, ModelFolder.ManifestFile)}': field 'horizons_seconds' is [{string.Join(", ", read.Manifest.HorizonsSeconds)}] but the strategy trades a {horizon.TotalSeconds} s horizon (Strategy:HorizonSeconds).");
        }

        if (!(read.Manifest.ScaleFloor > 0))
        {
            throw new ModelManifestMismatchException($"'{Path.Combine(folder, ModelFolder.ManifestFile)}': field 'scale_floor' is {read.Manifest.ScaleFloor}; a served student needs the positive floor it was trained with.");
        }

        var width = DistillationSchemas.Student.Width;
        var scaler = read.Manifest.Scaler;
        if (scaler.Mean[width] != 0 || scaler.Scale[width] != 1)
        {
            throw new ModelManifestMismatchException($"'{Path.Combine(folder, ModelFolder.ManifestFile)}': field 'scaler' standardises the '{DistillationSchemas.LogMidPathColumn}' column; it is scaled per window and must have mean 0 and scale 1.");
        }

        var state = SafeTensors.Read(read.Weights).Where(kv => !kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var model = new StudentModel(folder, read.Manifest, state, index);
        model.CreateForecaster(); // the weights load into the architecture, or this throws now rather than in a grain
        return model;
    }

    /// <summary>A new causal window for one symbol.</summary>
    /// <returns>The window.</returns>
    public StudentWindow CreateWindow() => new(Dataset, _config.Window);

    /// <summary>A new forecaster for one symbol (its own inference buffers; weights copied from this model).</summary>
    /// <returns>The forecaster.</returns>
    public StudentForecaster CreateForecaster()
    {
        var student = new ChronosStudent(_config, new DeterministicRandom(0));
        student.LoadStateDict(_weights);
        student.Training = false;
        return new StudentForecaster(student, _mean, _scale, _bins, _levels, _horizonSteps, (float)Manifest.ScaleFloor);
    }
}
