using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015) and, with <c>decoupled</c>, AdamW (Loshchilov and Hutter 2019), as PyTorch 1.13:
/// m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g², p ← p - lr·(m/(1-β₁ᵗ)) / (√(v/(1-β₂ᵗ)) + ε). Adam adds λp to g (L2);
/// AdamW first multiplies p by (1 - lr·λ).
/// </summary>
public class Adam : Optimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _eps;
    private readonly float _weightDecay;
    private readonly bool _decoupled;
    private readonly float[]?[] _m;
    private readonly float[]?[] _v;

    /// <summary>Creates Adam (L2 weight decay added to the gradient).</summary>
    public Adam(IReadOnlyList<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f)
        : this(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: false)
    {
    }

    /// <summary>Creates Adam or AdamW.</summary>
    protected Adam(IReadOnlyList<Tensor> parameters, float learningRate, float beta1, float beta2, float eps, float weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        (_beta1, _beta2, _eps, _weightDecay, _decoupled) = (beta1, beta2, eps, weightDecay, decoupled);
        _m = new float[]?[parameters.Count];
        _v = new float[]?[parameters.Count];
    }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var m = _m[index] ??= new float[parameter.Length];
        var v = _v[index] ??= new float[parameter.Length];
        var t = StepCount;
        var bc1 = 1.0 - Math.Pow(_beta1, t);
        var bc2 = 1.0 - Math.Pow(_beta2, t);
        var stepSize = (float)(LearningRate / bc1);
        var bc2Sqrt = (float)Math.Sqrt(bc2);
        var decay = _decoupled ? 1f - (LearningRate * _weightDecay) : 1f;
        for (var i = 0; i < parameter.Length; i++)
        {
            var g = gradient[i];
            if (!_decoupled)
            {
                g += _weightDecay * parameter[i];
            }
            else
            {
                parameter[i] *= decay;
            }

            m[i] = (_beta1 * m[i]) + ((1f - _beta1) * g);
            v[i] = (_beta2 * v[i]) + ((1f - _beta2) * g * g);
            var denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + _eps;
            parameter[i] -= stepSize * m[i] / denom;
        }
    }
}
