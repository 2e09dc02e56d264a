namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A checkpoint of an <see cref="UnscentedKalmanFilter"/> (<see cref="UnscentedKalmanFilter.Capture"/>): everything a
/// later step or a reader of the filter's outputs depends on, so that a filter restored from it continues bit for bit.
/// The model, the sigma points and the work arrays are not part of it: they come from the filter's construction. Plain
/// data; the arrays are copies, never the filter's own buffers (treat them as immutable). Row-major matrices; n the state
/// and m the observation dimension.
/// </summary>
/// <param name="State">The state mean x, length n.</param>
/// <param name="Covariance">P, shape (n, n), exactly symmetric.</param>
/// <param name="ObservationNoise">R in use, shape (m, m) (the model's, or the last
/// <see cref="UnscentedKalmanFilter.SetObservationNoise"/>).</param>
/// <param name="PredictedObservation">ẑ of the last update, length m (zeros before one).</param>
/// <param name="Innovation">ν of the last update, length m.</param>
/// <param name="InnovationCovariance">S of the last update, shape (m, m).</param>
/// <param name="Gain">K of the last update, shape (n, m).</param>
/// <param name="LastLogLikelihood">The Gaussian log-likelihood of the last observation, nats (0 before an update).</param>
/// <param name="JitterCount">Cholesky factorisations that needed a jitter, ≥ 0.</param>
/// <param name="UpdateCount">Completed updates, ≥ 0.</param>
public sealed record UkfState(
    double[] State,
    double[] Covariance,
    double[] ObservationNoise,
    double[] PredictedObservation,
    double[] Innovation,
    double[] InnovationCovariance,
    double[] Gain,
    double LastLogLikelihood,
    long JitterCount,
    long UpdateCount);
