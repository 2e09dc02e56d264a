using Quant.Orleans.Learning.Nn;

namespace Quant.Orleans.Learning.Models;

/// <summary>Sizes of a <see cref="PolicyHead"/>: an MLP Features → Hidden[0] → … → 2.</summary>
public sealed record PolicyHeadConfig
{
    /// <summary>Columns of a state row (<see cref="PolicyFeatures"/>: forecast, volatility, trend, then extras); at
    /// least 3.</summary>
    public int Features { get; init; } = PolicyFeatures.Minimum;

    /// <summary>Widths of the hidden layers (may be empty: one linear layer Features → 2); each positive.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [32, 32];

    /// <summary>Activation after each hidden layer.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it, its value and the
    /// rule).</exception>
    public void Validate()
    {
        if (Features < PolicyFeatures.Minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(Features), Features, $"Features must be at least {PolicyFeatures.Minimum} (forecast, volatility, trend); got {Features}.");
        }

        ArgumentNullException.ThrowIfNull(Hidden, nameof(Hidden));
        for (var i = 0; i < Hidden.Count; i++)
        {
            if (Hidden[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Hidden), Hidden[i], $"Hidden[{i}] must be positive; got {Hidden[i]}.");
            }
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, $"Activation {Activation} is not an Activation value.");
        }
    }

    /// <summary>The layer sizes [Features, Hidden…, 2].</summary>
    public int[] LayerSizes() => [Features, .. Hidden, 2];
}
