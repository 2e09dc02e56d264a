namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A discrete-time state-space model with additive Gaussian noise, observed at irregular times:
/// <c>x(t+Δt) = f(x(t), Δt) + w</c>, <c>w ~ N(0, Q(Δt))</c>; <c>z = h(x) + v</c>, <c>v ~ N(0, R)</c>
/// (the additive-noise form of Wan and van der Merwe, 2000, §3, Table 3). Implementations write into the spans they
/// are given and allocate nothing, so that filters can run per tick.
/// </summary>
public interface IStateSpaceModel
{
    /// <summary>The state dimension n (at least 1).</summary>
    int StateDimension { get; }

    /// <summary>The observation dimension m (at least 1).</summary>
    int ObservationDimension { get; }

    /// <summary>Computes <c>result = f(state, Δt)</c>.</summary>
    /// <param name="state">A state of length n.</param>
    /// <param name="deltaSeconds">The elapsed time Δt in seconds, finite and non-negative.</param>
    /// <param name="result">Output of length n; never aliases <paramref name="state"/>.</param>
    void Transition(ReadOnlySpan<double> state, double deltaSeconds, Span<double> result);

    /// <summary>Computes <c>result = h(state)</c>.</summary>
    /// <param name="state">A state of length n.</param>
    /// <param name="result">Output of length m.</param>
    void Observe(ReadOnlySpan<double> state, Span<double> result);

    /// <summary>
    /// Computes <c>results[k] = f(states[k], Δt)</c> for <paramref name="count"/> states stored one after another
    /// (the filters' sigma points), in one call. The default calls <see cref="Transition"/> per state; models override
    /// it with a fused loop to save the per-point interface dispatch.
    /// </summary>
    /// <param name="states">States of shape (count, n), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="deltaSeconds">The elapsed time Δt in seconds, finite and non-negative.</param>
    /// <param name="results">Output of shape (count, n); never aliases <paramref name="states"/>.</param>
    void TransitionBatch(ReadOnlySpan<double> states, int count, double deltaSeconds, Span<double> results)
    {
        var n = StateDimension;
        for (var k = 0; k < count; k++)
        {
            Transition(states.Slice(k * n, n), deltaSeconds, results.Slice(k * n, n));
        }
    }

    /// <summary>
    /// Computes <c>results[k] = h(states[k])</c> for <paramref name="count"/> states stored one after another, in one
    /// call. The default calls <see cref="Observe"/> per state.
    /// </summary>
    /// <param name="states">States of shape (count, n), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="results">Output of shape (count, m), row-major.</param>
    void ObserveBatch(ReadOnlySpan<double> states, int count, Span<double> results)
    {
        var n = StateDimension;
        var m = ObservationDimension;
        for (var k = 0; k < count; k++)
        {
            Observe(states.Slice(k * n, n), results.Slice(k * m, m));
        }
    }

    /// <summary>Writes the process noise covariance Q(Δt), shape (n, n), row-major, symmetric positive-semidefinite.</summary>
    /// <param name="deltaSeconds">The elapsed time Δt in seconds, finite and non-negative.</param>
    /// <param name="result">Output of length n·n.</param>
    void ProcessNoise(double deltaSeconds, Span<double> result);

    /// <summary>Writes the observation noise covariance R, shape (m, m), row-major, symmetric positive-definite.</summary>
    /// <param name="result">Output of length m·m.</param>
    void ObservationNoise(Span<double> result);
}
