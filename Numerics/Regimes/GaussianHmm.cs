namespace Quant.Orleans.Numerics.Regimes;

/// <summary>
/// A hidden Markov model with K states and univariate Gaussian emissions (Rabiner, 1989, "A Tutorial on Hidden Markov
/// Models", §III; Hamilton, 1994, "Time Series Analysis", ch. 22): P(s₀ = i) = πᵢ, P(sₜ = j | sₜ₋₁ = i) = Aᵢⱼ,
/// xₜ | sₜ = i ~ N(μᵢ, σᵢ²). All recursions run in log space (log-sum-exp), so long series do not underflow.
/// States are ordered by increasing variance after a fit (<see cref="GaussianHmmFitter"/>): state 0 is the calmest.
/// Immutable; thread-safe.
/// </summary>
public sealed class GaussianHmm
{
    private readonly double[] _logInitial;
    private readonly double[] _logTransition;

    /// <summary>Creates a model.</summary>
    /// <param name="initial">π, length K ≥ 1, non-negative, summing to 1 (±1e-9).</param>
    /// <param name="transition">A, shape (K, K), row-major; each row non-negative, summing to 1 (±1e-9).</param>
    /// <param name="means">μ, length K, finite (observation unit).</param>
    /// <param name="variances">σ², length K, positive and finite (observation unit squared).</param>
    /// <exception cref="ArgumentException">A shape or a probability rule is broken.</exception>
    public GaussianHmm(double[] initial, double[] transition, double[] means, double[] variances)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(variances);
        var k = initial.Length;
        if (k < 1 || transition.Length != k * k || means.Length != k || variances.Length != k)
        {
            throw new ArgumentException($"Shapes must be pi (K), A (K*K), mu (K), var (K); got {initial.Length}, {transition.Length}, {means.Length}, {variances.Length}.", nameof(transition));
        }

        CheckDistribution(initial, nameof(initial));
        for (var i = 0; i < k; i++)
        {
            CheckDistribution(transition.AsSpan(i * k, k), nameof(transition));
            if (!double.IsFinite(means[i]) || !(variances[i] > 0) || !double.IsFinite(variances[i]))
            {
                throw new ArgumentException($"State {i}: mean {means[i]} must be finite and variance {variances[i]} positive.", nameof(variances));
            }
        }

