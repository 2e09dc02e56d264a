namespace Quant.Orleans.Learning.Training;

/// <summary>The states a GRPO task trains or validates on: <see cref="Count"/> rows of <see cref="Features"/> values
/// (row-major, the <see cref="Models.PolicyFeatures"/> layout) and the reward of any position in each.</summary>
public sealed class GrpoDataSet
{
    private readonly float[] _states;

    /// <summary>Copies <paramref name="states"/> (Count × features values).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The length is not a positive multiple of <paramref name="features"/>, or a
    /// value is not finite (named by row and column).</exception>
    public GrpoDataSet(ReadOnlySpan<float> states, int features, GrpoRewardFunction reward)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentNullException.ThrowIfNull(reward);
        if (states.Length == 0 || states.Length % features != 0)
        {
            throw new ArgumentException($"states has {states.Length} values; it must be a positive multiple of features = {features}.", nameof(states));
        }

        for (var i = 0; i < states.Length; i++)
        {
            if (!float.IsFinite(states[i]))
            {
                throw new ArgumentException($"states row {i / features}, column {i % features} is {states[i]}; every value must be finite.", nameof(states));
            }
        }

        _states = states.ToArray();
        Features = features;
        Count = states.Length / features;
        Reward = reward;
    }

    /// <summary>Values per state row.</summary>
    public int Features { get; }

    /// <summary>Number of states.</summary>
    public int Count { get; }

    /// <summary>The reward of a position in a state.</summary>
    public GrpoRewardFunction Reward { get; }

    /// <summary>The row of state <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> State(int index) => _states.AsSpan(index * Features, Features);
}
