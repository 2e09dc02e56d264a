namespace Quant.Orleans.Learning.Training;

/// <summary>The reward of taking <paramref name="position"/> ∈ [−1, 1] (fraction of the risk budget) in state
/// <paramref name="state"/> (an index into a <see cref="GrpoDataSet"/>). Must be a pure function of its arguments
/// (the trainer's determinism and resume rely on it); e.g. <see cref="Losses.GrpoReward.Trading"/> with the state's
/// forward return, costs and variance.</summary>
public delegate double GrpoRewardFunction(int state, float position);
