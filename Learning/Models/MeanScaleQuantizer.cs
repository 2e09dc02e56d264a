using System.Text.Json.Serialization;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// Mean scaling and uniform binning of a series, after Chronos (Ansari et al. 2024, "Chronos: Learning the Language of
/// Time Series", §3.1): a context is divided by its mean absolute value (<see cref="MeanAbsScale"/>), and a scaled
/// value is mapped to one of <see cref="Bins"/> equal-width bins that partition [<see cref="Low"/>,
/// <see cref="High"/>]: bin k covers [Low + k·w, Low + (k+1)·w) with w = (High - Low) / Bins (the last bin also
/// holds High), and values outside the range go to the edge bins. Chronos instead puts its bin centres at
/// linspace(Low, High, n) with edges halfway between them; here the centres are Low + (k + ½)·w, so no centre lies
/// on Low or High. Immutable; serialises with System.Text.Json as <c>{"Bins":…,"Low":…,"High":…}</c> (deserialising
/// runs the constructor's checks and rejects unknown properties).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MeanScaleQuantizer
{
    /// <summary>A quantizer of <paramref name="bins"/> uniform bins over [<paramref name="low"/>, <paramref name="high"/>]
    /// in scaled units (e.g. 4096 bins over [-15, 15] as Chronos).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 2.</exception>
    /// <exception cref="ArgumentException"><paramref name="low"/> or <paramref name="high"/> is not finite, or
    /// <paramref name="low"/> ≥ <paramref name="high"/>.</exception>
    [JsonConstructor]
    public MeanScaleQuantizer(int bins, float low, float high)
    {
        if (bins < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "Bins must be at least 2.");
        }

        if (!float.IsFinite(low))
        {
            throw new ArgumentException($"Low = {low} must be finite.", nameof(low));
        }

        if (!float.IsFinite(high))
        {
            throw new ArgumentException($"High = {high} must be finite.", nameof(high));
        }

        if (!(low < high))
        {
            throw new ArgumentException($"Low = {low} must be below High = {high}.", nameof(low));
        }

        Bins = bins;
        Low = low;
        High = high;
    }

    /// <summary>The number of bins (≥ 2).</summary>
    public int Bins { get; }

    /// <summary>The lower edge of the first bin, in scaled units.</summary>
    public float Low { get; }

    /// <summary>The upper edge of the last bin, in scaled units.</summary>
    public float High { get; }

    /// <summary>The width of every bin, (High - Low) / Bins (computed in double, rounded to float).</summary>
    [JsonIgnore]
    public float BinWidth => (float)Width;

    private double Width => ((double)High - Low) / Bins;

    /// <summary>The mean scale of a context, max(floor, mean of |x| over its non-NaN values); NaN values count as
    /// missing (as Chronos's <c>nanmean</c>), and an empty or all-NaN context gives <paramref name="floor"/>. The sum
    /// runs in double.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="floor"/> is not finite and &gt; 0.</exception>
    /// <exception cref="ArgumentException">The context holds ±∞ (the index is named).</exception>
    public static float MeanAbsScale(ReadOnlySpan<float> context, float floor)
    {
        if (!(floor > 0f) || !float.IsFinite(floor))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The scale floor must be finite and > 0.");
        }

        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < context.Length; i++)
        {
            var x = context[i];
            if (float.IsNaN(x))
            {
                continue;
            }

            if (float.IsInfinity(x))
            {
                throw new ArgumentException($"context[{i}] = {x}; a context value must be finite or NaN (missing).", nameof(context));
            }

            sum += Math.Abs(x);
            count++;
        }

        return count == 0 ? floor : Math.Max(floor, (float)(sum / count));
    }

    /// <summary>The bin of a scaled value: floor((x - Low) / w) computed in double, clipped to [0, Bins - 1] (so
    /// x ≤ Low, including -∞, gives 0, and x ≥ High, including +∞, gives Bins - 1). A value on an interior edge
    /// Low + k·w goes to bin k, up to the rounding of (x - Low) / w.</summary>
    /// <exception cref="ArgumentException"><paramref name="scaledValue"/> is NaN.</exception>
    public int Bin(float scaledValue)
    {
        if (float.IsNaN(scaledValue))
        {
            throw new ArgumentException("A NaN value has no bin.", nameof(scaledValue));
        }

        var position = Math.Floor((scaledValue - (double)Low) / Width);
        return position <= 0 ? 0 : position >= Bins - 1 ? Bins - 1 : (int)position;
    }

    /// <summary>The centre of bin <paramref name="bin"/>, Low + (bin + ½)·w (computed in double, rounded to float).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside [0, Bins).</exception>
    public float BinCenter(int bin)
    {
        if ((uint)bin >= (uint)Bins)
        {
            throw new ArgumentOutOfRangeException(nameof(bin), bin, $"The bin must lie in [0, {Bins}).");
        }

        return (float)(Low + ((bin + 0.5) * Width));
    }

    /// <summary>Writes every bin centre: destination[k] = <see cref="BinCenter"/>(k) for k &lt; Bins.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly Bins long.</exception>
    public void BinCenters(Span<float> destination)
    {
        if (destination.Length != Bins)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; it must hold Bins = {Bins}.", nameof(destination));
        }

        for (var k = 0; k < Bins; k++)
        {
            destination[k] = (float)(Low + ((k + 0.5) * Width));
        }
    }
}
