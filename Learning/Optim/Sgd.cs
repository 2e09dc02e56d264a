using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Optim;

/// <summary>Stochastic gradient descent with momentum and L2 weight decay as PyTorch's <c>torch.optim.SGD</c>
/// (dampening 0, not Nesterov): g ← g + λp; b ← μb + g (b = g on the first step); p ← p - lr·b.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float _momentum;
    private readonly float _weightDecay;
    private readonly float[]?[] _buffers;

    /// <summary>Creates the optimiser.</summary>
    public Sgd(IReadOnlyList<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        _momentum = momentum;
        _weightDecay = weightDecay;
        _buffers = new float[]?[parameters.Count];
    }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var first = _buffers[index] is null;
        var buf = _buffers[index] ??= new float[parameter.Length];
        for (var i = 0; i < parameter.Length; i++)
        {
            var g = gradient[i] + (_weightDecay * parameter[i]);
            if (_momentum != 0f)
            {
                buf[i] = first ? g : (_momentum * buf[i]) + g;
                g = buf[i];
            }

            parameter[i] -= LearningRate * g;
        }
    }
}
