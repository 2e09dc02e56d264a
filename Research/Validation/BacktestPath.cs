namespace Quant.Orleans.Research.Validation;

/// <summary>One backtest path of combinatorial purged cross-validation (AFML §12.4): for each group, in time order,
/// the split whose out-of-sample predictions cover it.</summary>
/// <param name="Index">Path number in [0, φ).</param>
/// <param name="Segments">One segment per group, shape (N groups), in time order.</param>
public sealed record BacktestPath(int Index, PathSegment[] Segments);

/// <summary>A group of a backtest path and the split that tests it.</summary>
/// <param name="Group">Group number in [0, N).</param>
/// <param name="Split">Index of the split (into <see cref="CombinatorialPurgedCV.Split"/>'s folds) whose test set holds this group.</param>
/// <param name="First">First sample index of the group.</param>
/// <param name="Last">Last sample index of the group (inclusive).</param>
public readonly record struct PathSegment(int Group, int Split, int First, int Last);
