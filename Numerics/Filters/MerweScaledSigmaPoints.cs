namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The scaled sigma points of van der Merwe and Wan (Wan and van der Merwe, 2000, eq. 15; Julier, 2002): 2n+1 points
/// <c>χ₀ = x̄</c>, <c>χᵢ = x̄ + γ·Lᵢ</c>, <c>χᵢ₊ₙ = x̄ − γ·Lᵢ</c> (i = 1..n), where Lᵢ is column i of the lower Cholesky
/// factor of the covariance, <c>λ = α²(n + κ) − n</c> and <c>γ = √(n + λ)</c>. Weights:
/// <c>W₀ᵐ = λ/(n+λ)</c>, <c>W₀ᶜ = λ/(n+λ) + 1 − α² + β</c>, <c>Wᵢᵐ = Wᵢᶜ = 1/(2(n+λ))</c>.
/// The mean weights sum to 1 and the points reproduce the mean and covariance exactly.
/// </summary>
public sealed class MerweScaledSigmaPoints
{
    private readonly double[] _meanWeights;
    private readonly double[] _covarianceWeights;

    /// <summary>Creates the weights for state dimension <paramref name="dimension"/>.</summary>
    /// <param name="dimension">The state dimension n, at least 1.</param>
    /// <param name="alpha">Spread α of the points around the mean, in (0, 1]. Wan and van der Merwe (2000, §3) suggest
    /// 1e-3, but the mean then sums terms of weight ~1/α² and loses about log₁₀(1/α²) digits to rounding (6 digits at
    /// 1e-3); the default 1 with κ = 0 gives W₀ᵐ = 0 and points at ±√n standard deviations.</param>
    /// <param name="beta">β ≥ 0, prior knowledge of the distribution; 2 is optimal for a Gaussian.</param>
    /// <param name="kappa">Secondary scaling κ, usually 0 or 3 − n; n + κ must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public MerweScaledSigmaPoints(int dimension, double alpha = 1.0, double beta = 2.0, double kappa = 0.0)
    {
        if (dimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The state dimension must be at least 1.");
        }

        if (!(alpha > 0.0 && alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1].");
        }

        if (!(beta >= 0.0) || !double.IsFinite(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be finite and non-negative.");
        }

        if (!double.IsFinite(kappa) || !(dimension + kappa > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), kappa, $"n + kappa must be positive (n = {dimension}).");
        }

        Dimension = dimension;
        Alpha = alpha;
        Beta = beta;
        Kappa = kappa;
        Lambda = (alpha * alpha * (dimension + kappa)) - dimension;
        var nPlusLambda = dimension + Lambda;
        Gamma = Math.Sqrt(nPlusLambda);
        PointCount = (2 * dimension) + 1;
        _meanWeights = new double[PointCount];
        _covarianceWeights = new double[PointCount];
        _meanWeights[0] = Lambda / nPlusLambda;
        _covarianceWeights[0] = _meanWeights[0] + 1.0 - (alpha * alpha) + beta;
        var w = 1.0 / (2.0 * nPlusLambda);
        for (var i = 1; i < PointCount; i++)
        {
            _meanWeights[i] = w;
            _covarianceWeights[i] = w;
        }
    }

    /// <summary>The state dimension n.</summary>
    public int Dimension { get; }

    /// <summary>The number of points, 2n + 1.</summary>
    public int PointCount { get; }

    /// <summary>The spread parameter α.</summary>
    public double Alpha { get; }

    /// <summary>The distribution parameter β.</summary>
    public double Beta { get; }

    /// <summary>The secondary scaling parameter κ.</summary>
    public double Kappa { get; }

    /// <summary>λ = α²(n + κ) − n.</summary>
    public double Lambda { get; }

    /// <summary>γ = √(n + λ), the multiplier of the Cholesky columns.</summary>
    public double Gamma { get; }

    /// <summary>The mean weights Wᵐ, length 2n + 1 (they sum to 1).</summary>
    public ReadOnlySpan<double> MeanWeights => _meanWeights;

    /// <summary>The covariance weights Wᶜ, length 2n + 1.</summary>
    public ReadOnlySpan<double> CovarianceWeights => _covarianceWeights;

    /// <summary>
    /// Writes the 2n+1 sigma points for a mean and the lower Cholesky factor of its covariance.
    /// </summary>
    /// <param name="mean">x̄ of length n.</param>
    /// <param name="lowerFactor">L of shape (n, n), row-major, with covariance = L·Lᵀ.</param>
    /// <param name="points">Output of shape (2n+1, n), row-major: row k is χₖ.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public void Generate(ReadOnlySpan<double> mean, ReadOnlySpan<double> lowerFactor, Span<double> points)
    {
        var n = Dimension;
        if (mean.Length < n || lowerFactor.Length < n * n || points.Length < PointCount * n)
        {
            throw new ArgumentException(
                $"Span lengths (mean {mean.Length}, lowerFactor {lowerFactor.Length}, points {points.Length}) are below (n, n*n, (2n+1)*n) for n = {n}.",
                nameof(points));
        }

        mean[..n].CopyTo(points);
        for (var i = 0; i < n; i++)
        {
            var plus = points.Slice((i + 1) * n, n);
            var minus = points.Slice((i + 1 + n) * n, n);
            for (var r = 0; r < n; r++)
            {
                var d = Gamma * lowerFactor[(r * n) + i];
                plus[r] = mean[r] + d;
                minus[r] = mean[r] - d;
            }
        }
    }
}
