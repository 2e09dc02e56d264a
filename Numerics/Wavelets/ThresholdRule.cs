namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>How wavelet coefficients are shrunk (Donoho and Johnstone, 1994; Percival and Walden, 2000, §10.2).</summary>
public enum ThresholdRule
{
    /// <summary>Soft: η(w) = sign(w)·max(|w| − δ, 0).</summary>
    Soft,

    /// <summary>Hard: η(w) = w when |w| &gt; δ, else 0.</summary>
    Hard,
}
