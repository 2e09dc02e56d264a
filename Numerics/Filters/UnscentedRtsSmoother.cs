using Quant.Orleans.Numerics.LinearAlgebra;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The unscented Rauch-Tung-Striebel smoother for additive noise (Särkkä, 2008, "Unscented Rauch-Tung-Striebel
/// Smoother", IEEE TAC 53(3), Algorithm 3.2). ACAUSAL: every smoothed state reads the whole series (teacher only).
/// Forward: an <see cref="UnscentedKalmanFilter"/> stores the filtered (mₖ, Pₖ). Backward, k = T−2 … 0: sigma points
/// χ of (mₖ, Pₖ); m⁻ = Σ Wᵐ f(χ), P⁻ = Σ Wᶜ (f(χ) − m⁻)(…)ᵀ + Q(Δtₖ₊₁), C = Σ Wᶜ (χ − mₖ)(f(χ) − m⁻)ᵀ,
/// G = C (P⁻)⁻¹, mₖˢ = mₖ + G(mₖ₊₁ˢ − m⁻), Pₖˢ = Pₖ + G(Pₖ₊₁ˢ − P⁻)Gᵀ. On a linear-Gaussian model it equals the
/// RTS smoother (Rauch, Tung and Striebel, 1965).
/// </summary>
public static class UnscentedRtsSmoother
{
    /// <summary>Filters and smooths a series.</summary>
    /// <param name="model">The state-space model (n, m).</param>
    /// <param name="points">Sigma points for dimension n.</param>
    /// <param name="initialState">Prior mean at the first observation's time, length n.</param>
    /// <param name="initialCovariance">Prior covariance, (n, n) row-major.</param>
    /// <param name="deltaSeconds">Δt before each observation, length T (entry 0 is ignored: the first observation
    /// updates the prior directly).</param>
    /// <param name="observations">z, shape (T, m) row-major.</param>
    /// <returns>Filtered and smoothed means, each of shape (T, n) row-major, and the smoothed covariances (T, n, n).</returns>
    /// <exception cref="ArgumentException">Shapes do not match or a value is not finite.</exception>
    public static UnscentedSmootherResult Smooth(IStateSpaceModel model, MerweScaledSigmaPoints points, ReadOnlySpan<double> initialState, ReadOnlySpan<double> initialCovariance, ReadOnlySpan<double> deltaSeconds, ReadOnlySpan<double> observations)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(points);
        var n = model.StateDimension;
        var m = model.ObservationDimension;
        var t = deltaSeconds.Length;
        if (t < 1 || observations.Length != t * m)
        {
            throw new ArgumentException($"Need T >= 1 time steps and T*m = {t * m} observations, got T = {t}, {observations.Length}.", nameof(observations));
        }

        var ukf = new UnscentedKalmanFilter(model, points, initialState, initialCovariance);
        var filtered = new double[t * n];
        var filteredCov = new double[t * n * n];
        for (var k = 0; k < t; k++)
        {
            if (k > 0)
            {
                ukf.Predict(deltaSeconds[k]);
            }

            ukf.Update(observations.Slice(k * m, m));
            ukf.State.CopyTo(filtered.AsSpan(k * n, n));
            ukf.Covariance.CopyTo(filteredCov.AsSpan(k * n * n, n * n));
        }

        var smoothed = (double[])filtered.Clone();
        var smoothedCov = (double[])filteredCov.Clone();
        var count = points.PointCount;
        var factor = new double[n * n];
        var sigma = new double[count * n];
        var propagated = new double[count * n];
        var predMean = new double[n];
        var predCov = new double[n * n];
        var predFactor = new double[n * n];
        var cross = new double[n * n];
        var gain = new double[n * n];
        var q = new double[n * n];
        var diff = new double[n * n];
        var wm = points.MeanWeights;
        var wc = points.CovarianceWeights;
        for (var k = t - 2; k >= 0; k--)
        {
            var mk = filtered.AsSpan(k * n, n);
            DenseMath.CholeskyWithJitter(filteredCov.AsSpan(k * n * n, n * n), factor, n);
            points.Generate(mk, factor, sigma);
            for (var s = 0; s < count; s++)
            {
                model.Transition(sigma.AsSpan(s * n, n), deltaSeconds[k + 1], propagated.AsSpan(s * n, n));
            }

            for (var i = 0; i < n; i++)
            {
                var y0 = propagated[i];
                var acc = 0.0;
                for (var s = 1; s < count; s++)
                {
                    acc += wm[s] * (propagated[(s * n) + i] - y0);
                }

                predMean[i] = y0 + acc;
            }

            model.ProcessNoise(deltaSeconds[k + 1], q);
            Array.Copy(q, predCov, n * n);
            Array.Clear(cross);
            for (var s = 0; s < count; s++)
            {
                for (var i = 0; i < n; i++)
                {
                    var dp = wc[s] * (propagated[(s * n) + i] - predMean[i]);
                    var dx = wc[s] * (sigma[(s * n) + i] - mk[i]);
                    for (var j = 0; j < n; j++)
                    {
                        var fj = propagated[(s * n) + j] - predMean[j];
                        predCov[(i * n) + j] += dp * fj;
                        cross[(i * n) + j] += dx * fj;
                    }
                }
            }

            DenseMath.SymmetriseInPlace(predCov, n);
            DenseMath.CholeskyWithJitter(predCov, predFactor, n);
            for (var i = 0; i < n; i++)
            {
                var row = gain.AsSpan(i * n, n);
                cross.AsSpan(i * n, n).CopyTo(row);
                DenseMath.CholeskySolveInPlace(predFactor, n, row);
            }

            var next = smoothed.AsSpan((k + 1) * n, n);
            var nextCov = smoothedCov.AsSpan((k + 1) * n * n, n * n);
            for (var i = 0; i < n; i++)
            {
                var s = 0.0;
                for (var j = 0; j < n; j++)
                {
                    s += gain[(i * n) + j] * (next[j] - predMean[j]);
                }

                smoothed[(k * n) + i] = mk[i] + s;
            }

            for (var i = 0; i < n * n; i++)
            {
                diff[i] = nextCov[i] - predCov[i];
            }

            var pk = smoothedCov.AsSpan(k * n * n, n * n);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var s = 0.0;
                    for (var a = 0; a < n; a++)
                    {
                        for (var b = 0; b < n; b++)
                        {
                            s += gain[(i * n) + a] * diff[(a * n) + b] * gain[(j * n) + b];
                        }
                    }

                    pk[(i * n) + j] += s;
                }
            }

            DenseMath.SymmetriseInPlace(pk, n);
        }

        return new UnscentedSmootherResult(n, filtered, smoothed, smoothedCov);
    }
}

/// <summary>The output of <see cref="UnscentedRtsSmoother.Smooth"/>.</summary>
/// <param name="StateDimension">n.</param>
/// <param name="Filtered">Causal filtered means, (T, n) row-major.</param>
/// <param name="Smoothed">Acausal smoothed means, (T, n) row-major.</param>
/// <param name="SmoothedCovariances">Smoothed covariances, (T, n, n) row-major.</param>
public sealed record UnscentedSmootherResult(int StateDimension, double[] Filtered, double[] Smoothed, double[] SmoothedCovariances);
