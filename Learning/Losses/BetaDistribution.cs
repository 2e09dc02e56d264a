using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>
/// The Beta(α, β) distribution on (0, 1): log-density on the tape (gradients to α and β through lnΓ and ψ), closed-form
/// moments and a seeded sampler (<c>BetaDistribution.Sampling.cs</c>). The policy head (<see cref="Models.PolicyHead"/>)
/// samples its unit action u from it.
/// </summary>
public static partial class BetaDistribution
{
    /// <summary>The default clamp ε of <see cref="LogProb(Tensor, Tensor, Tensor, float)"/>: x is evaluated at
    /// min(max(x, ε), 1 − ε). With α, β ≥ 1 the log-density there is finite (ln ε ≈ −13.8) and its gradient with
    /// respect to α is ln x − ψ(α) + ψ(α + β), bounded by 13.8 + ψ terms; float32 resolves 1 − 1e-6 (spacing 6e-8).</summary>
    public const float DefaultEpsilon = 1e-6f;

    /// <summary>
    /// Effectively computes <c>log p(x) = (α−1)·ln x + (β−1)·ln(1−x) − ln B(α, β)</c> with
    /// ln B(α, β) = lnΓ(α) + lnΓ(β) − lnΓ(α+β), element-wise after broadcasting α, β and x (e.g. α, β of shape (S, 1)
    /// against x of shape (S, G)), with x first clamped to [ε, 1 − ε] (the clamp passes x's gradient only inside).
    /// Equals <c>torch.distributions.Beta(α, β).log_prob(x.clamp(ε, 1 − ε))</c>. Gradients: ∂/∂α = ln x − ψ(α) + ψ(α+β),
    /// ∂/∂β = ln(1−x) − ψ(β) + ψ(α+β). NaN where α or β is not positive or x is NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not in (0, 0.5).</exception>
    public static Tensor LogProb(Tensor alpha, Tensor beta, Tensor x, float epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(x);
        CheckEpsilon(epsilon);
        var xc = Ops.Clamp(x, epsilon, 1f - epsilon);
        var logX = Ops.Log(xc);
        var log1mX = Ops.Log(Ops.AddScalar(Ops.Neg(xc), 1f));
        var ll = Ops.Add(Ops.Mul(Ops.AddScalar(alpha, -1f), logX), Ops.Mul(Ops.AddScalar(beta, -1f), log1mX));
        var logB = Ops.Sub(Ops.Add(Ops.LGamma(alpha), Ops.LGamma(beta)), Ops.LGamma(Ops.Add(alpha, beta)));
        return Ops.Sub(ll, logB);
    }

    /// <summary>The same log-density in double precision for one point, x clamped to [ε, 1 − ε].</summary>
    /// <exception cref="ArgumentOutOfRangeException">α or β is not positive and finite, or ε is not in (0, 0.5).</exception>
    public static double LogProb(double alpha, double beta, double x, double epsilon = DefaultEpsilon)
    {
        CheckShape(alpha, nameof(alpha));
        CheckShape(beta, nameof(beta));
        if (!(epsilon > 0.0 && epsilon < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must lie in (0, 0.5); got {epsilon}.");
        }

        var xc = Math.Clamp(x, epsilon, 1.0 - epsilon);
        return ((alpha - 1.0) * Math.Log(xc)) + ((beta - 1.0) * Math.Log(1.0 - xc)) - LogBeta(alpha, beta);
    }

    /// <summary>ln B(α, β) = lnΓ(α) + lnΓ(β) − lnΓ(α + β) (Math.NET's Lanczos lnΓ, double precision).</summary>
    public static double LogBeta(double alpha, double beta) =>
        MathNet.Numerics.SpecialFunctions.GammaLn(alpha) + MathNet.Numerics.SpecialFunctions.GammaLn(beta) - MathNet.Numerics.SpecialFunctions.GammaLn(alpha + beta);

    /// <summary>The mean α / (α + β).</summary>
    public static double Mean(double alpha, double beta) => alpha / (alpha + beta);

    /// <summary>The variance αβ / ((α + β)²(α + β + 1)).</summary>
    public static double Variance(double alpha, double beta)
    {
        var s = alpha + beta;
        return alpha * beta / (s * s * (s + 1.0));
    }

    private static void CheckEpsilon(float epsilon)
    {
        if (!(epsilon > 0f && epsilon < 0.5f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must lie in (0, 0.5); got {epsilon}.");
        }
    }

    private static void CheckShape(double value, string name)
    {
        if (!(value > 0.0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite; got {value}.");
        }
    }
}
