namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// The MODWT of a series of length N to J levels: wavelet coefficients W̃ⱼ (j = 1 … J) and the scaling coefficients
/// Ṽ_J, each of the transform length M (M = N for <see cref="ModwtBoundary.Periodic"/>, 2N for
/// <see cref="ModwtBoundary.Reflection"/>; the first N are aligned with the series). Created by
/// <see cref="Modwt.Transform"/>; the arrays are owned by this object and may be modified (e.g. thresholded) before
/// <see cref="Modwt.Inverse"/>.
/// </summary>
public sealed class ModwtDecomposition
{
    internal ModwtDecomposition(WaveletFilter filter, ModwtBoundary boundary, int seriesLength, double[][] details, double[] smooth)
    {
        Filter = filter;
        Boundary = boundary;
        SeriesLength = seriesLength;
        Details = details;
        Smooth = smooth;
    }

    /// <summary>The wavelet filter.</summary>
    public WaveletFilter Filter { get; }

    /// <summary>The boundary treatment.</summary>
    public ModwtBoundary Boundary { get; }

    /// <summary>N, the length of the original series.</summary>
    public int SeriesLength { get; }

    /// <summary>M, the length of every coefficient vector (N or 2N).</summary>
    public int TransformLength => Smooth.Length;

    /// <summary>J, the number of levels.</summary>
    public int Levels => Details.Length;

    /// <summary>W̃ⱼ for j = 1 … J at index j − 1, each of length M (same unit as the series).</summary>
    public double[][] Details { get; }

    /// <summary>Ṽ_J, length M (same unit as the series).</summary>
    public double[] Smooth { get; }

    /// <summary>Σⱼ ‖W̃ⱼ‖² + ‖Ṽ_J‖², which equals ‖X‖² (periodic) or ‖X̃‖² = 2‖X‖² (reflection) (P&amp;W eq. 171c).</summary>
    /// <returns>The energy, in (series unit)².</returns>
    public double Energy()
    {
        var e = 0.0;
        foreach (var d in Details)
        {
            foreach (var v in d)
            {
                e += v * v;
            }
        }

        foreach (var v in Smooth)
        {
            e += v * v;
        }

        return e;
    }

    /// <summary>A deep copy (e.g. to threshold one copy and keep the other).</summary>
    /// <returns>The copy.</returns>
    public ModwtDecomposition Clone() =>
        new(Filter, Boundary, SeriesLength, Details.Select(d => (double[])d.Clone()).ToArray(), (double[])Smooth.Clone());
}
