using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// Runs one window of an exported student (<see cref="OnnxExport.Student"/>, or any ONNX model with the same contract)
/// in ONNX Runtime, the way <see cref="Models.ChronosStudentInference"/> runs it in the engine; an
/// <see cref="Models.IStudentNetwork"/> for <see cref="Models.StudentForecaster"/>.
/// <para>Contract (checked at construction, each violation named): an input float32 of rank 3, (batch, L, F) with L
/// and F fixed and batch symbolic or 1; outputs float32 quantiles (batch, H, Q), logits (batch, H, K), position (batch)
/// and, unless the contract leaves it out, barrier logits (batch, 3), with H, Q and K fixed. The names are
/// <see cref="OnnxExport"/>'s, or those an <see cref="OnnxStudentContract"/> states (whose own checks run first). Other
/// outputs are ignored. The runner feeds batch 1.</para>
/// <para>The input and the outputs are <see cref="OrtValue"/>s over arrays pinned for the runner's lifetime and bound
/// once to an <see cref="OrtIoBinding"/>; a call copies the window in, runs the binding with a reused
/// <see cref="RunOptions"/> and copies the outputs out. Not thread-safe: one call at a time per runner.</para>
/// <para>The native runtime comes from the build: <c>Microsoft.ML.OnnxRuntime</c> (CPU) or
/// <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> (CPU and CUDA; <see cref="CreateSessionOptions"/>).</para>
/// </summary>
public sealed class OnnxStudentRunner : Models.IStudentNetwork
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
    /// <param name="modelPath">An ONNX model file with the student contract and <see cref="OnnxExport"/>'s names.</param>
    /// <param name="options">Session options, kept by the caller; null: <see cref="CreateSessionOptions"/> of
    /// <paramref name="runtime"/>.</param>
    /// <param name="runtime">The runtime the options select, reported by <see cref="Runtime"/>.</param>
    /// <exception cref="ArgumentException">The model does not have the student contract (the message names the
    /// input or output and the rule).</exception>
    /// <exception cref="InvalidOperationException"><paramref name="runtime"/> is <c>onnx-cuda</c>, no options were
    /// passed, and the CUDA execution provider cannot start here.</exception>
    public OnnxStudentRunner(string modelPath, SessionOptions? options = null, Models.StudentRuntime runtime = Models.StudentRuntime.OnnxCpu)
        : this(options, runtime, o => new InferenceSession(modelPath, o), null, string.Empty)
    {
    }

    /// <summary>Loads a serialised ONNX model (<see cref="OnnxExport.Student"/>).</summary>
    /// <param name="model">The model's bytes, with the student contract and <see cref="OnnxExport"/>'s names.</param>
    /// <param name="options">Session options, kept by the caller; null: <see cref="CreateSessionOptions"/> of
    /// <paramref name="runtime"/>.</param>
    /// <param name="runtime">The runtime the options select, reported by <see cref="Runtime"/>.</param>
    /// <exception cref="ArgumentException">The model does not have the student contract.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="runtime"/> is <c>onnx-cuda</c>, no options were
    /// passed, and the CUDA execution provider cannot start here.</exception>
    public OnnxStudentRunner(byte[] model, SessionOptions? options = null, Models.StudentRuntime runtime = Models.StudentRuntime.OnnxCpu)
        : this(options, runtime, o => new InferenceSession(model, o), null, string.Empty)
    {
    }

    /// <summary>Loads a serialised ONNX model whose inputs and outputs an <see cref="OnnxStudentContract"/> states:
    /// the bytes are checked against its hash, the session's inputs and outputs against its tensors, and the names
    /// bound are the contract's.</summary>
    /// <param name="model">The bytes of the contract's ONNX file.</param>
    /// <param name="contract">The contract.</param>
    /// <param name="runtime"><c>onnx-cpu</c> or <c>onnx-cuda</c> (<see cref="CreateSessionOptions"/>).</param>
    /// <param name="contractPath">The contract's path, for messages.</param>
    /// <exception cref="OnnxContractMismatchException">The bytes' hash or the session's inputs and outputs disagree with
    /// the contract (the field and both values named).</exception>
    /// <exception cref="InvalidOperationException"><paramref name="runtime"/> is <c>onnx-cuda</c> and the CUDA execution
    /// provider cannot start here.</exception>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is <c>engine</c>.</exception>
    public OnnxStudentRunner(byte[] model, OnnxStudentContract contract, Models.StudentRuntime runtime, string contractPath)
        : this(null, runtime, o => new InferenceSession(model, o), Checked(contract, model, contractPath), contractPath)
    {
    }

    private OnnxStudentRunner(SessionOptions? options, Models.StudentRuntime runtime, Func<SessionOptions, InferenceSession> open, OnnxStudentContract? contract, string contractPath)
    {
        Runtime = runtime;
        if (options is null)
        {
            _ownedOptions = CreateSessionOptions(runtime);
        }

        try
        {
            _session = open(options ?? _ownedOptions!);
        }
        catch
        {
            _ownedOptions?.Dispose();
            _runOptions.Dispose();
            throw;
        }

        try
        {
            contract?.CheckSession(_session, contractPath);
            var inputName = contract?.Tensor(OnnxStudentContract.TokensRole)!.Name ?? OnnxExport.InputName;
            var quantilesName = contract?.Tensor(OnnxStudentContract.QuantilesRole)!.Name ?? OnnxExport.QuantilesName;
            var logitsName = contract?.Tensor(OnnxStudentContract.LogitsRole)!.Name ?? OnnxExport.LogitsName;
            var positionName = contract?.Tensor(OnnxStudentContract.PositionRole)!.Name ?? OnnxExport.PositionName;
            var barrierName = contract is null ? OnnxExport.BarrierLogitsName : contract.Tensor(OnnxStudentContract.BarrierLogitsRole)?.Name;
            var input = Metadata(_session.InputMetadata, inputName, "input", 3);
            var quantiles = Metadata(_session.OutputMetadata, quantilesName, "output", 3);
            var logits = Metadata(_session.OutputMetadata, logitsName, "output", 3);
            Metadata(_session.OutputMetadata, positionName, "output", 1);
            var barrier = barrierName is null ? [1, Models.ChronosStudent.BarrierClasses] : Metadata(_session.OutputMetadata, barrierName, "output", 2);
            (Window, Features) = (input[1], input[2]);
            (Horizons, QuantileCount, Bins) = (quantiles[1], quantiles[2], logits[2]);
            if (logits[1] != Horizons || barrier[1] != Models.ChronosStudent.BarrierClasses)
            {
                throw new ArgumentException($"Output '{logitsName}' must have H = {Horizons} horizons (got {logits[1]}) and '{barrierName}' {Models.ChronosStudent.BarrierClasses} classes (got {barrier[1]}).");
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
            _binding.BindInput(inputName, _values[0]);
            _binding.BindOutput(quantilesName, _values[1]);
            _binding.BindOutput(logitsName, _values[2]);
            _binding.BindOutput(positionName, _values[3]);
            if (barrierName is not null)
            {
                _binding.BindOutput(barrierName, _values[4]);
            }
        }
        catch
        {
            _session.Dispose();
            _ownedOptions?.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>The runtime the session was created for.</summary>
    public Models.StudentRuntime Runtime { get; }

    /// <summary>Steps per window (L).</summary>
    public int Window { get; }

    /// <summary>Features per step (F; the token width F + 1 of a <see cref="Models.StudentForecaster"/>).</summary>
    public int Features { get; }

    /// <inheritdoc />
    int Models.IStudentNetwork.InputFeatures => Features;

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

    /// <summary>Session options for a runtime: one intra-op thread, sequential execution, all graph optimisations,
    /// and for <c>onnx-cuda</c> the CUDA execution provider on device 0 appended first (nodes it cannot run fall back to
    /// the CPU provider, as ONNX Runtime places them).</summary>
    /// <param name="runtime"><c>onnx-cpu</c> or <c>onnx-cuda</c>.</param>
    /// <returns>New options, the caller's to dispose.</returns>
    /// <exception cref="ArgumentException"><paramref name="runtime"/> is <c>engine</c>.</exception>
    /// <exception cref="InvalidOperationException"><c>onnx-cuda</c>, and this process's native ONNX Runtime has no CUDA
    /// provider (the CPU package) or the provider's libraries (CUDA, the driver) do not load; the message says which
    /// and what to do.</exception>
    public static SessionOptions CreateSessionOptions(Models.StudentRuntime runtime)
    {
        if (runtime is not (Models.StudentRuntime.OnnxCpu or Models.StudentRuntime.OnnxCuda))
        {
            throw new ArgumentException($"Runtime '{Models.StudentRuntimes.Name(runtime)}' does not run in ONNX Runtime; use onnx-cpu or onnx-cuda.", nameof(runtime));
        }

        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (runtime == Models.StudentRuntime.OnnxCuda)
        {
            string? problem = null;
            Exception? cause = null;
            if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            {
                problem = $"this build's native ONNX Runtime {OrtEnv.Instance().GetVersionString()} has no CUDA execution provider (it is the CPU package Microsoft.ML.OnnxRuntime). Build the silo with -p:OnnxRuntimeFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu.Linux) and run it on a machine with an NVIDIA GPU";
            }
            else
            {
                try
                {
                    options.AppendExecutionProvider_CUDA(0);
                }
                catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
                {
                    (problem, cause) = ($"ONNX Runtime's CUDA execution provider did not start ({e.Message.Trim()}). It needs an NVIDIA GPU with its driver (libcuda.so.1) and the CUDA 13 libraries libcudart.so.13, libcublas.so.13, libcublasLt.so.13 and libcurand.so.10 on the library path", e);
                }
            }

            if (problem is not null)
            {
                options.Dispose();
                throw new InvalidOperationException($"Student runtime 'onnx-cuda' cannot run on this machine: {problem}; or choose onnx-cpu or engine.", cause);
            }
        }

        return options;
    }

    private static OnnxStudentContract Checked(OnnxStudentContract contract, byte[] model, string path)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(model);
        contract.CheckFile(model, path);
        return contract;
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
