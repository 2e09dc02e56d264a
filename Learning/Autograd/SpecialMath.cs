namespace Quant.Orleans.Learning.Autograd;

/// <summary>Special functions not in Math.NET that the operations need.</summary>
public static class SpecialMath
{
    /// <summary>Trigamma ψ₁(x) = d²/dx² log Γ(x) for x &gt; 0: the recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to x ≥ 6,
    /// then the asymptotic series 1/x + 1/(2x²) + 1/(6x³) - 1/(30x⁵) + 1/(42x⁷) - 1/(30x⁹) (Abramowitz and Stegun
    /// 6.4.12); absolute error below 1e-10. NaN for x ≤ 0.</summary>
    public static double Trigamma(double x)
    {
        if (!(x > 0))
        {
            return double.NaN;
        }

        var acc = 0.0;
        while (x < 6.0)
        {
            acc += 1.0 / (x * x);
            x += 1.0;
        }

        var inv = 1.0 / x;
        var inv2 = inv * inv;
        var series = inv + (0.5 * inv2) + (inv * inv2 * ((1.0 / 6.0) - (inv2 * ((1.0 / 30.0) - (inv2 * ((1.0 / 42.0) - (inv2 / 30.0)))))));
        return acc + series;
    }
}
