using MathNet.Numerics.LinearAlgebra;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The exact Kalman filter for a linear-Gaussian model (Kalman, 1960; Durbin and Koopman, 2012, §4.3.2), written
/// with Math.NET dense matrices and the Joseph-form covariance update <c>P = (I − KH)P⁻(I − KH)ᵀ + KRKᵀ</c>. It is the
/// reference against which <see cref="UnscentedKalmanFilter"/> is tested; it allocates per step and is not meant for the
/// per-tick path. Not thread-safe.
/// </summary>
public sealed class KalmanFilter
{
    private readonly ILinearStateSpaceModel _model;
    private readonly int _n;
    private readonly int _m;
    private readonly double[] _buffer;
    private readonly Matrix<double> _h;
    private readonly Matrix<double> _r;
    private Vector<double> _x;
    private Matrix<double> _p;

    /// <summary>Creates the filter at a prior state.</summary>
    /// <param name="model">The linear model.</param>
    /// <param name="initialState">The prior mean, length n.</param>
    /// <param name="initialCovariance">The prior covariance, shape (n, n), row-major.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the model.</exception>
    public KalmanFilter(ILinearStateSpaceModel model, ReadOnlySpan<double> initialState, ReadOnlySpan<double> initialCovariance)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _n = model.StateDimension;
        _m = model.ObservationDimension;
        if (initialState.Length != _n)
        {
            throw new ArgumentException($"State length {initialState.Length} must equal the state dimension {_n}.", nameof(initialState));
        }

        if (initialCovariance.Length != _n * _n)
        {
            throw new ArgumentException($"Covariance length {initialCovariance.Length} must equal n*n = {_n * _n}.", nameof(initialCovariance));
        }

        _buffer = new double[Math.Max(_n * _n, _m * _n) + (_m * _m)];
        _x = Vector<double>.Build.DenseOfArray(initialState.ToArray());
        _p = RowMajor(initialCovariance, _n, _n);
        model.ObservationMatrix(_buffer.AsSpan(0, _m * _n));
        _h = RowMajor(_buffer.AsSpan(0, _m * _n), _m, _n);
        model.ObservationNoise(_buffer.AsSpan(0, _m * _m));
        _r = RowMajor(_buffer.AsSpan(0, _m * _m), _m, _m);
        Innovation = new double[_m];
        InnovationCovariance = new double[_m * _m];
        PredictedObservation = new double[_m];
    }

    /// <summary>The current state mean, length n (a copy).</summary>
    public double[] State => _x.ToArray();

    /// <summary>The current covariance, shape (n, n), row-major (a copy).</summary>
    public double[] Covariance => _p.ToRowMajorArray();

    /// <summary>The predicted observation H·x⁻ of the last update, length m.</summary>
    public double[] PredictedObservation { get; private set; }

    /// <summary>The innovation of the last update, length m.</summary>
    public double[] Innovation { get; private set; }

    /// <summary>The innovation covariance H·P⁻·Hᵀ + R of the last update, shape (m, m), row-major.</summary>
    public double[] InnovationCovariance { get; private set; }

    /// <summary>Time update: x⁻ = F(Δt)·x, P⁻ = F·P·Fᵀ + Q(Δt).</summary>
    /// <param name="deltaSeconds">Δt in seconds, finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaSeconds"/> is negative or not finite.</exception>
    public void Predict(double deltaSeconds)
    {
        if (!(deltaSeconds >= 0.0) || !double.IsFinite(deltaSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(deltaSeconds), deltaSeconds, "The time step must be finite and non-negative (seconds).");
        }

        _model.TransitionMatrix(deltaSeconds, _buffer.AsSpan(0, _n * _n));
        var f = RowMajor(_buffer.AsSpan(0, _n * _n), _n, _n);
        _model.ProcessNoise(deltaSeconds, _buffer.AsSpan(0, _n * _n));
        var q = RowMajor(_buffer.AsSpan(0, _n * _n), _n, _n);
        _x = f * _x;
        _p = (f * _p * f.Transpose()) + q;
    }

    /// <summary>Measurement update with the Joseph-form covariance.</summary>
    /// <param name="observation">z of length m.</param>
    /// <exception cref="ArgumentException">The length is not m.</exception>
    public void Update(ReadOnlySpan<double> observation)
    {
        if (observation.Length != _m)
        {
            throw new ArgumentException($"Observation length {observation.Length} must equal the observation dimension {_m}.", nameof(observation));
        }

        var z = Vector<double>.Build.DenseOfArray(observation.ToArray());
        var zPred = _h * _x;
        var nu = z - zPred;
        var s = (_h * _p * _h.Transpose()) + _r;
        var k = s.Solve(_h * _p).Transpose();
        _x += k * nu;
        var iMinusKh = Matrix<double>.Build.DenseIdentity(_n) - (k * _h);
        _p = (iMinusKh * _p * iMinusKh.Transpose()) + (k * _r * k.Transpose());
        PredictedObservation = zPred.ToArray();
        Innovation = nu.ToArray();
        InnovationCovariance = s.ToRowMajorArray();
    }

    /// <summary>One step: <see cref="Predict"/>(Δt) then <see cref="Update"/>(z).</summary>
    /// <param name="deltaSeconds">Δt in seconds.</param>
    /// <param name="observation">z of length m.</param>
    public void Step(double deltaSeconds, ReadOnlySpan<double> observation)
    {
        Predict(deltaSeconds);
        Update(observation);
    }

    private static Matrix<double> RowMajor(ReadOnlySpan<double> values, int rows, int cols)
    {
        var m = Matrix<double>.Build.Dense(rows, cols);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                m[i, j] = values[(i * cols) + j];
            }
        }

        return m;
    }
}
