using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

/// <summary>
/// The thread's record of differentiable operations, in execution order (which is a topological order), for
/// reverse-mode differentiation. It also owns the buffers of operation outputs created while gradients are enabled,
/// and <see cref="EndStep"/> returns them to <see cref="TensorPool"/> so that a training loop allocates no new
/// buffers in steady state.
/// </summary>
public sealed class GradientTape
{
    [ThreadStatic]
    private static GradientTape? _current;

    [ThreadStatic]
    private static int _noGradDepth;

    private readonly List<(Tensor Output, Action Backward)> _nodes = new(256);
    private readonly List<Tensor> _owned = new(256);
    private readonly List<Tensor> _scoped = new(256);
    private int _inferenceDepth;

    /// <summary>The calling thread's tape.</summary>
    public static GradientTape Current => _current ??= new GradientTape();

    /// <summary>Whether operations are recorded (false inside a <see cref="NoGrad"/> scope).</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>The number of recorded operations not yet differentiated.</summary>
    public int Count => _nodes.Count;

    /// <summary>Disables recording on this thread until the returned scope is disposed (inference).</summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return default;
    }

    internal static void ExitNoGrad() => _noGradDepth--;

    /// <summary>
    /// Disables recording (as <see cref="NoGrad"/>) and, when the returned scope is disposed, returns the buffers of
    /// every operation output created inside it to <see cref="TensorPool"/>, so that repeated inference rents the
    /// same arrays and allocates no new buffers in steady state. Copy what you need out of the outputs (for example
    /// with <see cref="Tensor.CopyTo"/>) before disposing the scope; the outputs must not be used afterwards.
    /// </summary>
    public static InferenceScope Inference()
    {
        var tape = Current;
        _noGradDepth++;
        tape._inferenceDepth++;
        return new InferenceScope(tape, tape._scoped.Count);
    }

    internal void ExitInference(int start)
    {
        for (var i = _scoped.Count - 1; i >= start; i--)
        {
            _scoped[i].Dispose();
        }

        _scoped.RemoveRange(start, _scoped.Count - start);
        _inferenceDepth--;
        _noGradDepth--;
    }

    /// <summary>Whether an operation on these inputs must be recorded.</summary>
    internal static bool ShouldRecord(Tensor a) => _noGradDepth == 0 && a.RequiresGrad;

    /// <summary>Whether an operation on these inputs must be recorded.</summary>
    internal static bool ShouldRecord(Tensor a, Tensor b) => _noGradDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>Records an operation: <paramref name="backward"/> reads <c>output.Grad</c> and accumulates into the
    /// inputs' gradients.</summary>
    internal void Record(Tensor output, Action backward)
    {
        output.RequiresGrad = true;
        _nodes.Add((output, backward));
    }

    internal void Own(Tensor t)
    {
        if (_noGradDepth == 0)
        {
            _owned.Add(t);
        }
        else if (_inferenceDepth > 0)
        {
            _scoped.Add(t);
        }
    }

    /// <summary>Differentiates the scalar <paramref name="root"/> with respect to every recorded input, then forgets
    /// the recorded operations (buffers stay valid until <see cref="EndStep"/>).</summary>
    /// <exception cref="InvalidOperationException">The root has more than one element or does not require grad.</exception>
    public void Backward(Tensor root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length != 1)
        {
            throw new InvalidOperationException($"Backward needs a scalar; shape is {ShapeUtil.Format(root.Shape)}.");
        }

        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("Backward on a tensor that does not require grad (no recorded operation leads to it).");
        }

        root.AccumulateGrad([1f]);
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            var (output, backward) = _nodes[i];
            if (output.Grad is not null)
            {
                backward();
            }
        }

        _nodes.Clear();
    }

    /// <summary>Ends a training step: forgets recorded operations and returns the buffers (and gradients) of every
    /// operation output created since the last call to the pool. Those tensors must not be used afterwards.</summary>
    public void EndStep()
    {
        _nodes.Clear();
        foreach (var t in _owned)
        {
            t.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>Forgets recorded operations and owned outputs without releasing them (outputs stay valid, GC-owned).</summary>
    public void Clear()
    {
        _nodes.Clear();
        _owned.Clear();
    }
}

/// <summary>A scope in which the tape records nothing; dispose to leave it.</summary>
public readonly struct NoGradScope : IDisposable
{
    /// <summary>Leaves the scope.</summary>
    public void Dispose() => GradientTape.ExitNoGrad();
}

/// <summary>An inference scope (<see cref="GradientTape.Inference"/>): records nothing and returns the buffers of the
/// outputs created inside it to the pool when disposed.</summary>
public readonly struct InferenceScope : IDisposable
{
    private readonly GradientTape? _tape;
    private readonly int _start;

    internal InferenceScope(GradientTape tape, int start)
    {
        _tape = tape;
        _start = start;
    }

    /// <summary>Returns the outputs' buffers to the pool and leaves the scope.</summary>
    public void Dispose() => _tape?.ExitInference(_start);
}
