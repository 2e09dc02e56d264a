namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>How the MODWT treats the ends of a finite series (Percival and Walden, 2000, §5.11).</summary>
public enum ModwtBoundary
{
    /// <summary>The series is treated as periodic, X₋ₜ = X_{N−t}: N coefficients per level.</summary>
    Periodic,

    /// <summary>The series is extended by its reflection, X̃ = [X₀ … X_{N−1}, X_{N−1} … X₀], and the periodic MODWT of
    /// the 2N values is taken: 2N coefficients per level, the first N aligned with the series.</summary>
    Reflection,
}
