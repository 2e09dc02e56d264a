namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>The orthonormal wavelet filters available to the MODWT (Percival and Walden, 2000, §4.8, Table 109).</summary>
public enum WaveletFamily
{
    /// <summary>Haar, filter width L = 2 (P&amp;W eq. 75a).</summary>
    Haar,

    /// <summary>Daubechies extremal phase D(4), L = 4 (P&amp;W Table 109, g₀ = (1+√3)/(4√2)).</summary>
    D4,

    /// <summary>Daubechies least asymmetric LA(8), L = 8 (P&amp;W Table 109; PyWavelets "sym4").</summary>
    La8,
}
