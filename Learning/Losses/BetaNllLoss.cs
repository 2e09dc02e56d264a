using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Negative log-likelihood of y ∈ (0, 1) under Beta(α, β), averaged: -mean((α-1)·log y + (β-1)·log(1-y)
/// - log B(α, β)), log B(α, β) = lnΓ(α) + lnΓ(β) - lnΓ(α+β); equals -<c>torch.distributions.Beta(α, β).log_prob(y)</c>.</summary>
public static class BetaNllLoss
{
    /// <summary>The loss, shape (); α, β (positive) and y of the same shape. NaN when y is outside (0, 1).</summary>
    public static Tensor Compute(Tensor alpha, Tensor beta, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(y);
        var logY = Ops.Log(y);
        var log1mY = Ops.Log(Ops.AddScalar(Ops.Neg(y), 1f));
        var ll = Ops.Add(Ops.Mul(Ops.AddScalar(alpha, -1f), logY), Ops.Mul(Ops.AddScalar(beta, -1f), log1mY));
        var logB = Ops.Sub(Ops.Add(Ops.LGamma(alpha), Ops.LGamma(beta)), Ops.LGamma(Ops.Add(alpha, beta)));
        return Ops.Neg(Ops.MeanAll(Ops.Sub(ll, logB)));
    }
}
