using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// A Beta policy over a position: an MLP (<c>mlp</c>, sizes [Features, Hidden…, 2]) maps a state row (forecast,
/// volatility, trend, extras: <see cref="PolicyFeatures"/>) to z = (z₀, z₁); α = softplus(z₀) + 1, β = softplus(z₁) + 1
/// (both &gt; 1, so the density is unimodal and finite at 0 and 1; Chou et al. 2017 for Beta policies in continuous
/// control). The unit action u ~ Beta(α, β) in training, u = α/(α + β) (the mean) in serving; the action is 2u ∈ [0, 2]
/// and the position <see cref="ToPosition"/> = 2u − 1 ∈ [−1, 1], a signed fraction of the risk budget (−1 all short,
/// +1 all long). Parameter names are PyTorch state-dict paths (<c>mlp.layers.{i}.weight</c>, <c>.bias</c>).
/// </summary>
public sealed class PolicyHead : Module
{
    private readonly Mlp _mlp;

    /// <summary>Creates the head with PyTorch's default initialisation per layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="config"/> is out of range.</exception>
    public PolicyHead(PolicyHeadConfig config, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        Config = config;
        _mlp = Child("mlp", new Mlp(config.LayerSizes(), config.Activation, random));
    }

    /// <summary>The sizes the head was built with.</summary>
    public PolicyHeadConfig Config { get; }

    /// <summary>α and β, each of shape (B), for states of shape (B, Features).</summary>
    /// <exception cref="ArgumentException"><paramref name="states"/> is not (B, Features).</exception>
    public PolicyBeta Forward(Tensor states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Rank != 2 || states.Shape[1] != Config.Features)
        {
            throw new ArgumentException($"states must have shape (B, {Config.Features}); got {ShapeUtil.Format(states.Shape)}.", nameof(states));
        }

        var b = states.Shape[0];
        var z = _mlp.Forward(states);
        var alpha = Ops.AddScalar(Ops.Softplus(Ops.Reshape(Ops.Slice(z, 1, 0, 1), b)), 1f);
        var beta = Ops.AddScalar(Ops.Softplus(Ops.Reshape(Ops.Slice(z, 1, 1, 1), b)), 1f);
        return new PolicyBeta(alpha, beta);
    }

    /// <summary>The position 2u − 1 ∈ [−1, 1] of a unit action u ∈ [0, 1] (the action 2u minus 1).</summary>
    public static float ToPosition(float unitAction) => (2f * unitAction) - 1f;

    /// <summary>The serving position 2·α/(α + β) − 1 = (α − β)/(α + β): the mean action minus 1.</summary>
    public static float MeanPosition(float alpha, float beta) => (alpha - beta) / (alpha + beta);
}
