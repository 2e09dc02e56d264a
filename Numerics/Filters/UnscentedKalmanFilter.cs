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
public sealed class UnscentedKalmanFilter
{
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
    public double LastLogLikelihood { get; private set; }

    /// <summary>The number of Cholesky factorisations (of P or of S) that needed a diagonal jitter since construction or
    /// the last <see cref="Reset"/>; each counts once however many retries it took.</summary>
    public long JitterCount { get; private set; }

    /// <summary>The number of completed updates since construction or the last <see cref="Reset"/>.</summary>
    public long UpdateCount { get; private set; }

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
        LastLogLikelihood = 0.0;
        JitterCount = 0;
        UpdateCount = 0;
    }

    /// <summary>
    /// The time update: propagates the sigma points of (x, P) through f(·, Δt) and sets
    /// x⁻ = Σ Wᵢᵐ f(χᵢ), P⁻ = Σ Wᵢᶜ (f(χᵢ) − x⁻)(f(χᵢ) − x⁻)ᵀ + Q(Δt) (Wan and van der Merwe, 2000, Algorithm 3.1,
    /// time-update equations). The mean is accumulated as f(χ₀) + Σᵢ₌₁ Wᵢᵐ (f(χᵢ) − f(χ₀)), equal in exact arithmetic
    /// and free of the cancellation that the large |W₀ᵐ| of a small α would cause.
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
        var count = _points.PointCount;
        DrawSigmaPoints();
        for (var k = 0; k < count; k++)
        {
            _model.Transition(_sigma.AsSpan(k * n, n), deltaSeconds, _propagated.AsSpan(k * n, n));
        }

        WeightedMean(_propagated, n, _x);
        _model.ProcessNoise(deltaSeconds, _q);
        var wc = _points.CovarianceWeights;
        Array.Copy(_q, _p, n * n);
        for (var k = 0; k < count; k++)
        {
            var w = wc[k];
            var baseK = k * n;
            for (var i = 0; i < n; i++)
            {
                var di = w * (_propagated[baseK + i] - _x[i]);
                var row = i * n;
                for (var j = 0; j < n; j++)
                {
                    _p[row + j] += di * (_propagated[baseK + j] - _x[j]);
                }
            }
        }

        DenseMath.SymmetriseInPlace(_p, n);
    }

    /// <summary>
    /// The measurement update with observation <paramref name="observation"/>: redraws the sigma points from (x⁻, P⁻),
    /// sets ẑ = Σ Wᵢᵐ h(χᵢ), S = Σ Wᵢᶜ (h(χᵢ) − ẑ)(…)ᵀ + R, P_xz = Σ Wᵢᶜ (χᵢ − x⁻)(h(χᵢ) − ẑ)ᵀ, K = P_xz·S⁻¹,
    /// x = x⁻ + K(z − ẑ), P = P⁻ − K·S·Kᵀ = P⁻ − K·P_xzᵀ (Wan and van der Merwe, 2000, Algorithm 3.1, measurement-update
    /// equations), then symmetrises P.
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
        var count = _points.PointCount;
        DrawSigmaPoints();
        for (var k = 0; k < count; k++)
        {
            _model.Observe(_sigma.AsSpan(k * n, n), _sigmaObs.AsSpan(k * m, m));
        }

        WeightedMean(_sigmaObs, m, _zPred);
        var wc = _points.CovarianceWeights;
        Array.Copy(_r, _s, m * m);
        Array.Clear(_pxz);
        for (var k = 0; k < count; k++)
        {
            var w = wc[k];
            var baseZ = k * m;
            var baseX = k * n;
            for (var a = 0; a < m; a++)
            {
                var da = w * (_sigmaObs[baseZ + a] - _zPred[a]);
                for (var b = 0; b < m; b++)
                {
                    _s[(a * m) + b] += da * (_sigmaObs[baseZ + b] - _zPred[b]);
                }
            }

            for (var i = 0; i < n; i++)
            {
                var di = w * (_sigma[baseX + i] - _x[i]);
                for (var a = 0; a < m; a++)
                {
                    _pxz[(i * m) + a] += di * (_sigmaObs[baseZ + a] - _zPred[a]);
                }
            }
        }

        DenseMath.SymmetriseInPlace(_s, m);
        for (var a = 0; a < m; a++)
        {
            _innovation[a] = observation[a] - _zPred[a];
        }

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
            for (var j = 0; j < n; j++)
            {
                var s = 0.0;
                for (var a = 0; a < m; a++)
                {
                    s += _gain[(i * m) + a] * _pxz[(j * m) + a];
                }

                _p[(i * n) + j] -= s;
            }
        }

        DenseMath.SymmetriseInPlace(_p, n);
        _innovation.AsSpan().CopyTo(_workM);
        DenseMath.CholeskySolveInPlace(_sFactor, m, _workM);
        var quad = 0.0;
        for (var a = 0; a < m; a++)
        {
            quad += _innovation[a] * _workM[a];
        }

        LastLogLikelihood = -0.5 * ((m * Math.Log(2.0 * Math.PI)) + DenseMath.LogDeterminantFromCholesky(_sFactor, m) + quad);
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

    private void DrawSigmaPoints()
    {
        if (DenseMath.CholeskyWithJitter(_p, _factor, _n) > 0)
        {
            JitterCount++;
        }

        _points.Generate(_x, _factor, _sigma);
    }

    private void WeightedMean(double[] points, int dim, double[] mean)
    {
        var wm = _points.MeanWeights;
        for (var i = 0; i < dim; i++)
        {
            var y0 = points[i];
            var acc = 0.0;
            for (var k = 1; k < wm.Length; k++)
            {
                acc += wm[k] * (points[(k * dim) + i] - y0);
            }

            mean[i] = y0 + acc;
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
