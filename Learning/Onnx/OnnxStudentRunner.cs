using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// Runs one window of an exported student (<see cref="OnnxExport.Student"/>, or any ONNX model with the same contract)
/// in ONNX Runtime, the way <see cref="Models.ChronosStudentInference"/> runs it in the engine.
/// <para>Contract (checked at construction, each violation named): input <see cref="OnnxExport.InputName"/> float32
/// of rank 3, (batch, L, F) with L and F fixed and batch symbolic or 1; outputs <see cref="OnnxExport.QuantilesName"/>
/// float32 (batch, H, Q), <see cref="OnnxExport.LogitsName"/> float32 (batch, H, K), <see cref="OnnxExport.PositionName"/>
/// float32 (batch), <see cref="OnnxExport.BarrierLogitsName"/> float32 (batch, 3), with H, Q and K fixed. Other outputs
/// are ignored. The runner feeds batch 1.</para>
/// <para>The input and the four outputs are <see cref="OrtValue"/>s over arrays pinned for the runner's lifetime and
/// bound once to an <see cref="OrtIoBinding"/>; a call copies the window in, runs the binding with a reused
/// <see cref="RunOptions"/> and copies the outputs out. Not thread-safe: one call at a time per runner.</para>
/// <para>The native runtime comes from the host's package: <c>Microsoft.ML.OnnxRuntime</c> (CPU) or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> (CUDA; pass <see cref="SessionOptions"/> with the CUDA provider appended).</para>
/// </summary>
public sealed class OnnxStudentRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions? _ownedOptions;
    private readonly RunOptions _runOptions = new();
    private readonly OrtIoBinding _binding;
    private readonly float[] _x;
    private readonly float[] _quantiles;
    private readonly float[] _logits;
    private readonly float[] _position = new float[1];
    private readonly float[] _barrier = new float[Models.ChronosStudent.BarrierClasses];
    private readonly OrtValue[] _values;
    private bool _disposed;

    /// <summary>Loads the model file at <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">An ONNX model file with the student contract.</param>
    /// <param name="options">Session options, kept by the caller; null: one intra-op thread, sequential execution,
    /// all graph optimisations.</param>
    /// <exception cref="ArgumentException">The model does not have the student contract (the message names the
    /// input or output and the rule).</exception>
    public OnnxStudentRunner(string modelPath, SessionOptions? options = null)
        : this(options, o => new InferenceSession(modelPath, o))
    {
    }

    /// <summary>Loads a serialised ONNX model (<see cref="OnnxExport.Student"/>).</summary>
    /// <param name="model">The model's bytes, with the student contract.</param>
    /// <param name="options">Session options, kept by the caller; null: one intra-op thread, sequential execution,
    /// all graph optimisations.</param>
    /// <exception cref="ArgumentException">The model does not have the student contract.</exception>
    public OnnxStudentRunner(byte[] model, SessionOptions? options = null)
        : this(options, o => new InferenceSession(model, o))
    {
    }

    private OnnxStudentRunner(SessionOptions? options, Func<SessionOptions, InferenceSession> open)
    {
        if (options is null)
        {
            _ownedOptions = new SessionOptions
            {
                IntraOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
        }

        _session = open(options ?? _ownedOptions!);
        try
        {
            var input = Metadata(_session.InputMetadata, OnnxExport.InputName, "input", 3);
            var quantiles = Metadata(_session.OutputMetadata, OnnxExport.QuantilesName, "output", 3);
            var logits = Metadata(_session.OutputMetadata, OnnxExport.LogitsName, "output", 3);
            Metadata(_session.OutputMetadata, OnnxExport.PositionName, "output", 1);
            var barrier = Metadata(_session.OutputMetadata, OnnxExport.BarrierLogitsName, "output", 2);
            (Window, Features) = (input[1], input[2]);
            (Horizons, QuantileCount, Bins) = (quantiles[1], quantiles[2], logits[2]);
            if (logits[1] != Horizons || barrier[1] != Models.ChronosStudent.BarrierClasses)
            {
                throw new ArgumentException($"Output '{OnnxExport.LogitsName}' must have H = {Horizons} horizons (got {logits[1]}) and '{OnnxExport.BarrierLogitsName}' {Models.ChronosStudent.BarrierClasses} classes (got {barrier[1]}).");
            }

            _x = new float[Window * Features];
            _quantiles = new float[Horizons * QuantileCount];
            _logits = new float[Horizons * Bins];
            _values =
            [
                OrtValue.CreateTensorValueFromMemory(_x, [1, Window, Features]),
                OrtValue.CreateTensorValueFromMemory(_quantiles, [1, Horizons, QuantileCount]),
                OrtValue.CreateTensorValueFromMemory(_logits, [1, Horizons, Bins]),
                OrtValue.CreateTensorValueFromMemory(_position, [1]),
                OrtValue.CreateTensorValueFromMemory(_barrier, [1, Models.ChronosStudent.BarrierClasses]),
            ];
            _binding = _session.CreateIoBinding();
            _binding.BindInput(OnnxExport.InputName, _values[0]);
            _binding.BindOutput(OnnxExport.QuantilesName, _values[1]);
            _binding.BindOutput(OnnxExport.LogitsName, _values[2]);
            _binding.BindOutput(OnnxExport.PositionName, _values[3]);
            _binding.BindOutput(OnnxExport.BarrierLogitsName, _values[4]);
        }
        catch
        {
            _session.Dispose();
            _ownedOptions?.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>Steps per window (L).</summary>
    public int Window { get; }

    /// <summary>Features per step (F).</summary>
    public int Features { get; }

    /// <summary>Forecast horizons (H).</summary>
    public int Horizons { get; }

    /// <summary>Quantile levels per horizon (Q).</summary>
    public int QuantileCount { get; }

    /// <summary>Bins per horizon (K).</summary>
    public int Bins { get; }

    /// <summary>Runs one window: <paramref name="window"/> holds L·F values, an (L, F) row-major block (step-major,
    /// the last step the forecast origin). Writes the quantiles (H·Q, horizon-major), the logits (H·K) and the three
    /// barrier logits, and returns the position.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length, or a window value is not finite (the message
    /// names its step and feature).</exception>
    /// <exception cref="ObjectDisposedException">The runner was disposed.</exception>
    public float Run(ReadOnlySpan<float> window, Span<float> quantiles, Span<float> logits, Span<float> barrierLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Length(window.Length, _x.Length, nameof(window));
        Length(quantiles.Length, _quantiles.Length, nameof(quantiles));
        Length(logits.Length, _logits.Length, nameof(logits));
        Length(barrierLogits.Length, _barrier.Length, nameof(barrierLogits));
        for (var i = 0; i < window.Length; i++)
        {
            if (!float.IsFinite(window[i]))
            {
                throw new ArgumentException($"Window value at step {i / Features}, feature {i % Features} is {window[i]}; every value must be finite.", nameof(window));
            }
        }

        window.CopyTo(_x);
        _session.RunWithBinding(_runOptions, _binding);
        _quantiles.CopyTo(quantiles);
        _logits.CopyTo(logits);
        _barrier.CopyTo(barrierLogits);
        return _position[0];
    }

    /// <summary>Releases the session, the binding and the pinned buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        foreach (var v in _values)
        {
            v.Dispose();
        }

        _session.Dispose();
        _runOptions.Dispose();
        _ownedOptions?.Dispose();
    }

    /// <summary>The dims of a float32 tensor input or output of the given rank whose first dimension is symbolic or
    /// 1 and whose other dimensions are fixed and positive.</summary>
    private static int[] Metadata(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, string kind, int rank)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new ArgumentException($"The model has no {kind} named '{name}' (it has {string.Join(", ", nodes.Keys.Select(k => $"'{k}'"))}).");
        }

        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float)
        {
            throw new ArgumentException($"The model's {kind} '{name}' must be a float32 tensor; got {node.OnnxValueType} of {node.ElementDataType}.");
        }

        var dims = node.Dimensions;
        if (dims.Length != rank || dims[0] is not (-1 or 1) || dims.AsSpan(1).ContainsAnyExceptInRange(1, int.MaxValue))
        {
            throw new ArgumentException($"The model's {kind} '{name}' must have rank {rank}, a symbolic or unit first (batch) dimension and fixed positive others; got ({string.Join(", ", dims)}).");
        }

        return dims;
    }

    private static void Length(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} values; got {actual}.", name);
        }
    }
}
