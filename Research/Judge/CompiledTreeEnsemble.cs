using System.Runtime.CompilerServices;
using Microsoft.ML.Trainers.FastTree;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// A trained FastTree ensemble flattened into arrays for scoring without ML.NET's data pipeline: effectively
/// computes <c>score(x) = bias + Σ_t weight_t · leaf_t(x)</c>, where each tree is walked from its root going left when
/// <c>x[feature] ≤ threshold</c> (float32 comparison, FastTree's rule; NaN goes right) and right otherwise, until a
/// negative child <c>~leaf</c> names a leaf. The trees are read from
/// <see cref="TreeEnsembleModelParametersBasedOnRegressionTree.TrainedTreeEnsemble"/>; categorical splits are refused.
/// Cost per row: O(trees · depth), no allocation.
/// </summary>
public sealed class CompiledTreeEnsemble
{
    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaf;
    private readonly double _bias;

    private CompiledTreeEnsemble(int[] roots, int[] feature, float[] threshold, int[] left, int[] right, double[] leaf, double bias, double[] gains, int featureCount)
    {
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _leaf = leaf;
        _bias = bias;
        Gains = gains;
        FeatureCount = featureCount;
    }

    /// <summary>Number of trees.</summary>
    public int Trees => _roots.Length;

    /// <summary>Width d of a row.</summary>
    public int FeatureCount { get; }

    /// <summary>Total split gain per feature (the sum of <see cref="RegressionTreeBase.SplitGains"/> of the splits on it), shape (d).</summary>
    public IReadOnlyList<double> Gains { get; }

    /// <summary>Flattens a trained ensemble.</summary>
    /// <param name="model">The FastTree model parameters.</param>
    /// <param name="featureCount">Row width d.</param>
    /// <returns>The compiled ensemble.</returns>
    /// <exception cref="NotSupportedException">A tree has a categorical split.</exception>
    /// <exception cref="InvalidDataException">A split names a feature outside [0, d).</exception>
    public static CompiledTreeEnsemble Compile(TreeEnsembleModelParametersBasedOnRegressionTree model, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ensemble = model.TrainedTreeEnsemble;
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaf = new List<double>();
        var gains = new double[featureCount];
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            var nodeOffset = feature.Count;
            var leafOffset = leaf.Count;
            for (var l = 0; l < tree.NumberOfLeaves; l++)
            {
                leaf.Add(weight * tree.LeafValues[l]);
            }

            if (tree.NumberOfNodes == 0)
            {
                // A single-leaf tree: a root that is a leaf, encoded as ~leaf.
                roots.Add(~leafOffset);
                continue;
            }

            roots.Add(nodeOffset);
            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                if (tree.CategoricalSplitFlags[node])
                {
                    throw new NotSupportedException($"tree {t} node {node} has a categorical split; the judge's features are numeric.");
                }

                var f = tree.NumericalSplitFeatureIndexes[node];
                if ((uint)f >= (uint)featureCount)
                {
                    throw new InvalidDataException($"tree {t} node {node} splits on feature {f}, outside [0, {featureCount}).");
                }

                feature.Add(f);
                threshold.Add(tree.NumericalSplitThresholds[node]);
                left.Add(Child(tree.LeftChild[node], nodeOffset, leafOffset));
                right.Add(Child(tree.RightChild[node], nodeOffset, leafOffset));
                gains[f] += tree.SplitGains[node];
            }
        }

        return new CompiledTreeEnsemble([.. roots], [.. feature], [.. threshold], [.. left], [.. right], [.. leaf], ensemble.Bias, gains, featureCount);
    }

    /// <summary>The raw ensemble score of one row (ML.NET's <c>Score</c> column).</summary>
    /// <param name="row">Features, shape (d).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">The row is not d wide.</exception>
    public double Score(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"row has {row.Length} values; the ensemble was trained on {FeatureCount}.", nameof(row));
        }

        var sum = _bias;
        for (var t = 0; t < _roots.Length; t++)
        {
            sum += Walk(_roots[t], row);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Walk(int node, ReadOnlySpan<float> row)
    {
        while (node >= 0)
        {
            node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        }

        return _leaf[~node];
    }

    private static int Child(int child, int nodeOffset, int leafOffset) => child >= 0 ? child + nodeOffset : ~(~child + leafOffset);
}
