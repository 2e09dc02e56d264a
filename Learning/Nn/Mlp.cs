using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>Activation functions for <see cref="Mlp"/>.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>Exact GELU.</summary>
    Gelu,

    /// <summary>x·σ(x).</summary>
    Silu,

    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>Multi-layer perceptron: Linear → activation → … → Linear (no activation after the last layer). Input of
/// shape (*, sizes[0]), output (*, sizes[^1]).</summary>
public sealed class Mlp : Module
{
    private readonly Linear[] _layers;
    private readonly Activation _activation;

    /// <summary>Creates layers of the given sizes (at least two: input and output).</summary>
    /// <exception cref="ArgumentException">Fewer than two sizes.</exception>
    public Mlp(int[] sizes, Activation activation, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2)
        {
            throw new ArgumentException("An MLP needs at least input and output sizes.", nameof(sizes));
        }

        _activation = activation;
        _layers = new Linear[sizes.Length - 1];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = Child($"layers.{i}", new Linear(sizes[i], sizes[i + 1], random));
        }
    }

    /// <summary>Applies the layers to x of shape (*, in).</summary>
    public Tensor Forward(Tensor x)
    {
        for (var i = 0; i < _layers.Length; i++)
        {
            x = _layers[i].Forward(x);
            if (i < _layers.Length - 1)
            {
                x = Apply(_activation, x);
            }
        }

        return x;
    }

    /// <summary>The activation applied element-wise.</summary>
    public static Tensor Apply(Activation activation, Tensor x) => activation switch
    {
        Activation.Relu => Ops.Relu(x),
        Activation.Gelu => Ops.Gelu(x),
        Activation.Silu => Ops.Silu(x),
        _ => Ops.Tanh(x),
    };
}
