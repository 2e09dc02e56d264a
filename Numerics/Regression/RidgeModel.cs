namespace Quant.Orleans.Numerics.Regression;

/// <summary>
/// A frozen ridge model ready to predict, built from <see cref="RidgeCoefficients"/>: the standardisation is folded into
/// raw-space weights wⱼ = βⱼ/sⱼ and an offset c = b − Σ wⱼμⱼ, so that <see cref="Predict"/> computes
/// <c>ŷ = c + Σⱼ wⱼ·x[j]</c> without allocating. Immutable and thread-safe.
/// </summary>
public sealed class RidgeModel
{
    private readonly double[] _weights;
    private readonly double _offset;

    /// <summary>Validates and folds the coefficients.</summary>
    /// <param name="coefficients">The frozen fit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="coefficients"/> or one of its arrays is null.</exception>
    /// <exception cref="ArgumentException">The arrays differ in length, are empty, a scale is not positive, or a value is
    /// not finite.</exception>
    public RidgeModel(RidgeCoefficients coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(coefficients.Means, "coefficients.Means");
        ArgumentNullException.ThrowIfNull(coefficients.Scales, "coefficients.Scales");
        ArgumentNullException.ThrowIfNull(coefficients.Coefficients, "coefficients.Coefficients");
        var p = coefficients.Coefficients.Length;
        if (p == 0 || coefficients.Means.Length != p || coefficients.Scales.Length != p)
        {
            throw new ArgumentException(
                $"Coefficient arrays must be non-empty and of equal length: Means {coefficients.Means.Length}, Scales {coefficients.Scales.Length}, Coefficients {p}.",
                nameof(coefficients));
        }

        if (!double.IsFinite(coefficients.Intercept))
        {
            throw new ArgumentException($"Intercept = {coefficients.Intercept} is not finite.", nameof(coefficients));
        }

        _weights = new double[p];
        var offset = coefficients.Intercept;
        for (var j = 0; j < p; j++)
        {
            var s = coefficients.Scales[j];
            var mu = coefficients.Means[j];
            var beta = coefficients.Coefficients[j];
            if (!(s > 0.0) || !double.IsFinite(s) || !double.IsFinite(mu) || !double.IsFinite(beta))
            {
                throw new ArgumentException($"Column {j}: scale {s} must be finite and positive, mean {mu} and coefficient {beta} finite.", nameof(coefficients));
            }

            _weights[j] = beta / s;
            offset -= _weights[j] * mu;
        }

        _offset = offset;
        Coefficients = coefficients;
    }

    /// <summary>The frozen fit this model was built from.</summary>
    public RidgeCoefficients Coefficients { get; }

    /// <summary>The number of features p.</summary>
    public int FeatureCount => _weights.Length;

    /// <summary>Raw-space weights wⱼ = βⱼ/sⱼ, length p, in target unit per feature unit.</summary>
    public ReadOnlySpan<double> RawWeights => _weights;

    /// <summary>Raw-space offset c = b − Σ wⱼμⱼ, in the target's unit.</summary>
    public double RawOffset => _offset;

    /// <summary>Effectively computes <c>c + Σⱼ wⱼ·features[j]</c>; NaN in a feature gives NaN.</summary>
    /// <param name="features">x of length p.</param>
    /// <returns>The prediction, in the target's unit.</returns>
    /// <exception cref="ArgumentException">The length is not p.</exception>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _weights.Length)
        {
            throw new ArgumentException($"features has length {features.Length}; the model has {_weights.Length} features.", nameof(features));
        }

        var s = _offset;
        var w = _weights.AsSpan();
        for (var j = 0; j < w.Length; j++)
        {
            s += w[j] * features[j];
        }

        return s;
    }
}