        States = k;
        Initial = (double[])initial.Clone();
        Transition = (double[])transition.Clone();
        Means = (double[])means.Clone();
        Variances = (double[])variances.Clone();
        _logInitial = Initial.Select(v => Math.Log(v)).ToArray();
        _logTransition = Transition.Select(v => Math.Log(v)).ToArray();
    }

    /// <summary>K.</summary>
    public int States { get; }

    /// <summary>π (a copy-on-construction; do not modify).</summary>
    public IReadOnlyList<double> Initial { get; }

    /// <summary>A, row-major (K, K).</summary>
    public IReadOnlyList<double> Transition { get; }

    /// <summary>μ per state.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>σ² per state.</summary>
    public IReadOnlyList<double> Variances { get; }

    internal ReadOnlySpan<double> LogInitial => _logInitial;

    internal ReadOnlySpan<double> LogTransition => _logTransition;

    /// <summary>log N(x; μᵢ, σᵢ²).</summary>
    /// <param name="state">i.</param>
    /// <param name="x">The observation.</param>
    /// <returns>The log density, nats.</returns>
    public double LogEmission(int state, double x)
    {
        var d = x - Means[state];
        return -0.5 * ((Math.Log(2.0 * Math.PI * Variances[state])) + (d * d / Variances[state]));
    }

    /// <summary>log P(x₀ … x_{T−1}) by the forward recursion.</summary>
    /// <param name="observations">x, length T ≥ 1.</param>
    /// <returns>The log-likelihood, nats.</returns>
    public double LogLikelihood(ReadOnlySpan<double> observations) => ForwardBackward(observations, out _, out _);

    /// <summary>
    /// The forward-backward recursions (Rabiner, 1989, eqs. 19–27) in log space: log αₜ(i) = log P(x₀..ₜ, sₜ = i),
    /// log βₜ(i) = log P(xₜ₊₁.. | sₜ = i); returns the smoothed posteriors γₜ(i) = P(sₜ = i | x) and the pairwise
    /// ξₜ(i, j) = P(sₜ = i, sₜ₊₁ = j | x) summed over t. Acausal (γₜ reads the whole series).
    /// </summary>
    /// <param name="observations">x, length T ≥ 1.</param>
    /// <param name="posteriors">γ, shape (T, K), row-major.</param>
    /// <param name="transitionCounts">Σₜ ξₜ, shape (K, K), row-major.</param>
    /// <returns>log P(x), nats.</returns>
    /// <exception cref="ArgumentException">The series is empty.</exception>
    public double ForwardBackward(ReadOnlySpan<double> observations, out double[] posteriors, out double[] transitionCounts)
    {
        var t = observations.Length;
        if (t == 0)
        {
            throw new ArgumentException("The series must not be empty.", nameof(observations));
        }

        var k = States;
        var logA = _logTransition;
        var alpha = new double[t * k];
        var beta = new double[t * k];
        var emit = new double[t * k];
        var tmp = new double[k];
        for (var s = 0; s < t; s++)
        {
            for (var i = 0; i < k; i++)
            {
                emit[(s * k) + i] = LogEmission(i, observations[s]);
            }
        }

        for (var i = 0; i < k; i++)
        {
            alpha[i] = _logInitial[i] + emit[i];
        }

        for (var s = 1; s < t; s++)
        {
            for (var j = 0; j < k; j++)
            {
                for (var i = 0; i < k; i++)
                {
                    tmp[i] = alpha[((s - 1) * k) + i] + logA[(i * k) + j];
                }

                alpha[(s * k) + j] = LogSumExp(tmp) + emit[(s * k) + j];
            }
        }

        for (var s = t - 2; s >= 0; s--)
        {
            for (var i = 0; i < k; i++)
            {
                for (var j = 0; j < k; j++)
                {
                    tmp[j] = logA[(i * k) + j] + emit[((s + 1) * k) + j] + beta[((s + 1) * k) + j];
                }

                beta[(s * k) + i] = LogSumExp(tmp);
            }
        }

        var logLik = LogSumExp(alpha.AsSpan((t - 1) * k, k));
        posteriors = new double[t * k];
        for (var s = 0; s < t * k; s++)
        {
            posteriors[s] = Math.Exp(alpha[s] + beta[s] - logLik);
        }

        transitionCounts = new double[k * k];
        for (var s = 0; s + 1 < t; s++)
        {
            for (var i = 0; i < k; i++)
            {
                for (var j = 0; j < k; j++)
                {
                    transitionCounts[(i * k) + j] += Math.Exp(alpha[(s * k) + i] + logA[(i * k) + j] + emit[((s + 1) * k) + j] + beta[((s + 1) * k) + j] - logLik);
                }
            }
        }

        return logLik;
    }

    /// <summary>The most probable state path by the Viterbi algorithm in log space (Rabiner, 1989, eqs. 30–35).</summary>
    /// <param name="observations">x, length T ≥ 1.</param>
    /// <returns>The states, length T.</returns>
    /// <exception cref="ArgumentException">The series is empty.</exception>
    public int[] Viterbi(ReadOnlySpan<double> observations)
    {
        var t = observations.Length;
        if (t == 0)
        {
            throw new ArgumentException("The series must not be empty.", nameof(observations));
        }

        var k = States;
        var delta = new double[t * k];
        var back = new int[t * k];
        for (var i = 0; i < k; i++)
        {
            delta[i] = _logInitial[i] + LogEmission(i, observations[0]);
        }

        for (var s = 1; s < t; s++)
        {
            for (var j = 0; j < k; j++)
            {
                var best = double.NegativeInfinity;
                var arg = 0;
                for (var i = 0; i < k; i++)
                {
                    var v = delta[((s - 1) * k) + i] + _logTransition[(i * k) + j];
                    if (v > best)
                    {
                        best = v;
                        arg = i;
                    }
                }

                delta[(s * k) + j] = best + LogEmission(j, observations[s]);
                back[(s * k) + j] = arg;
            }
        }

        var path = new int[t];
        var last = 0;
        for (var i = 1; i < k; i++)
        {
            if (delta[((t - 1) * k) + i] > delta[((t - 1) * k) + last])
            {
                last = i;
            }
        }

        path[t - 1] = last;
        for (var s = t - 1; s > 0; s--)
        {
            path[s - 1] = back[(s * k) + path[s]];
        }

        return path;
    }

    /// <summary>log Σ exp(vᵢ), computed as m + log Σ exp(vᵢ − m) with m = max vᵢ; −∞ when every vᵢ is −∞.</summary>
    /// <param name="values">v, length ≥ 1.</param>
    /// <returns>The log of the sum.</returns>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var m = double.NegativeInfinity;
        foreach (var v in values)
        {
            m = Math.Max(m, v);
        }

        if (double.IsNegativeInfinity(m))
        {
            return m;
        }

        var s = 0.0;
        foreach (var v in values)
        {
            s += Math.Exp(v - m);
        }

        return m + Math.Log(s);
    }

    private static void CheckDistribution(ReadOnlySpan<double> p, string name)
    {
        var sum = 0.0;
        foreach (var v in p)
        {
            if (!(v >= 0) || !double.IsFinite(v))
            {
                throw new ArgumentException($"{name} holds {v}: probabilities must be finite and >= 0.", name);
            }

            sum += v;
        }

        if (Math.Abs(sum - 1.0) > 1e-9)
        {
            throw new ArgumentException($"{name} sums to {sum}, not 1.", name);
        }
    }
}
