using System.Numerics.Tensors;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// The serving path of a <see cref="PolicyHead"/> for one state, without the tape and without allocating: the weights
/// are copied once (row-major (out, in), as stored) and each layer is out dot products
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>) plus the bias, then the activation with
/// the tape path's own element functions (tanh and ReLU by <see cref="TensorPrimitives"/>, exact GELU by the same erf,
/// SiLU and softplus by the same scalar formulas). Equal to the tape path within a few float32 ulps (the dot products sum in
/// another order than the GEMM). <see cref="Refresh"/> after the head's weights change. Not thread-safe (one scratch
/// buffer per instance).
/// </summary>
public sealed class PolicyHeadInference
{
    private readonly PolicyHead _head;
    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly float[] _a;
    private readonly float[] _b;

    /// <summary>Copies the weights of <paramref name="head"/>.</summary>
    /// <exception cref="ArgumentException">A weight is not finite (the message names the parameter and index).</exception>
    public PolicyHeadInference(PolicyHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        _head = head;
        _sizes = head.Config.LayerSizes();
        _weights = new float[_sizes.Length - 1][];
        _biases = new float[_sizes.Length - 1][];
        for (var l = 0; l < _weights.Length; l++)
        {
            _weights[l] = new float[_sizes[l + 1] * _sizes[l]];
            _biases[l] = new float[_sizes[l + 1]];
        }

        var widest = _sizes.Max();
        (_a, _b) = (new float[widest], new float[widest]);
        Refresh();
    }

    /// <summary>Copies the head's current weights (after training or loading a state dict).</summary>
    /// <exception cref="ArgumentException">A weight is not finite; the previous weights stay.</exception>
    public void Refresh()
    {
        var state = _head.StateDict();
        foreach (var (name, tensor) in state)
        {
            var values = tensor.ToArray();
            var bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"Parameter '{name}' has the non-finite value {values[bad]} at index {bad}.", "head");
            }
        }

        for (var l = 0; l < _weights.Length; l++)
        {
            state[$"mlp.layers.{l}.weight"].CopyTo(_weights[l]);
            state[$"mlp.layers.{l}.bias"].CopyTo(_biases[l]);
        }
    }

    /// <summary>α and β for one state row of <see cref="PolicyHeadConfig.Features"/> values.</summary>
    /// <exception cref="ArgumentException">The row has another length, or a value is not finite (named by column).</exception>
    public (float Alpha, float Beta) Parameters(ReadOnlySpan<float> state)
    {
        if (state.Length != _sizes[0])
        {
            throw new ArgumentException($"state has {state.Length} values; the head takes {_sizes[0]}.", nameof(state));
        }

        for (var i = 0; i < state.Length; i++)
        {
            if (!float.IsFinite(state[i]))
            {
                throw new ArgumentException($"state[{i}] is {state[i]}; every feature must be finite.", nameof(state));
            }
        }

        ReadOnlySpan<float> x = state;
        var last = _weights.Length - 1;
        for (var l = 0; l < _weights.Length; l++)
        {
            var (n, m) = (_sizes[l], _sizes[l + 1]);
            var y = (l % 2 == 0 ? _a : _b).AsSpan(0, m);
            var w = _weights[l];
            var bias = _biases[l];
            for (var o = 0; o < m; o++)
            {
                y[o] = bias[o] + TensorPrimitives.Dot(w.AsSpan(o * n, n), x);
            }

            if (l < last)
            {
                Activate(_head.Config.Activation, y);
            }

            x = y;
        }

        return (Softplus(x[0]) + 1f, Softplus(x[1]) + 1f);
    }

    /// <summary>The serving position (α − β)/(α + β) = 2·α/(α + β) − 1 ∈ (−1, 1) for one state row.</summary>
    /// <exception cref="ArgumentException">As <see cref="Parameters"/>.</exception>
    public float Position(ReadOnlySpan<float> state)
    {
        var (alpha, beta) = Parameters(state);
        return PolicyHead.MeanPosition(alpha, beta);
    }

    private static float Softplus(float v) => v > 20f ? v : (float)Math.Log(1.0 + Math.Exp(v));

    private static void Activate(Activation activation, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Relu:
                TensorPrimitives.Max(y, 0f, y);
                break;
            case Activation.Gelu:
                GeluMath.Forward(y, y);
                break;
            case Activation.Silu:
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] /= 1f + MathF.Exp(-y[i]);
                }

                break;
            default:
                TensorPrimitives.Tanh(y, y);
                break;
        }
    }
}
