using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// A time-invariant linear-Gaussian model in matrix form: <c>x' = F·x + w</c>, <c>w ~ N(0, Q)</c>,
/// <c>z = H·x + v</c>, <c>v ~ N(0, R)</c>, with the same F and Q whatever Δt (Δt is ignored: one step per observation).
/// Used as a reference model (Durbin and Koopman, 2012, §4.3). The matrices are copied at construction.
/// </summary>
public sealed class LinearGaussianModel : ILinearStateSpaceModel
{
    private readonly double[] _f;
    private readonly double[] _h;
    private readonly double[] _q;
    private readonly double[] _r;

    /// <summary>Creates the model from row-major matrices.</summary>
    /// <param name="stateDimension">n ≥ 1.</param>
    /// <param name="observationDimension">m ≥ 1.</param>
    /// <param name="transition">F, shape (n, n).</param>
    /// <param name="observation">H, shape (m, n).</param>
    /// <param name="processNoise">Q, shape (n, n), symmetric positive-semidefinite.</param>
    /// <param name="observationNoise">R, shape (m, m), symmetric positive-definite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1.</exception>
    /// <exception cref="ArgumentException">A matrix has the wrong length or a non-finite entry.</exception>
    public LinearGaussianModel(int stateDimension, int observationDimension, ReadOnlySpan<double> transition, ReadOnlySpan<double> observation, ReadOnlySpan<double> processNoise, ReadOnlySpan<double> observationNoise)
    {
        if (stateDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stateDimension), stateDimension, "The state dimension must be at least 1.");
        }

        if (observationDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(observationDimension), observationDimension, "The observation dimension must be at least 1.");
        }

        StateDimension = stateDimension;
        ObservationDimension = observationDimension;
        _f = CopyChecked(transition, stateDimension * stateDimension, nameof(transition));
        _h = CopyChecked(observation, observationDimension * stateDimension, nameof(observation));
        _q = CopyChecked(processNoise, stateDimension * stateDimension, nameof(processNoise));
        _r = CopyChecked(observationNoise, observationDimension * observationDimension, nameof(observationNoise));
    }

    /// <inheritdoc />
    public int StateDimension { get; }

    /// <inheritdoc />
    public int ObservationDimension { get; }

    /// <summary>Computes F·x.</summary>
    /// <param name="state">x of length n.</param>
    /// <param name="deltaSeconds">Ignored.</param>
    /// <param name="result">Output of length n.</param>
    public void Transition(ReadOnlySpan<double> state, double deltaSeconds, Span<double> result) => MatVec(_f, StateDimension, StateDimension, state, result);

    /// <summary>Computes H·x.</summary>
    /// <param name="state">x of length n.</param>
    /// <param name="result">Output of length m.</param>
    public void Observe(ReadOnlySpan<double> state, Span<double> result) => MatVec(_h, ObservationDimension, StateDimension, state, result);

    /// <summary>Computes F·xₖ for each of the <paramref name="count"/> states.</summary>
    /// <param name="states">States of shape (count, n), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="deltaSeconds">Ignored.</param>
    /// <param name="results">Output of shape (count, n).</param>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public void TransitionBatch(ReadOnlySpan<double> states, int count, double deltaSeconds, Span<double> results) => BatchMatVec(_f, StateDimension, states, count, results);

    /// <summary>Computes H·xₖ for each of the <paramref name="count"/> states.</summary>
    /// <param name="states">States of shape (count, n), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="results">Output of shape (count, m).</param>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public void ObserveBatch(ReadOnlySpan<double> states, int count, Span<double> results) => BatchMatVec(_h, ObservationDimension, states, count, results);

    /// <inheritdoc />
    public void ProcessNoise(double deltaSeconds, Span<double> result) => _q.CopyTo(result);

    /// <inheritdoc />
    public void ObservationNoise(Span<double> result) => _r.CopyTo(result);

    /// <inheritdoc />
    public void TransitionMatrix(double deltaSeconds, Span<double> result) => _f.CopyTo(result);

    /// <inheritdoc />
    public void ObservationMatrix(Span<double> result) => _h.CopyTo(result);

    private static void MatVec(double[] a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < rows; i++)
        {
            var s = 0.0;
            for (var j = 0; j < cols; j++)
            {
                s += a[(i * cols) + j] * x[j];
            }

            y[i] = s;
        }
    }

    private void BatchMatVec(double[] a, int rows, ReadOnlySpan<double> x, int count, Span<double> y)
    {
        var cols = StateDimension;
        if (x.Length < count * cols || y.Length < count * rows)
        {
            throw new ArgumentException($"Spans of length {x.Length} and {y.Length} cannot hold {count} states of shape ({cols}) and results of shape ({rows}).", nameof(y));
        }

        ref var a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        for (var k = 0; k < count; k++)
        {
            ref var xk = ref Unsafe.Add(ref x0, k * cols);
            ref var yk = ref Unsafe.Add(ref y0, k * rows);
            for (var i = 0; i < rows; i++)
            {
                ref var ai = ref Unsafe.Add(ref a0, i * cols);
                var s = 0.0;
                for (var j = 0; j < cols; j++)
                {
                    s += Unsafe.Add(ref ai, j) * Unsafe.Add(ref xk, j);
                }

                Unsafe.Add(ref yk, i) = s;
            }
        }
    }

    private static double[] CopyChecked(ReadOnlySpan<double> values, int length, string name)
    {
        if (values.Length != length)
        {
            throw new ArgumentException($"{name} has length {values.Length}; its shape requires {length}.", name);
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] = {values[i]} is not finite.", name);
            }
        }

        return values.ToArray();
    }
}
