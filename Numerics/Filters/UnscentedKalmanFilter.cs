using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quant.Orleans.Numerics.LinearAlgebra;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The Unscented Kalman Filter for additive process and observation noise (Wan and van der Merwe, 2000, "The
/// Unscented Kalman Filter for Nonlinear Estimation", Algorithm 3.1 in its additive-noise form, with the sigma points
/// redrawn from the predicted covariance before the update so that Q enters the cross-covariance). Any state dimension n
/// and observation dimension m. Causal; allocation-free per step (every work array is allocated in the constructor);
/// the covariance is symmetrised after every predict and update, and a Cholesky factorisation that fails is retried with
/// a diagonal jitter, counted in <see cref="JitterCount"/>. On a linear-Gaussian model it equals the exact Kalman filter
/// up to rounding. Not thread-safe.
/// </summary>
public sealed partial class UnscentedKalmanFilter
{
    private const double LogTwoPi = 1.8378770664093454835606594728112;
    private readonly IStateSpaceModel _model;
    private readonly MerweScaledSigmaPoints _points;
    private readonly int _n;
    private readonly int _m;
    private readonly double[] _x;
    private readonly double[] _p;
    private readonly double[] _factor;
    private readonly double[] _sigma;
    private readonly double[] _propagated;
    private readonly double[] _sigmaObs;
    private readonly double[] _q;
    private readonly double[] _r;
    private readonly double[] _zPred;
    private readonly double[] _innovation;
    private readonly double[] _s;
    private readonly double[] _sFactor;
    private readonly double[] _pxz;
    private readonly double[] _gain;
    private readonly double[] _workM;
    private readonly int _count;
    private double _logLikelihood;
    private double _likelihoodS;
    private double _likelihoodQuad;
    private bool _scalarLikelihood;
    private readonly double _weight;
    private readonly double _weight0;

    /// <summary>Creates a filter at a prior state.</summary>
    /// <param name="model">The state-space model (n = <see cref="IStateSpaceModel.StateDimension"/>,
    /// m = <see cref="IStateSpaceModel.ObservationDimension"/>).</param>
    /// <param name="sigmaPoints">Scaled sigma points for dimension n.</param>
    /// <param name="initialState">The prior mean, length n, finite.</param>
    /// <param name="initialCovariance">The prior covariance, shape (n, n), row-major, symmetric, finite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A dimension does not match or a value is not finite.</exception>
    public UnscentedKalmanFilter(IStateSpaceModel model, MerweScaledSigmaPoints sigmaPoints, ReadOnlySpan<double> initialState, ReadOnlySpan<double> initialCovariance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sigmaPoints);
        _model = model;
        _points = sigmaPoints;
        _n = model.StateDimension;
        _m = model.ObservationDimension;
        if (_n < 1 || _m < 1)
        {
            throw new ArgumentException($"Model dimensions must be at least 1, got n = {_n}, m = {_m}.", nameof(model));
        }

        if (sigmaPoints.Dimension != _n)
        {
            throw new ArgumentException($"Sigma points are for dimension {sigmaPoints.Dimension}, the model's state dimension is {_n}.", nameof(sigmaPoints));
        }

        var count = sigmaPoints.PointCount;
        _count = count;
        _weight = sigmaPoints.CovarianceWeights[1];
        _weight0 = sigmaPoints.CovarianceWeights[0];
        _x = new double[_n];
        _p = new double[_n * _n];
        _factor = new double[_n * _n];
        _sigma = new double[count * _n];
        _propagated = new double[count * _n];
        _sigmaObs = new double[count * _m];
        _q = new double[_n * _n];
        _r = new double[_m * _m];
        _zPred = new double[_m];
        _innovation = new double[_m];
        _s = new double[_m * _m];
        _sFactor = new double[_m * _m];
        _pxz = new double[_n * _m];
        _gain = new double[_n * _m];
        _workM = new double[_m];
        model.ObservationNoise(_r);
        Reset(initialState, initialCovariance);
    }

    /// <summary>The state dimension n.</summary>
    public int StateDimension => _n;

    /// <summary>The observation dimension m.</summary>
    public int ObservationDimension => _m;

    /// <summary>The current state mean (filtered after <see cref="Update"/>, predicted after <see cref="Predict"/>), length n.</summary>
    public ReadOnlySpan<double> State => _x;

    /// <summary>The current state covariance, shape (n, n), row-major, symmetric.</summary>
    public ReadOnlySpan<double> Covariance => _p;

    /// <summary>The predicted observation ẑ of the last update, length m.</summary>
    public ReadOnlySpan<double> PredictedObservation => _zPred;

    /// <summary>The innovation ν = z − ẑ of the last update, length m.</summary>
    public ReadOnlySpan<double> Innovation => _innovation;

    /// <summary>The innovation covariance S = P_zz + R of the last update, shape (m, m), row-major.</summary>
    public ReadOnlySpan<double> InnovationCovariance => _s;

    /// <summary>The Kalman gain K = P_xz·S⁻¹ of the last update, shape (n, m), row-major.</summary>
    public ReadOnlySpan<double> Gain => _gain;

    /// <summary>The Gaussian log-likelihood of the last observation, −½(m·ln 2π + ln det S + νᵀS⁻¹ν), in nats.</summary>
    /// <remarks>Computed when read (one logarithm), so a caller that never reads it does not pay for it.</remarks>
    public double LastLogLikelihood => _scalarLikelihood ? -0.5 * (LogTwoPi + Math.Log(_likelihoodS) + _likelihoodQuad) : _logLikelihood;

    /// <summary>The number of Cholesky factorisations (of P or of S) that needed a diagonal jitter since construction or
    /// the last <see cref="Reset"/>; each counts once however many retries it took.</summary>
    public long JitterCount { get; private set; }

    /// <summary>The number of completed updates since construction or the last <see cref="Reset"/>.</summary>
    public long UpdateCount { get; private set; }

    /// <summary>The observation noise covariance R in use, shape (m, m), row-major (the model's, unless replaced by
    /// <see cref="SetObservationNoise"/>).</summary>
    public ReadOnlySpan<double> ObservationNoise => _r;

    /// <summary>Replaces R for the following updates (e.g. by an innovation-based estimate); <see cref="Reset"/> keeps it.</summary>
    /// <param name="covariance">R, shape (m, m), row-major, symmetric positive-definite, finite.</param>
    /// <exception cref="ArgumentException">The length is not m·m or a value is not finite.</exception>
    public void SetObservationNoise(ReadOnlySpan<double> covariance)
    {
        if (covariance.Length != _m * _m)
        {
            throw new ArgumentException($"Covariance length {covariance.Length} must equal m*m = {_m * _m}.", nameof(covariance));
        }

        RequireFinite(covariance, nameof(covariance));
        covariance.CopyTo(_r);
    }

    /// <summary>Sets the state and covariance and clears the per-step outputs and counters.</summary>
    /// <param name="state">Mean of length n, finite.</param>
    /// <param name="covariance">Covariance of shape (n, n), row-major, finite; it is symmetrised.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public void Reset(ReadOnlySpan<double> state, ReadOnlySpan<double> covariance)
    {
        if (state.Length != _n)
        {
            throw new ArgumentException($"State length {state.Length} must equal the state dimension {_n}.", nameof(state));
        }

        if (covariance.Length != _n * _n)
        {
            throw new ArgumentException($"Covariance length {covariance.Length} must equal n*n = {_n * _n}.", nameof(covariance));
        }

        RequireFinite(state, nameof(state));
        RequireFinite(covariance, nameof(covariance));
        state.CopyTo(_x);
        covariance.CopyTo(_p);
        DenseMath.SymmetriseInPlace(_p, _n);
        Array.Clear(_zPred);
        Array.Clear(_innovation);
        Array.Clear(_s);
        Array.Clear(_gain);
        _logLikelihood = 0.0;
        _scalarLikelihood = false;
        JitterCount = 0;
        UpdateCount = 0;
    }

    /// <summary>
    /// The time update: propagates the sigma points of (x, P) through f(·, Δt) and sets
    /// x⁻ = Σ Wᵢᵐ f(χᵢ), P⁻ = Σ Wᵢᶜ (f(χᵢ) − x⁻)(f(χᵢ) − x⁻)ᵀ + Q(Δt) (Wan and van der Merwe, 2000, Algorithm 3.1,
    /// time-update equations). The mean is accumulated as f(χ₀) + W·Σᵢ₌₁ (f(χᵢ) − f(χ₀)) (the scaled points share one
    /// weight W = 1/(2(n+λ)) for i ≥ 1), equal in exact arithmetic and free of the cancellation that the large |W₀ᵐ| of a
    /// small α would cause. P⁻ is accumulated on its lower triangle and mirrored, so it is exactly symmetric.
    /// </summary>
    /// <param name="deltaSeconds">Elapsed time Δt in seconds since the previous step, finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaSeconds"/> is negative or not finite.</exception>
    /// <exception cref="InvalidOperationException">P is not positive-definite even after the largest jitter.</exception>
    public void Predict(double deltaSeconds)
    {
        if (!(deltaSeconds >= 0.0) || !double.IsFinite(deltaSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(deltaSeconds), deltaSeconds, "The time step must be finite and non-negative (seconds).");
        }

        var n = _n;
        var count = _count;
        DrawSigmaPoints();
        ref var y0 = ref MemoryMarshal.GetArrayDataReference(_propagated);
        _model.TransitionBatch(_sigma, count, deltaSeconds, _propagated);

        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_x);
        MeanAndDeviations(ref y0, n, ref x0);
        _model.ProcessNoise(deltaSeconds, _q);
        LowerCovariance(ref y0, n, _q, _p);
    }

    /// <summary>
    /// The measurement update with observation <paramref name="observation"/>: redraws the sigma points from (x⁻, P⁻),
    /// sets ẑ = Σ Wᵢᵐ h(χᵢ), S = Σ Wᵢᶜ (h(χᵢ) − ẑ)(…)ᵀ + R, P_xz = Σ Wᵢᶜ (χᵢ − x⁻)(h(χᵢ) − ẑ)ᵀ, K = P_xz·S⁻¹,
    /// x = x⁻ + K(z − ẑ), P = P⁻ − K·S·Kᵀ = P⁻ − K·P_xzᵀ (Wan and van der Merwe, 2000, Algorithm 3.1, measurement-update
    /// equations). Since χ₀ − x⁻ = 0 and χᵢ − x⁻ = ±γLᵢ, P_xz = W·γ·Σᵢ Lᵢ (h(χᵢ) − h(χᵢ₊ₙ))ᵀ. P is updated on its lower
    /// triangle and mirrored.
    /// </summary>
    /// <param name="observation">z of length m, finite.</param>
    /// <exception cref="ArgumentException">The length is not m or a value is not finite.</exception>
    /// <exception cref="InvalidOperationException">P or S is not positive-definite even after the largest jitter.</exception>
    public void Update(ReadOnlySpan<double> observation)
    {
        var n = _n;
        var m = _m;
        if (observation.Length != m)
        {
            throw new ArgumentException($"Observation length {observation.Length} must equal the observation dimension {m}.", nameof(observation));
        }

        RequireFinite(observation, nameof(observation));
        var count = _count;
        DrawSigmaPoints();
        ref var z0 = ref MemoryMarshal.GetArrayDataReference(_sigmaObs);
        _model.ObserveBatch(_sigma, count, _sigmaObs);

        ref var zp = ref MemoryMarshal.GetArrayDataReference(_zPred);
        MeanAndDeviations(ref z0, m, ref zp);
        LowerCovariance(ref z0, m, _r, _s);

        // P_xz[i, a] = W·γ·Σ_c L[i, c]·(h(χ_c+1) − h(χ_c+1+n))[a]; the deviations hold h(χ) − ẑ, ẑ cancels.
        ref var l0 = ref MemoryMarshal.GetArrayDataReference(_factor);
        ref var pxz = ref MemoryMarshal.GetArrayDataReference(_pxz);
        var wg = _weight * _points.Gamma;
        for (var i = 0; i < n; i++)
        {
            ref var li = ref Unsafe.Add(ref l0, i * n);
            for (var a = 0; a < m; a++)
            {
                var acc = 0.0;
                for (var c = 0; c <= i; c++)
                {
                    acc += Unsafe.Add(ref li, c) * (Unsafe.Add(ref z0, ((c + 1) * m) + a) - Unsafe.Add(ref z0, ((c + 1 + n) * m) + a));
                }

                Unsafe.Add(ref pxz, (i * m) + a) = wg * acc;
            }
        }

        ref var nu = ref MemoryMarshal.GetArrayDataReference(_innovation);
        ref var z = ref MemoryMarshal.GetReference(observation);
        for (var a = 0; a < m; a++)
        {
            Unsafe.Add(ref nu, a) = Unsafe.Add(ref z, a) - Unsafe.Add(ref zp, a);
        }

        var s00 = _s[0];
        if (m == 1 && s00 > 0.0 && double.IsFinite(s00))
        {
            ScalarCorrection(s00);
        }
        else
        {
            MatrixCorrection();
        }

        UpdateCount++;
    }

    /// <summary>One filter step: <see cref="Predict"/>(Δt) then <see cref="Update"/>(z).</summary>
    /// <param name="deltaSeconds">Elapsed time Δt in seconds, finite and non-negative.</param>
    /// <param name="observation">z of length m, finite.</param>
    /// <exception cref="ArgumentException">See <see cref="Predict"/> and <see cref="Update"/>.</exception>
    /// <exception cref="InvalidOperationException">See <see cref="Predict"/> and <see cref="Update"/>.</exception>
    public void Step(double deltaSeconds, ReadOnlySpan<double> observation)
    {
        Predict(deltaSeconds);
        Update(observation);
    }

    private void ScalarCorrection(double s)
    {
        // m = 1: K = P_xz / S, x += K·ν, P −= K·P_xzᵀ, ln L = −½(ln 2π + ln S + ν²/S).
        var n = _n;
        var inv = 1.0 / s;
        var nu = _innovation[0];
        ref var pxz = ref MemoryMarshal.GetArrayDataReference(_pxz);
        ref var k0 = ref MemoryMarshal.GetArrayDataReference(_gain);
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(_p);
        for (var i = 0; i < n; i++)
        {
            var ki = Unsafe.Add(ref pxz, i) * inv;
            Unsafe.Add(ref k0, i) = ki;
            Unsafe.Add(ref x0, i) += ki * nu;
        }

        for (var i = 0; i < n; i++)
        {
            var ki = Unsafe.Add(ref k0, i);
            ref var row = ref Unsafe.Add(ref p0, i * n);
            for (var j = 0; j <= i; j++)
            {
                var v = Unsafe.Add(ref row, j) - (ki * Unsafe.Add(ref pxz, j));
                Unsafe.Add(ref row, j) = v;
                Unsafe.Add(ref p0, (j * n) + i) = v;
            }
        }

        _likelihoodS = s;
        _likelihoodQuad = nu * nu * inv;
        _scalarLikelihood = true;
    }

    private void MatrixCorrection()
    {
        var n = _n;
        var m = _m;
        if (DenseMath.CholeskyWithJitter(_s, _sFactor, m) > 0)
        {
            JitterCount++;
        }

        // K = P_xz S⁻¹: row i of K solves S·kᵢ = (row i of P_xz), S being symmetric.
        for (var i = 0; i < n; i++)
        {
            var row = _gain.AsSpan(i * m, m);
            _pxz.AsSpan(i * m, m).CopyTo(row);
            DenseMath.CholeskySolveInPlace(_sFactor, m, row);
        }

        for (var i = 0; i < n; i++)
        {
            var dx = 0.0;
            for (var a = 0; a < m; a++)
            {
                dx += _gain[(i * m) + a] * _innovation[a];
            }

            _x[i] += dx;
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = 0.0;
                for (var a = 0; a < m; a++)
                {
                    s += _gain[(i * m) + a] * _pxz[(j * m) + a];
                }

                var v = _p[(i * n) + j] - s;
                _p[(i * n) + j] = v;
                _p[(j * n) + i] = v;
            }
        }

        _innovation.AsSpan().CopyTo(_workM);
        DenseMath.CholeskySolveInPlace(_sFactor, m, _workM);
        var quad = 0.0;
        for (var a = 0; a < m; a++)
        {
            quad += _innovation[a] * _workM[a];
        }

        _scalarLikelihood = false;
        _logLikelihood = -0.5 * ((m * LogTwoPi) + DenseMath.LogDeterminantFromCholesky(_sFactor, m) + quad);
    }

    private void DrawSigmaPoints()
    {
        var n = _n;
        if (n == 2 && TryDrawSigmaPoints2())
        {
            return;
        }

        if (SmallCholesky.Factor(_p, _factor, n) > 0)
        {
            JitterCount++;
        }

        // χ₀ = x, χ_c+1 = x + γ·L[:, c], χ_c+1+n = x − γ·L[:, c] (L lower: rows r < c are x).
        var gamma = _points.Gamma;
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var l0 = ref MemoryMarshal.GetArrayDataReference(_factor);
        ref var s0 = ref MemoryMarshal.GetArrayDataReference(_sigma);
        for (var r = 0; r < n; r++)
        {
            Unsafe.Add(ref s0, r) = Unsafe.Add(ref x0, r);
        }

        for (var c = 0; c < n; c++)
        {
            ref var plus = ref Unsafe.Add(ref s0, (c + 1) * n);
            ref var minus = ref Unsafe.Add(ref s0, (c + 1 + n) * n);
            for (var r = 0; r < n; r++)
            {
                var xr = Unsafe.Add(ref x0, r);
                var d = gamma * Unsafe.Add(ref l0, (r * n) + c);
                Unsafe.Add(ref plus, r) = xr + d;
                Unsafe.Add(ref minus, r) = xr - d;
            }
        }
    }

    /// <summary>n = 2 unrolled: L = [[√p₀₀, 0], [p₁₀/L₀₀, √(p₁₁ − L₁₀²)]] and the five points, the same operations as
    /// <see cref="SmallCholesky.Factor"/> and the general loop (bit-identical); false (nothing written) when a pivot is
    /// not strictly positive and finite, for the general path and its jitter. Writing the last point first lets the
    /// JIT drop the other bounds checks.</summary>
    private bool TryDrawSigmaPoints2()
    {
        var p = _p;
        var d0 = p[0];
        if (!(d0 > 0.0) || !double.IsFinite(d0))
        {
            return false;
        }

        var l00 = Math.Sqrt(d0);
        var l10 = p[2] * (1.0 / l00);
        var d1 = p[3] - (l10 * l10);
        if (!(d1 > 0.0) || !double.IsFinite(d1))
        {
            return false;
        }

        var l11 = Math.Sqrt(d1);
        var f = _factor;
        f[3] = l11;
        f[2] = l10;
        f[1] = 0.0;
        f[0] = l00;
        var gamma = _points.Gamma;
        var x = _x;
        var x0 = x[0];
        var x1 = x[1];
        var a = gamma * l00;
        var b = gamma * l10;
        var c = gamma * l11;
        var sg = _sigma;
        sg[9] = x1 - c;
        sg[0] = x0;
        sg[1] = x1;
        sg[2] = x0 + a;
        sg[3] = x1 + b;
        sg[4] = x0;
        sg[5] = x1 + c;
        sg[6] = x0 - a;
        sg[7] = x1 - b;
        sg[8] = x0;
        return true;
    }

    /// <summary>mean = y₀ + W·Σₖ₌₁ (yₖ − y₀); then overwrites each point yₖ (shape (2n+1, dim)) with yₖ − mean.</summary>
    private void MeanAndDeviations(ref double y0, int dim, ref double mean)
    {
        var count = _count;
        var w = _weight;
        for (var i = 0; i < dim; i++)
        {
            var first = Unsafe.Add(ref y0, i);
            var acc = 0.0;
            for (var k = 1; k < count; k++)
            {
                acc += Unsafe.Add(ref y0, (k * dim) + i) - first;
            }

            Unsafe.Add(ref mean, i) = first + (w * acc);
        }

        for (var k = 0; k < count; k++)
        {
            ref var row = ref Unsafe.Add(ref y0, k * dim);
            for (var i = 0; i < dim; i++)
            {
                Unsafe.Add(ref row, i) -= Unsafe.Add(ref mean, i);
            }
        }
    }

    /// <summary>result = noise + W₀ᶜ·d₀d₀ᵀ + W·Σₖ₌₁ dₖdₖᵀ on the lower triangle, mirrored; d of shape (2n+1, dim).</summary>
    private void LowerCovariance(ref double d0, int dim, double[] noise, double[] result)
    {
        var count = _count;
        var w = _weight;
        var w0 = _weight0;
        ref var q0 = ref MemoryMarshal.GetArrayDataReference(noise);
        ref var r0 = ref MemoryMarshal.GetArrayDataReference(result);
        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var acc = 0.0;
                for (var k = 1; k < count; k++)
                {
                    ref var row = ref Unsafe.Add(ref d0, k * dim);
                    acc += Unsafe.Add(ref row, i) * Unsafe.Add(ref row, j);
                }

                var v = Unsafe.Add(ref q0, (i * dim) + j) + (w0 * Unsafe.Add(ref d0, i) * Unsafe.Add(ref d0, j)) + (w * acc);
                Unsafe.Add(ref r0, (i * dim) + j) = v;
                Unsafe.Add(ref r0, (j * dim) + i) = v;
            }
        }
    }

    private static void RequireFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] = {values[i]} is not finite.", name);
            }
        }
    }
}
