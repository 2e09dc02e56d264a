using Quant.Orleans.Core;
using Quant.Orleans.Learning.Adaptation;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Models;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// A distilled student loaded from its model folder (written by <c>distill</c>), checked against what the grain
/// feeds it — the student input schema (version and columns), the weights' and report's hashes — and ready to give
/// each symbol grain its own causal window and forecaster. The forecaster's network runs on the configured
/// <see cref="StudentRuntime"/> (<c>Strategy:StudentRuntime</c>): the engine (default), or the folder's ONNX export
/// (<c>onnx.json</c> and the file it names, <see cref="OnnxStudentContract"/>) in ONNX Runtime on the CPU or CUDA
/// execution provider; tokens and post-processing are the same for all three. Immutable; shared by the grains of a silo.
/// </summary>
public sealed class StudentModel
{
    /// <summary>The model type a served student must have.</summary>
    public const string ModelType = "chronos-student";

    private readonly byte[] _weights;
    private readonly OnnxStudentFile? _onnx;
    private readonly ChronosStudentConfig _config;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly MeanScaleQuantizer _bins;
    private readonly float[] _levels;
    private readonly int[] _horizonSteps;
    private readonly Lazy<StudentWeights> _served;
    private string? _windowKey;

    private StudentModel(string folder, ModelManifest manifest, byte[] weights, int horizon, StudentRuntime runtime, OnnxStudentFile? onnx, StudentGrainAdaptation? adaptation)
    {
        Folder = folder;
        Manifest = manifest;
        _weights = weights;
        (Runtime, _onnx) = (runtime, onnx);
        _config = ChronosStudentConfig.FromArchitecture(manifest.Architecture);
        var width = DistillationSchemas.Student.Width;
        _mean = manifest.Scaler.Mean[..width];
        _scale = manifest.Scaler.Scale[..width];
        _bins = new MeanScaleQuantizer(manifest.Bins.Count, (float)manifest.Bins.Low, (float)manifest.Bins.High);
        _levels = manifest.Quantiles.Select(q => (float)q).ToArray();
        _horizonSteps = manifest.HorizonsSeconds.Select(h => (int)Math.Round(h / manifest.CadenceSeconds)).ToArray();
        Horizon = horizon;
        Adaptation = adaptation is { Enabled: true } ? adaptation : null;
        Scaling = new StudentInputScaling(_mean, _scale, (float)manifest.ScaleFloor);
        _served = new Lazy<StudentWeights>(() => StudentWeights.FromStudent(Student()), LazyThreadSafetyMode.ExecutionAndPublication);
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

    /// <summary>Where each forecaster's network runs.</summary>
    public StudentRuntime Runtime { get; }

    /// <summary>The model version, as signals carry it.</summary>
    public string Version => Manifest.Version;

    /// <summary>Index of the served horizon among the manifest's horizons.</summary>
    public int Horizon { get; }

    /// <summary>The served horizon.</summary>
    public TimeSpan HorizonSpan => TimeSpan.FromSeconds(Manifest.HorizonsSeconds[Horizon]);

    /// <summary>The daytime SimTS adaptation the grains run (<c>Strategy:StudentAdaptation</c>); null: none (the loaded
    /// weights serve all day).</summary>
    public StudentGrainAdaptation? Adaptation { get; }

    /// <summary>The serving scaler (the manifest's mean and scale of the student columns, and its scale floor), as
    /// <see cref="SimTsStudentAdapter.Adapt"/> takes it.</summary>
    public StudentInputScaling Scaling { get; }

    /// <summary>A copy of the folder's weights (built on first use, then shared read-only by the grains of the silo):
    /// what an adaptation starts from.</summary>
    public StudentWeights Weights => _served.Value;

    /// <summary>The grid and feature options the window is sampled with (the model's cadence and horizons; the data set
    /// builder's defaults otherwise, as in training).</summary>
    public DistillationDatasetOptions Dataset { get; }

    /// <summary>Reads and checks a student folder, and creates one forecaster on <paramref name="runtime"/> (so that a
    /// model that cannot be served fails here rather than in a grain).</summary>
    /// <param name="folder">The student's model folder.</param>
    /// <param name="horizon">The horizon the strategy trades; one of the model's horizons.</param>
    /// <param name="adaptation">The daytime adaptation the grains run; null or not <see cref="StudentGrainAdaptation.Enabled"/>:
    /// none. Adapted weights always serve on the engine (<see cref="CreateForecaster(StudentWeights)"/>), whatever
    /// <paramref name="runtime"/> serves the loaded weights.</param>
    /// <param name="runtime">Where the network runs. For <c>onnx-cpu</c> and <c>onnx-cuda</c> the folder must hold
    /// <c>onnx.json</c> and the ONNX file it names; the contract is checked against the file's hash, against the
    /// manifest (window, columns, quantile levels, horizons, bins) and against the ONNX Runtime session's inputs and
    /// outputs.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelManifestMismatchException">The folder is not a student this code can feed, or its ONNX
    /// contract disagrees with the manifest, the ONNX file or the session (the field and both values named).</exception>
    /// <exception cref="InvalidDataException">The folder is missing or damaged, or an ONNX runtime is asked for and the
    /// folder has no <c>onnx.json</c> or ONNX file.</exception>
    /// <exception cref="ArgumentException"><c>onnx-cuda</c> is asked for on a machine or build where ONNX Runtime's
    /// CUDA execution provider cannot start (the message says why and what to do), or <paramref name="adaptation"/> is
    /// enabled and invalid (its problems named).</exception>
    public static StudentModel Load(string folder, TimeSpan horizon, StudentRuntime runtime = StudentRuntime.Engine, StudentGrainAdaptation? adaptation = null)
    {
        if (adaptation?.Problems().ToArray() is { Length: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(adaptation));
        }

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

        OnnxStudentFile? onnx = null;
        if (runtime != StudentRuntime.Engine)
        {
            try
            {
                onnx = OnnxStudentFolder.Read(folder);
                var config = ChronosStudentConfig.FromArchitecture(read.Manifest.Architecture);
                var m = read.Manifest;
                onnx.Contract.CheckServing(config.Window, width + 1, m.Quantiles, m.HorizonsSeconds, m.Bins.Count, m.Bins.Low, m.Bins.High, onnx.ContractPath);
            }
            catch (OnnxContractMismatchException e)
            {
                throw new ModelManifestMismatchException(e.Message, e);
            }
        }

        var model = new StudentModel(folder, read.Manifest, read.Weights, index, runtime, onnx, adaptation);
        using var probe = model.CreateForecaster(); // the weights load, or the ONNX session matches its contract, or this throws now rather than in a grain
        return model;
    }

    /// <summary>Exports this folder's student to ONNX into the folder (<c>student.onnx</c> and <c>onnx.json</c>, with the
    /// manifest's quantile levels, horizons and bins), so that it can be served with <c>onnx-cpu</c> or
    /// <c>onnx-cuda</c>.</summary>
    /// <returns>The contract written.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public OnnxStudentContract ExportOnnx() =>
        OnnxStudentFolder.Write(Folder, Student(), Manifest.Quantiles, Manifest.HorizonsSeconds, Manifest.Bins.Count, Manifest.Bins.Low, Manifest.Bins.High);

    /// <summary>Identifies the causal window this model reads: every option of its data set (cadence, horizons, session,
    /// feature and trade-flow options, serialised as JSON) and the window length. Two models with the same key are fed by
    /// one <see cref="StudentWindow"/>, so a symbol grain can swap one for the other at a batch boundary without warming
    /// up again.</summary>
    public string WindowKey => _windowKey ??= System.Text.Json.JsonSerializer.Serialize(Dataset) + "|" + _config.Window.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new causal window for one symbol.</summary>
    /// <returns>The window.</returns>
    public StudentWindow CreateWindow() => new(Dataset, _config.Window);

    /// <summary>A new forecaster for one symbol: its own inference buffers, and on the engine weights copied from this
    /// model, on ONNX Runtime its own session of the folder's ONNX file on <see cref="Runtime"/>'s execution provider.
    /// The caller disposes it (an ONNX session holds native memory until then).</summary>
    /// <returns>The forecaster.</returns>
    /// <exception cref="ModelManifestMismatchException">The ONNX session's inputs or outputs disagree with the contract.</exception>
    /// <exception cref="ArgumentException"><c>onnx-cuda</c> cannot start on this machine.</exception>
    public StudentForecaster CreateForecaster()
    {
        IStudentNetwork network;
        if (_onnx is null)
        {
            network = new EngineStudentNetwork(Student());
        }
        else
        {
            try
            {
                network = _onnx.CreateRunner(Runtime);
            }
            catch (OnnxContractMismatchException e)
            {
                throw new ModelManifestMismatchException(e.Message, e);
            }
            catch (InvalidOperationException e) when (Runtime == StudentRuntime.OnnxCuda)
            {
                throw new ArgumentException($"Strategy:StudentRuntime: {e.Message}", "runtime", e);
            }
        }

        return new StudentForecaster(network, _mean, _scale, _bins, _levels, _horizonSteps, (float)Manifest.ScaleFloor);
    }

    /// <summary>A new forecaster serving <paramref name="weights"/> (an adaptation's result) on this code's engine,
    /// with this model's scaler, bins, quantile levels and horizons; whatever <see cref="Runtime"/> serves the loaded
    /// weights. The caller disposes it.</summary>
    /// <param name="weights">Weights of this model's shape.</param>
    /// <returns>The forecaster.</returns>
    /// <exception cref="ArgumentException">The weights' sizes differ from this model's architecture.</exception>
    public StudentForecaster CreateForecaster(StudentWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Config != _config)
        {
            throw new ArgumentException($"The weights are of a student {weights.Config}; this model is {_config}.", nameof(weights));
        }

        return new StudentForecaster(new EngineStudentNetwork(weights.CreateStudent()), _mean, _scale, _bins, _levels, _horizonSteps, (float)Manifest.ScaleFloor);
    }

    private ChronosStudent Student()
    {
        var state = SafeTensors.Read(_weights).Where(kv => !kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var student = new ChronosStudent(_config, new DeterministicRandom(0));
        student.LoadStateDict(state);
        student.Training = false;
        return student;
    }
}
