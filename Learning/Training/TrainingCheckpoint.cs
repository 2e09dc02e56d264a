using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// A <see cref="Trainer"/> checkpoint in a directory: <c>checkpoint-{step}.safetensors</c> with the task's state
/// (<c>model.{name}</c>), the best weights so far (<c>best.{name}</c>) and AdamW's moments (<c>adamw.m.{i}</c>,
/// <c>adamw.v.{i}</c>, by parameter position), and <c>checkpoint.json</c> with the counters (step, epoch, batch in the
/// epoch, optimiser steps, the shuffle generator's (seed, epoch), the schedule's position and length, best epoch and
/// loss, the epoch's running sums, the history) and the options that shape the trajectory. Each file is written to a
/// temporary name, flushed to disk and renamed over the old one; the JSON, written last, names the tensor file, so a
/// process killed at any point leaves the previous checkpoint or the new one, never a mix.
/// </summary>
internal static class TrainingCheckpoint
{
    public const string StateFile = "checkpoint.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The trainer's counters and history as stored in <c>checkpoint.json</c>.</summary>
    internal sealed class State
    {
        public int Format { get; set; } = 1;

        public string TensorFile { get; set; } = string.Empty;

        public Dictionary<string, string> Options { get; set; } = [];

        public long Step { get; set; }

        public int Epoch { get; set; }

        public int BatchInEpoch { get; set; }

        public long OptimizerSteps { get; set; }

        public ulong ShuffleSeed { get; set; }

        public int ShuffleEpoch { get; set; }

        public int WarmupSteps { get; set; }

        public int TotalSteps { get; set; }

        public float LearningRate { get; set; }

        public int BestEpoch { get; set; }

        public double BestValidationLoss { get; set; } = double.NaN;

        public int EpochsWithoutImprovement { get; set; }

        public double EpochLossSum { get; set; }

        public long EpochSamples { get; set; }

        public Dictionary<string, double> EpochComponentSums { get; set; } = [];

        public List<EpochSummary> History { get; set; } = [];

        public bool Completed { get; set; }

        public bool StoppedEarly { get; set; }
    }

    /// <summary>The options and sizes a resumed run must share with the checkpoint, as invariant strings.</summary>
    public static Dictionary<string, string> Fingerprint(TrainerOptions o, int samples, IReadOnlyList<Tensor> parameters) => new(StringComparer.Ordinal)
    {
        ["MaxEpochs"] = Invariant(o.MaxEpochs),
        ["BatchSize"] = Invariant(o.BatchSize),
        ["LearningRate"] = Invariant(o.LearningRate),
        ["MinimumLearningRate"] = Invariant(o.MinimumLearningRate),
        ["WeightDecay"] = Invariant(o.WeightDecay),
        ["WarmupFraction"] = Invariant(o.WarmupFraction),
        ["ClipNorm"] = Invariant(o.ClipNorm),
        ["Patience"] = Invariant(o.Patience),
        ["Seed"] = Invariant(o.Seed),
        ["Order"] = o.Order.ToString(),
        ["TrainingSamples"] = Invariant(samples),
        ["Parameters"] = string.Join(';', parameters.Select(p => ShapeUtil.Format(p.Shape))),
    };

    /// <summary>Writes the checkpoint atomically and deletes tensor files of older checkpoints.</summary>
    public static void Write(string directory, State state, IReadOnlyDictionary<string, Tensor> model, IReadOnlyDictionary<string, Tensor>? best, ResumableAdamW optimizer, IReadOnlyList<Tensor> parameters)
    {
        Directory.CreateDirectory(directory);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model)
        {
            tensors[$"model.{name}"] = t;
        }

        if (best is not null)
        {
            foreach (var (name, t) in best)
            {
                tensors[$"best.{name}"] = t;
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var key = i.ToString("D4", CultureInfo.InvariantCulture);
            tensors[$"adamw.m.{key}"] = Tensor.FromArray(optimizer.M[i], parameters[i].Shape);
            tensors[$"adamw.v.{key}"] = Tensor.FromArray(optimizer.V[i], parameters[i].Shape);
        }

        state.TensorFile = $"checkpoint-{state.Step.ToString("D10", CultureInfo.InvariantCulture)}.safetensors";
        WriteAtomically(Path.Combine(directory, state.TensorFile), SafeTensors.Serialize(tensors));
        WriteAtomically(Path.Combine(directory, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, Json));
        foreach (var old in Directory.EnumerateFiles(directory, "checkpoint-*.safetensors"))
        {
            if (!string.Equals(Path.GetFileName(old), state.TensorFile, StringComparison.Ordinal))
            {
                File.Delete(old);
            }
        }
    }

    /// <summary>Reads the checkpoint of <paramref name="directory"/>, or null when it has none.</summary>
    /// <exception cref="InvalidDataException">The JSON is unreadable, of another format, or names a missing file.</exception>
    public static (State State, Dictionary<string, Tensor> Tensors)? TryRead(string directory)
    {
        var path = Path.Combine(directory, StateFile);
        if (!File.Exists(path))
        {
            return null;
        }

        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a trainer checkpoint ({e.Message}).", e);
        }

        if (state.Format != 1)
        {
            throw new InvalidDataException($"{path}: checkpoint format {state.Format}; this trainer reads format 1.");
        }

        var tensorPath = Path.Combine(directory, state.TensorFile);
        if (!File.Exists(tensorPath))
        {
            throw new InvalidDataException($"{path} names {state.TensorFile}, which does not exist in {directory}.");
        }

        return (state, SafeTensors.Read(tensorPath));
    }

    /// <summary>The entries of <paramref name="tensors"/> under <paramref name="prefix"/>, with the prefix removed.</summary>
    public static Dictionary<string, Tensor> Section(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
