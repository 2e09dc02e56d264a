using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Optim;

/// <summary>Updates parameters from their gradients; parameters without a gradient are skipped.</summary>
public abstract class Optimizer
{
    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not positive.</exception>
    protected Optimizer(IReadOnlyList<Tensor> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        Parameters = parameters;
        LearningRate = learningRate;
    }

    /// <summary>The parameters updated by <see cref="Step"/>.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The current learning rate (a schedule sets it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>The number of completed steps.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is not null)
            {
                Update(i, p.Span, p.Grad.Span);
            }
        }
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            Parameters[i].ZeroGrad();
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);
}
