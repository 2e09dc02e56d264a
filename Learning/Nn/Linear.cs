using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>Affine layer y = x·Wᵀ + b (PyTorch's <c>nn.Linear</c>): input of shape (*, in), weight of shape
/// (out, in), bias of shape (out); output of shape (*, out). Weight and bias initialised U(-1/√in, 1/√in) as PyTorch.</summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with seeded weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, DeterministicRandom random, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        Weight = Parameter("weight", Initializers.KaimingUniform(random, outFeatures, inFeatures));
        var b = 1f / MathF.Sqrt(inFeatures);
        Bias = bias ? Parameter("bias", Initializers.Uniform(random, -b, b, outFeatures)) : null;
    }

    /// <summary>Weight of shape (out, in).</summary>
    public Tensor Weight { get; }

    /// <summary>Bias of shape (out), or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>x·Wᵀ + b for x of shape (*, in).</summary>
    public Tensor Forward(Tensor x) => Ops.Linear(x, Weight, Bias);
}
