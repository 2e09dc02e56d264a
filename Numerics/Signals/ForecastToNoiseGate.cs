namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// The baseline judge: a forecast passes when |expected return| / noise ≥ <see cref="MinimumRatio"/>, where noise is
/// the model's residual standard deviation over the same horizon (a t-like signal-to-noise ratio). A boosted-trees
/// meta-labeler replaces it later; this stays as the selectable baseline.
/// </summary>
public sealed class ForecastToNoiseGate
{
    /// <summary>Creates the gate.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumRatio"/> is negative or not finite.</exception>
    public ForecastToNoiseGate(double minimumRatio = 0.25)
    {
        if (!(minimumRatio >= 0 && double.IsFinite(minimumRatio)))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRatio), minimumRatio, "Minimum ratio must be finite and >= 0.");
        }

        MinimumRatio = minimumRatio;
    }

    /// <summary>The threshold on |μ|/σ.</summary>
    public double MinimumRatio { get; }

    /// <summary>True when |<paramref name="expectedReturn"/>| / <paramref name="noise"/> ≥ the threshold; the ratio is returned (NaN for a non-positive noise, which never passes).</summary>
    public bool Passes(double expectedReturn, double noise, out double ratio)
    {
        ratio = noise > 0 ? Math.Abs(expectedReturn) / noise : double.NaN;
        return ratio >= MinimumRatio;
    }
}
