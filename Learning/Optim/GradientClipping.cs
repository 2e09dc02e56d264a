using Quant.Orleans.Learning.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Quant.Orleans.Learning.Optim;

/// <summary>Gradient clipping by global norm (Pascanu et al. 2013), as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients by min(1, maxNorm / (‖g‖₂ + 1e-6)), ‖g‖₂ over every gradient element together;
    /// returns the norm before clipping (NaN if a gradient holds NaN).</summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var sum = 0.0;
        foreach (var p in parameters)
        {
            if (p.Grad is not null)
            {
                sum += TensorPrimitives.SumOfSquares<float>(p.Grad.Span);
            }
        }

        var norm = Math.Sqrt(sum);
        var coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0)
        {
            foreach (var p in parameters)
            {
                if (p.Grad is not null)
                {
                    TensorPrimitives.Multiply(p.Grad.Span, (float)coef, p.Grad.Span);
                }
            }
        }

        return norm;
    }
}
