using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>Layer normalisation over the last axis (Ba et al. 2016) with weight (ones) and bias (zeros) of shape (n).</summary>
public sealed class LayerNorm : Module
{
    private readonly float _eps;

    /// <summary>Creates the layer for n features.</summary>
    public LayerNorm(int features, float eps = 1e-5f)
    {
        _eps = eps;
        Weight = Parameter("weight", Tensor.Ones(features));
        Bias = Parameter("bias", Tensor.Zeros(features));
    }

    /// <summary>The ε added to the variance.</summary>
    public float Epsilon => _eps;

    /// <summary>Scale of shape (n).</summary>
    public Tensor Weight { get; }

    /// <summary>Shift of shape (n).</summary>
    public Tensor Bias { get; }

    /// <summary>Normalises x of shape (*, n).</summary>
    public Tensor Forward(Tensor x) => Ops.LayerNorm(x, Weight, Bias, _eps);
}
