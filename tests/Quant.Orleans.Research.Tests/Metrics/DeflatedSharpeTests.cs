using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Metrics;

public sealed class DeflatedSharpeTests
{
    /// <summary>Bailey &amp; López de Prado (2014), "The Deflated Sharpe Ratio", numerical example: annualised SR 2.5
    /// over 5 years of daily returns (T = 1250, 250 days a year), N = 100 trials with annualised V[SR] = 1/2,
    /// skewness −3, kurtosis 10 → SR0 ≈ 0.1132 per day (1.7894 annualised) and DSR ≈ 0.9004.</summary>
    [Fact]
    public void ReproducesThePapersWorkedExample()
    {
        var sr0 = DeflatedSharpe.ExpectedMaximumSharpe(100, 0.5 / 250);
        Assert.Equal(0.1132, sr0, 4);
        Assert.Equal(1.7894, sr0 * Math.Sqrt(250), 4);
        var dsr = DeflatedSharpe.Deflated(2.5 / Math.Sqrt(250), 1250, -3, 10, 100, 0.5 / 250);
        Assert.Equal(0.9004, dsr, 4);
    }

    [Fact]
    public void ProbabilisticSharpeClosedForms()
    {
        // SR = SR* gives exactly one half whatever the moments.
        Assert.Equal(0.5, DeflatedSharpe.Probabilistic(0.1, 0.1, 100, -1, 6), 15);
        // Normal returns (γ3 = 0, γ4 = 3): Φ(0.1·√99 / √(1 + 0.005)).
        var z = 0.1 * Math.Sqrt(99) / Math.Sqrt(1 + (0.5 * 0.01));
        Tolerance.AssertClose(MathNet.Numerics.Distributions.Normal.CDF(0, 1, z), DeflatedSharpe.Probabilistic(0.1, 0, 100, 0, 3), Tolerance.SameFormulaDouble, "psr");
        Assert.Equal(0, DeflatedSharpe.ExpectedMaximumSharpe(1, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeflatedSharpe.Probabilistic(0.1, 0, 1, 0, 3));
    }
}
