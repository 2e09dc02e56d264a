namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// Local linear trend plus log-variance (stochastic volatility in the quasi-maximum-likelihood state-space form of
/// Harvey, Ruiz and Shephard, 1994, "Multivariate Stochastic Variance Models", Rev. Econ. Stud. 61(2), §2). State
/// x = [level, slope, h] with h = ln σ², σ² the variance per second of the observed series' increments:
/// <c>level' = level + slope·Δt</c>, <c>slope' = slope</c> (the <see cref="LocalLinearTrendModel"/> block and its Q),
/// <c>h' = μ + e^(−κΔt)(h − μ)</c> (an Ornstein-Uhlenbeck log variance, Taylor 1986) with noise variance
/// <c>q_h(1 − e^(−2κΔt))/(2κ)</c> (<c>q_h·Δt</c> when κ = 0). Observation z = [y, u]: the series y = level + v₁,
/// v₁ ~ N(0, r), and the pseudo-observation of the increment Δy over Δt,
/// <c>u = ln(Δy²/Δt + c) − E[ln χ²₁]</c> (<see cref="PseudoObservation"/>): for Δy ~ N(0, σ²Δt) and c = 0,
/// <c>u = h + ξ</c>, ξ = ln χ²₁ − E[ln χ²₁], E[ln χ²₁] = ψ(½) + ln 2 ≈ −1.2704 and Var ξ = π²/2; the filter treats ξ
/// as Gaussian with that variance (the QML approximation of Harvey, Ruiz and Shephard). The offset c ≥ 0 keeps u finite
/// for zero increments, which tick data has (Fuller's offset; Breidt and Carriquiry, 1996); it biases h upward where
/// σ² is not well above c. h(x) = [level, h] with additive noise R = diag(r, π²/2), so the additive-noise UKF applies
/// without state-dependent noise. Units for a log price: level ln USD, slope ln USD/s, h ln((ln USD)²/s), κ 1/s,
/// q_h nats²/s.
/// </summary>
public sealed class TrendLogVolatilityModel : IStateSpaceModel
{
    /// <summary>E[ln χ²₁] = ψ(½) + ln 2 = −γ − ln 2 (γ the Euler-Mascheroni constant).</summary>
    public const double LogChiSquareMean = -1.2703628454614782;

    /// <summary>Var[ln χ²₁] = π²/2.</summary>
    public const double LogChiSquareVariance = Math.PI * Math.PI / 2.0;

    private readonly LocalLinearTrendModel _trend;

    /// <summary>Creates the model.</summary>
    /// <param name="levelNoiseDensity">q_level ≥ 0, (level unit)² per second (see <see cref="LocalLinearTrendModel"/>).</param>
    /// <param name="slopeNoiseDensity">q_slope ≥ 0, (level unit)² per second³.</param>
    /// <param name="observationNoiseVariance">r &gt; 0, (level unit)².</param>
    /// <param name="logVarianceMean">μ, the long-run mean of h, finite (ln of (level unit)² per second).</param>
    /// <param name="logVarianceReversionRate">κ ≥ 0, per second (0: random walk).</param>
    /// <param name="logVarianceNoiseDensity">q_h ≥ 0, nats² per second.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of its stated range or not finite.</exception>
    public TrendLogVolatilityModel(double levelNoiseDensity, double slopeNoiseDensity, double observationNoiseVariance, double logVarianceMean, double logVarianceReversionRate, double logVarianceNoiseDensity)
    {
        _trend = new LocalLinearTrendModel(levelNoiseDensity, slopeNoiseDensity, observationNoiseVariance);
        if (!double.IsFinite(logVarianceMean))
        {
            throw new ArgumentOutOfRangeException(nameof(logVarianceMean), logVarianceMean, "The log-variance mean must be finite.");
        }

        if (!(logVarianceReversionRate >= 0.0) || !double.IsFinite(logVarianceReversionRate))
        {
            throw new ArgumentOutOfRangeException(nameof(logVarianceReversionRate), logVarianceReversionRate, "The reversion rate must be finite and non-negative (1/s).");
        }

        if (!(logVarianceNoiseDensity >= 0.0) || !double.IsFinite(logVarianceNoiseDensity))
        {
            throw new ArgumentOutOfRangeException(nameof(logVarianceNoiseDensity), logVarianceNoiseDensity, "The log-variance noise density must be finite and non-negative (nats²/s).");
        }

        LogVarianceMean = logVarianceMean;
        LogVarianceReversionRate = logVarianceReversionRate;
        LogVarianceNoiseDensity = logVarianceNoiseDensity;
    }

