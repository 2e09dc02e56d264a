using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// GRPO (Shao et al. 2024) of a <see cref="PolicyHead"/> as an <see cref="ITrainingTask"/>, so the <see cref="Trainer"/>
/// gives it AdamW, the schedule, clipping, early stopping, checkpoints and progress. One <see cref="Step"/> on B states:
/// <list type="number">
/// <item>every <see cref="GrpoTaskOptions.OldPolicyRefreshSteps"/> steps π_old ← π_θ (a copy of the weights);</item>
/// <item>α, β of π_old for the B states; G unit actions u ~ Beta(α, β) per state (<see cref="BetaDistribution.Sample"/>,
/// state by state, from a generator seeded from (Seed, step)); reward r = reward(state, 2u − 1);</item>
/// <item>log π_old(u) and log π_ref(u) (frozen reference) without the tape; log π_θ(u) on the tape;</item>
/// <item><see cref="GrpoLoss.Compute"/> and <c>Backward()</c>.</item>
/// </list>
/// Components reported per step (and averaged per epoch by the trainer): <c>reward</c> (mean sampled reward),
/// <c>kl</c> (mean k3), <c>clip</c> (clip fraction), <c>surrogate</c>. The validation loss is −(mean reward of the serving
/// position (α − β)/(α + β)) over the validation states, so early stopping keeps the epoch whose deterministic policy
/// earned most. The state dict holds the trained head (<c>policy.*</c>), π_old (<c>old.*</c>), the reference
/// (<c>reference.*</c>) and the step counter (<c>grpo.step</c>: k mod 2^20 and k / 2^20, exact in float32), so a resumed
/// run samples the same actions as an uninterrupted one. Log-densities are of u (the Jacobian of u ↦ 2u − 1 cancels in
/// every ratio).
/// </summary>
public sealed class GrpoTask : ITrainingTask
{
    private const string StepKey = "grpo.step";
    private const int StepRadix = 1 << 20;
    private readonly PolicyHead _old;
    private readonly GrpoDataSet _train;
    private readonly GrpoDataSet _validation;
    private readonly GrpoTaskOptions _options;
    private readonly Tensor _step = Tensor.Zeros(2);
    private readonly Dictionary<string, double> _components = new(StringComparer.Ordinal);

    /// <summary>Trains <paramref name="policy"/> on <paramref name="train"/> with KL to <paramref name="reference"/>
    /// (not trained; typically a copy of the initial head), validating on <paramref name="validation"/>.</summary>
    /// <exception cref="ArgumentException">The reference has other sizes than the policy, or a data set's feature count
    /// differs from the head's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public GrpoTask(PolicyHead policy, PolicyHead reference, GrpoDataSet train, GrpoDataSet validation, GrpoTaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!reference.Config.LayerSizes().AsSpan().SequenceEqual(policy.Config.LayerSizes()) || reference.Config.Activation != policy.Config.Activation)
        {
            throw new ArgumentException($"The reference head has sizes [{string.Join(", ", reference.Config.LayerSizes())}] ({reference.Config.Activation}); the policy [{string.Join(", ", policy.Config.LayerSizes())}] ({policy.Config.Activation}).", nameof(reference));
        }

