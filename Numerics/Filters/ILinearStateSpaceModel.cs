namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A linear-Gaussian state-space model: <c>f(x, Δt) = F(Δt)·x</c> and <c>h(x) = H·x</c>
/// (Kalman, 1960; Durbin and Koopman, Time Series Analysis by State Space Methods, 2nd ed., §4.3).
/// The nonlinear members of <see cref="IStateSpaceModel"/> must agree with the matrices.
/// </summary>
public interface ILinearStateSpaceModel : IStateSpaceModel
{
    /// <summary>Writes the transition matrix F(Δt), shape (n, n), row-major.</summary>
    /// <param name="deltaSeconds">The elapsed time Δt in seconds, finite and non-negative.</param>
    /// <param name="result">Output of length n·n.</param>
    void TransitionMatrix(double deltaSeconds, Span<double> result);

    /// <summary>Writes the observation matrix H, shape (m, n), row-major.</summary>
    /// <param name="result">Output of length m·n.</param>
    void ObservationMatrix(Span<double> result);
}
