namespace Quant.Orleans.Trading.Risk;

/// <summary>Basis-point constants: 1 bp = 10⁻⁴ = 0.01 %.</summary>
public static class BasisPoints
{
    /// <summary>Basis points in one whole unit (10,000).</summary>
    public const decimal PerUnit = 10_000m;
}
