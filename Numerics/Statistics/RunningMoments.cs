namespace Quant.Orleans.Numerics.Statistics;

/// <summary>
/// Running count, mean and variance by Welford's algorithm (Welford, 1962; Knuth, TAOCP vol. 2, 3rd ed., §4.2.2,
/// eq. 15–16), numerically stable in one pass, with the parallel merge of Chan, Golub and LeVeque (1979). A mutable
/// struct: copy it to snapshot it. Non-finite values are rejected.
/// </summary>
public struct RunningMoments
{
    private double _m2;

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    public readonly double Mean => Count == 0 ? double.NaN : MeanUnchecked;

    /// <summary>The sample variance with the N−1 normaliser (Bessel's correction); NaN with fewer than two values.</summary>
    public readonly double Variance => Count < 2 ? double.NaN : _m2 / (Count - 1);

    /// <summary>The population variance with the N normaliser; NaN when empty.</summary>
    public readonly double PopulationVariance => Count == 0 ? double.NaN : _m2 / Count;

    /// <summary>√<see cref="Variance"/>; NaN with fewer than two values.</summary>
    public readonly double StandardDeviation => Math.Sqrt(Variance);

    private double MeanUnchecked { readonly get; set; }

    /// <summary>Adds one value: δ = x − mean; mean += δ/n; M₂ += δ·(x − mean).</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite.</exception>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Running moments accept finite values only.");
        }

        Count++;
        var delta = value - MeanUnchecked;
        MeanUnchecked += delta / Count;
        _m2 += delta * (value - MeanUnchecked);
    }

    /// <summary>Merges another accumulator into this one (Chan, Golub and LeVeque, 1979): the result equals adding all of
    /// its values.</summary>
    /// <param name="other">The accumulator to merge.</param>
    public void Merge(in RunningMoments other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        var n = Count + other.Count;
        var delta = other.MeanUnchecked - MeanUnchecked;
        MeanUnchecked += delta * other.Count / n;
        _m2 += other._m2 + (delta * delta * Count * other.Count / n);
        Count = n;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset() => this = default;
}
