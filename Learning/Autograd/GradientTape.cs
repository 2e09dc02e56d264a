using System.Runtime.InteropServices;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

/// <summary>
/// The thread's record of differentiable operations, in execution order (which is a topological order), for
/// reverse-mode differentiation, and the owner of the tensors a step creates.
/// <para>
/// Ownership rule: every tensor an operation creates (outputs and views) while gradients are enabled belongs to the
/// tape, and so does the gradient <see cref="Tensor.Grad"/> of such a tensor. <see cref="EndStep"/> releases them all:
/// their buffers go back to <see cref="TensorPool"/> and the tensor objects back to the tape's own pool, from which
/// the next step's operations take them, so a training loop of a fixed model allocates nothing in steady state.
/// Likewise the tensors created inside an <see cref="Inference"/> scope are released when the scope ends. Tensors
/// created outside a step (parameters, inputs made with <see cref="Tensor.FromArray"/> and the like, outputs made
/// inside a plain <see cref="NoGrad"/> scope) and the gradients of parameters are never released by the tape.
/// A released tensor throws <see cref="ObjectDisposedException"/> when its elements are read or written while its
/// object sits in the pool; once the object is handed out again, a stale reference would see the new tensor, so copy
/// what you need (<see cref="Tensor.ToScalar"/>, <see cref="Tensor.CopyTo"/>) before the step or scope ends.
/// <see cref="RecycleTensors"/> = false keeps releasing buffers but never reuses tensor objects (for checking that
/// results do not depend on the recycling).
/// </para>
/// </summary>
public sealed class GradientTape
{
    [ThreadStatic]
    private static GradientTape? _current;

    [ThreadStatic]
    private static int _noGradDepth;

    private readonly List<TapeNode> _nodes = new(256);
    private readonly List<Tensor> _owned = new(256);
    private readonly List<Tensor> _scoped = new(256);
    private readonly Stack<Tensor> _free = new(256);
    private int _inferenceDepth;

    /// <summary>The calling thread's tape.</summary>
    public static GradientTape Current => _current ??= new GradientTape();

    /// <summary>Whether operations are recorded (false inside a <see cref="NoGrad"/> scope).</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>The number of recorded operations not yet differentiated.</summary>
    public int Count => _nodes.Count;

    /// <summary>Whether released step and scope tensors are reused as the objects of later outputs (default true).
    /// Buffers are returned to <see cref="TensorPool"/> either way.</summary>
    public bool RecycleTensors { get; set; } = true;

    /// <summary>The number of released tensor objects waiting to be reused.</summary>
    public int FreeTensorCount => _free.Count;

