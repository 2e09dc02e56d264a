using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Optim;

/// <summary>AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay p ← p·(1 - lr·λ), as
/// <c>torch.optim.AdamW</c> (default λ = 0.01).</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimiser.</summary>
    public AdamW(IReadOnlyList<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: true)
    {
    }
}
