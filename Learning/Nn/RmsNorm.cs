using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>T5-style RMS normalisation (Zhang and Sennrich 2019) with a weight of shape (n), initialised to ones.</summary>
public sealed class RmsNorm : Module
{
    private readonly float _eps;

    /// <summary>Creates the layer for n features.</summary>
    public RmsNorm(int features, float eps = 1e-6f)
    {
        _eps = eps;
        Weight = Parameter("weight", Tensor.Ones(features));
    }

    /// <summary>Scale of shape (n).</summary>
    public Tensor Weight { get; }

    /// <summary>Normalises x of shape (*, n).</summary>
    public Tensor Forward(Tensor x) => Ops.RmsNorm(x, Weight, _eps);
}