        CheckFeatures(train, policy, nameof(train));
        CheckFeatures(validation, policy, nameof(validation));
        (Policy, Reference, _train, _validation, _options) = (policy, reference, train, validation, options);
        _old = new PolicyHead(policy.Config, new DeterministicRandom(0));
        _old.LoadStateDict(policy.StateDict());
        Parameters = policy.Parameters();
    }

    /// <summary>The trained head.</summary>
    public PolicyHead Policy { get; }

    /// <summary>The frozen reference head of the KL term.</summary>
    public PolicyHead Reference { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <inheritdoc/>
    public int TrainingSamples => _train.Count;

    /// <summary>Steps taken so far (restored with the state dict).</summary>
    public long StepCount
    {
        get => ((long)_step[1] * StepRadix) + (long)_step[0];
        private set => _step.CopyFrom([value % StepRadix, value / StepRadix]);
    }

    /// <inheritdoc/>
    public TrainingStepResult Step(ReadOnlySpan<int> batch)
    {
        var k = StepCount;
        if (k % _options.OldPolicyRefreshSteps == 0)
        {
            _old.LoadStateDict(Policy.StateDict());
        }

        var (b, g, f) = (batch.Length, _options.GroupSize, _train.Features);
        var rows = new float[b * f];
        for (var s = 0; s < b; s++)
        {
            _train.State(batch[s]).CopyTo(rows.AsSpan(s * f, f));
        }

        var states = Tensor.FromArray(rows, b, f);
        var alpha = new float[b];
        var beta = new float[b];
        using (GradientTape.Inference())
        {
            var p = _old.Forward(states);
            p.Alpha.CopyTo(alpha);
            p.Beta.CopyTo(beta);
        }

        var random = new DeterministicRandom(unchecked(_options.Seed + ((ulong)(k + 1) * 0x9E3779B97F4A7C15UL)));
        var actions = new float[b * g];
        var rewards = new float[b * g];
        for (var s = 0; s < b; s++)
        {
            for (var j = 0; j < g; j++)
            {
                var u = (float)BetaDistribution.Sample(random, alpha[s], beta[s]);
                actions[(s * g) + j] = u;
                rewards[(s * g) + j] = (float)_train.Reward(batch[s], PolicyHead.ToPosition(u));
            }
        }

        var u2 = Tensor.FromArray(actions, b, g);
        var oldLogProb = Tensor.Zeros(b, g);
        var referenceLogProb = Tensor.Zeros(b, g);
        using (GradientTape.Inference())
        {
            LogProb(_old, states, u2).CopyTo(oldLogProb.Span);
            LogProb(Reference, states, u2).CopyTo(referenceLogProb.Span);
        }

        var terms = GrpoLoss.Compute(LogProb(Policy, states, u2), oldLogProb, referenceLogProb, Tensor.FromArray(rewards, b, g), _options.Loss);
        terms.Total.Backward();
        var loss = terms.Total.ToScalar();
        StepCount = k + 1;
        _components["reward"] = terms.MeanReward;
        _components["kl"] = terms.Kl;
        _components["clip"] = terms.ClipFraction;
        _components["surrogate"] = terms.Surrogate;
        return new TrainingStepResult(loss, b, _components);
    }

    /// <summary>−(mean reward of the serving position (α − β)/(α + β)) over the validation states.</summary>
    public double ValidationLoss() => -MeanServingReward(_validation);

    /// <summary>The mean reward of the serving position (the Beta mean mapped to [−1, 1]) over <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data set's feature count differs from the head's.</exception>
    public double MeanServingReward(GrpoDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFeatures(data, Policy, nameof(data));
        var positions = ServingPositions(Policy, data);
        var sum = 0.0;
        for (var i = 0; i < positions.Length; i++)
        {
            sum += data.Reward(i, positions[i]);
        }

        return sum / positions.Length;
    }

    /// <summary>The serving position (α − β)/(α + β) of <paramref name="head"/> for every state of
    /// <paramref name="data"/> (no tape).</summary>
    public static float[] ServingPositions(PolicyHead head, GrpoDataSet data)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(data);
        var rows = new float[data.Count * data.Features];
        for (var i = 0; i < data.Count; i++)
        {
            data.State(i).CopyTo(rows.AsSpan(i * data.Features));
        }

        var states = Tensor.FromArray(rows, data.Count, data.Features);
        var (alpha, beta) = (new float[data.Count], new float[data.Count]);
        using (GradientTape.Inference())
        {
            var p = head.Forward(states);
            p.Alpha.CopyTo(alpha);
            p.Beta.CopyTo(beta);
        }

        var positions = new float[data.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = PolicyHead.MeanPosition(alpha[i], beta[i]);
        }

        return positions;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [StepKey] = _step };
        Add(state, "policy.", Policy);
        Add(state, "old.", _old);
        Add(state, "reference.", Reference);
        return state;
    }

    /// <inheritdoc/>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Policy.LoadStateDict(Section(state, "policy."));
        _old.LoadStateDict(Section(state, "old."));
        Reference.LoadStateDict(Section(state, "reference."));
        if (!state.TryGetValue(StepKey, out var step))
        {
            throw new KeyNotFoundException($"'{StepKey}' is missing from the state dict.");
        }

        _step.CopyFrom(step.ToArray());
    }

    private Tensor LogProb(PolicyHead head, Tensor states, Tensor actions)
    {
        var p = head.Forward(states);
        var b = states.Shape[0];
        return BetaDistribution.LogProb(Ops.Reshape(p.Alpha, b, 1), Ops.Reshape(p.Beta, b, 1), actions, _options.LogProbEpsilon);
    }

    private static void Add(Dictionary<string, Tensor> state, string prefix, PolicyHead head)
    {
        foreach (var (name, tensor) in head.NamedParameters())
        {
            state[prefix + name] = tensor;
        }
    }

    private static Dictionary<string, Tensor> Section(IReadOnlyDictionary<string, Tensor> state, string prefix) =>
        state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

    private static void CheckFeatures(GrpoDataSet data, PolicyHead head, string name)
    {
        if (data.Features != head.Config.Features)
        {
            throw new ArgumentException($"{name} has {data.Features} features per state; the head takes {head.Config.Features}.", name);
        }
    }
}