    /// <summary>Disables recording on this thread until the returned scope is disposed (inference).</summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return default;
    }

    internal static void ExitNoGrad() => _noGradDepth--;

    /// <summary>
    /// Disables recording (as <see cref="NoGrad"/>) and, when the returned scope is disposed, releases every tensor
    /// an operation created inside it (buffers to <see cref="TensorPool"/>, objects to this tape's pool), so that
    /// repeated inference allocates nothing in steady state. Copy what you need out of the outputs (for example with
    /// <see cref="Tensor.CopyTo"/>) before disposing the scope; the outputs must not be used afterwards.
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
            Recycle(_scoped[i]);
        }

        _scoped.RemoveRange(start, _scoped.Count - start);
        _inferenceDepth--;
        _noGradDepth--;
    }

    /// <summary>Whether an operation on these inputs must be recorded.</summary>
    internal static bool ShouldRecord(Tensor a) => _noGradDepth == 0 && a.RequiresGrad;

    /// <summary>Whether an operation on these inputs must be recorded.</summary>
    internal static bool ShouldRecord(Tensor a, Tensor b) => _noGradDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    /// <summary>Records an operation and returns its node for the caller to fill in (the reference is valid until
    /// the next call): <paramref name="backward"/> reads <c>node.Output.Grad</c> and accumulates into the inputs'
    /// gradients. It must be a static (non-capturing) function so that recording allocates nothing.</summary>
    internal ref TapeNode Record(Tensor output, BackwardFunction backward)
    {
        output.RequiresGrad = true;
        _nodes.Add(new TapeNode { Output = output, Backward = backward });
        return ref CollectionsMarshal.AsSpan(_nodes)[^1];
    }

    /// <summary>A tensor for an operation's output or view: owned by the step (gradients enabled) or by the
    /// innermost inference scope, its object taken from the pool; otherwise a plain object the GC owns.</summary>
    internal Tensor NewOutput(float[] data, int[] shape, int[] strides, int offset, bool ownsBuffer)
    {
        List<Tensor> owner;
        if (_noGradDepth == 0)
        {
            owner = _owned;
        }
        else if (_inferenceDepth > 0)
        {
            owner = _scoped;
        }
        else
        {
            return new Tensor(data, shape, strides, offset, ownsBuffer);
        }

        var t = Take(data, shape, strides, offset, ownsBuffer);
        owner.Add(t);
        return t;
    }

    /// <summary>A pooled tensor object not listed as an output: the gradient of a pooled output, released with it.</summary>
    internal Tensor NewPooledObject(float[] data, int[] shape, int[] strides) => Take(data, shape, strides, 0, ownsBuffer: true);

    private Tensor Take(float[] data, int[] shape, int[] strides, int offset, bool ownsBuffer)
    {
        Tensor t;
        if (RecycleTensors && _free.TryPop(out var free))
        {
            t = free;
            t.Init(data, shape, strides, offset, ownsBuffer);
        }
        else
        {
            t = new Tensor(data, shape, strides, offset, ownsBuffer);
        }

        t.IsPooled = true;
        return t;
    }

    private void Recycle(Tensor t)
    {
        var objects = RecycleTensors ? _free : null;
        var wasReleased = t.IsReleased;
        t.Release(objects);
        if (objects is not null && !wasReleased)
        {
            objects.Push(t);
        }
    }

    /// <summary>Differentiates the scalar <paramref name="root"/> with respect to every recorded input, then forgets
    /// the recorded operations (tensors stay valid until <see cref="EndStep"/>).</summary>
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
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        for (var i = nodes.Length - 1; i >= 0; i--)
        {
            ref readonly var node = ref nodes[i];
            if (node.Output.Grad is not null)
            {
                node.Backward(in node);
            }
        }

        _nodes.Clear();
    }

    /// <summary>Ends a training step: forgets recorded operations and releases every tensor operations created since
    /// the last call, with their gradients (see the ownership rule in the class remarks). Those tensors must not be
    /// used afterwards.</summary>
    public void EndStep()
    {
        _nodes.Clear();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            Recycle(_owned[i]);
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

/// <summary>A backward step: reads <c>node.Output.Grad</c> and accumulates into the gradients of the node's inputs.</summary>
internal delegate void BackwardFunction(in TapeNode node);

/// <summary>
/// One recorded operation: its output, a static backward function and the state it needs (inputs, sizes, scalars,
/// scratch buffers), stored by value in the tape's list so that recording allocates nothing. The meaning of the
/// generic slots is defined by each operation's backward function.
/// </summary>
internal struct TapeNode
{
    public Tensor Output;
    public BackwardFunction Backward;
    public Tensor? A;
    public Tensor? B;
    public Tensor? C;
    public Tensor? D;
    public object? State;
    public float[]? Buf0;
    public float[]? Buf1;
    public int I0;
    public int I1;
    public int I2;
    public int I3;
    public int I4;
    public int I5;
    public int I6;
    public int I7;
    public float F0;
    public float F1;
    public bool Flag0;
    public bool Flag1;
}

/// <summary>A scope in which the tape records nothing; dispose to leave it.</summary>
public readonly struct NoGradScope : IDisposable
{
    /// <summary>Leaves the scope.</summary>
    public void Dispose() => GradientTape.ExitNoGrad();
}

/// <summary>An inference scope (<see cref="GradientTape.Inference"/>): records nothing and releases the tensors
/// created inside it when disposed.</summary>
public readonly struct InferenceScope : IDisposable
{
    private readonly GradientTape? _tape;
    private readonly int _start;

    internal InferenceScope(GradientTape tape, int start)
    {
        _tape = tape;
        _start = start;
    }

    /// <summary>Releases the outputs and leaves the scope.</summary>
    public void Dispose() => _tape?.ExitInference(_start);
}