    /// <summary>The trend block's parameters (q_level, q_slope, r).</summary>
    public LocalLinearTrendModel Trend => _trend;

    /// <summary>μ, the long-run mean of h.</summary>
    public double LogVarianceMean { get; }

    /// <summary>κ, per second.</summary>
    public double LogVarianceReversionRate { get; }

    /// <summary>q_h, nats² per second.</summary>
    public double LogVarianceNoiseDensity { get; }

    /// <inheritdoc />
    public int StateDimension => 3;

    /// <inheritdoc />
    public int ObservationDimension => 2;

    /// <summary>
    /// The pseudo-observation of h for an increment Δy over Δt: <c>ln(Δy²/Δt + c) − E[ln χ²₁]</c>.
    /// </summary>
    /// <param name="change">Δy, the series' increment (level unit).</param>
    /// <param name="deltaSeconds">Δt &gt; 0, seconds.</param>
    /// <param name="offset">c ≥ 0, (level unit)² per second; must be positive when Δy can be 0.</param>
    /// <returns>u in nats; −∞ when Δy = 0 and c = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Δt is not positive or c is negative.</exception>
    public static double PseudoObservation(double change, double deltaSeconds, double offset)
    {
        if (!(deltaSeconds > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(deltaSeconds), deltaSeconds, "The increment's time step must be positive (seconds).");
        }

        if (!(offset >= 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must be non-negative.");
        }

        return Math.Log((change * change / deltaSeconds) + offset) - LogChiSquareMean;
    }

    /// <summary>Computes [level + slope·Δt, slope, μ + e^(−κΔt)(h − μ)].</summary>
    /// <param name="state">[level, slope, h].</param>
    /// <param name="deltaSeconds">Δt in seconds.</param>
    /// <param name="result">Output of length 3.</param>
    public void Transition(ReadOnlySpan<double> state, double deltaSeconds, Span<double> result)
    {
        result[0] = state[0] + (state[1] * deltaSeconds);
        result[1] = state[1];
        result[2] = LogVarianceMean + (Math.Exp(-LogVarianceReversionRate * deltaSeconds) * (state[2] - LogVarianceMean));
    }

    /// <summary>Computes [level, h].</summary>
    /// <param name="state">[level, slope, h].</param>
    /// <param name="result">Output of length 2.</param>
    public void Observe(ReadOnlySpan<double> state, Span<double> result)
    {
        result[0] = state[0];
        result[1] = state[2];
    }

    /// <summary>Writes Q(Δt) = blockdiag(Q_trend(Δt), q_h(1 − e^(−2κΔt))/(2κ)), shape (3, 3).</summary>
    /// <param name="deltaSeconds">Δt in seconds.</param>
    /// <param name="result">Output of length 9.</param>
    public void ProcessNoise(double deltaSeconds, Span<double> result)
    {
        Span<double> q = stackalloc double[4];
        _trend.ProcessNoise(deltaSeconds, q);
        result.Clear();
        result[0] = q[0];
        result[1] = q[1];
        result[3] = q[2];
        result[4] = q[3];
        var kappa = LogVarianceReversionRate;
        result[8] = kappa > 0.0
            ? LogVarianceNoiseDensity * (-double.ExpM1(-2.0 * kappa * deltaSeconds)) / (2.0 * kappa)
            : LogVarianceNoiseDensity * deltaSeconds;
    }

    /// <summary>Writes R = diag(r, π²/2), shape (2, 2).</summary>
    /// <param name="result">Output of length 4.</param>
    public void ObservationNoise(Span<double> result)
    {
        result[0] = _trend.ObservationNoiseVariance;
        result[1] = 0.0;
        result[2] = 0.0;
        result[3] = LogChiSquareVariance;
    }
}
