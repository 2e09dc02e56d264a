using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quant.Orleans.Numerics.Filters;

/// <summary>
/// The continuous-time local linear trend (a continuous white-noise-acceleration model with a random-walk level): state
/// x = [level, slope], <c>d level = slope·dt + √q_level dW₁</c>, <c>d slope = √q_slope dW₂</c>, observed as
/// <c>z = level + v</c>, <c>v ~ N(0, r)</c>. Exact discretisation over Δt seconds (Bar-Shalom, Li and Kirubarajan,
/// Estimation with Applications to Tracking and Navigation, 2001, §6.2.2, eq. 6.2.2-12, plus the level's own
/// random walk): <c>F = [[1, Δt], [0, 1]]</c>,
/// <c>Q = [[q_level·Δt + q_slope·Δt³/3, q_slope·Δt²/2], [q_slope·Δt²/2, q_slope·Δt]]</c>, <c>H = [1, 0]</c>.
/// Units, for a level in log price: level in ln(USD), slope in ln(USD) per second, q_level in ln(USD)² per second,
/// q_slope in ln(USD)² per second³, r in ln(USD)².
/// </summary>
public sealed class LocalLinearTrendModel : ILinearStateSpaceModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="levelNoiseDensity">q_level ≥ 0: spectral density of the level's random walk, in (level unit)² per
    /// second (for a log price: the squared volatility per second that is not explained by the slope).</param>
    /// <param name="slopeNoiseDensity">q_slope ≥ 0: spectral density of the slope's random walk, in (level unit)² per
    /// second³.</param>
    /// <param name="observationNoiseVariance">r &gt; 0: variance of the observation noise, in (level unit)².</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is negative, not finite, or r is zero.</exception>
    public LocalLinearTrendModel(double levelNoiseDensity, double slopeNoiseDensity, double observationNoiseVariance)
    {
        if (!(levelNoiseDensity >= 0.0) || !double.IsFinite(levelNoiseDensity))
        {
            throw new ArgumentOutOfRangeException(nameof(levelNoiseDensity), levelNoiseDensity, "The level noise density must be finite and non-negative.");
        }

        if (!(slopeNoiseDensity >= 0.0) || !double.IsFinite(slopeNoiseDensity))
        {
            throw new ArgumentOutOfRangeException(nameof(slopeNoiseDensity), slopeNoiseDensity, "The slope noise density must be finite and non-negative.");
        }

        if (!(observationNoiseVariance > 0.0) || !double.IsFinite(observationNoiseVariance))
        {
            throw new ArgumentOutOfRangeException(nameof(observationNoiseVariance), observationNoiseVariance, "The observation noise variance must be finite and positive.");
        }

        LevelNoiseDensity = levelNoiseDensity;
        SlopeNoiseDensity = slopeNoiseDensity;
        ObservationNoiseVariance = observationNoiseVariance;
    }

    /// <summary>q_level, in (level unit)² per second.</summary>
    public double LevelNoiseDensity { get; }

    /// <summary>q_slope, in (level unit)² per second³.</summary>
    public double SlopeNoiseDensity { get; }

    /// <summary>r, in (level unit)².</summary>
    public double ObservationNoiseVariance { get; }

    /// <inheritdoc />
    public int StateDimension => 2;

    /// <inheritdoc />
    public int ObservationDimension => 1;

    /// <summary>Computes [level + slope·Δt, slope].</summary>
    /// <param name="state">[level, slope].</param>
    /// <param name="deltaSeconds">Δt in seconds.</param>
    /// <param name="result">Output of length 2.</param>
    public void Transition(ReadOnlySpan<double> state, double deltaSeconds, Span<double> result)
    {
        result[1] = state[1];
        result[0] = state[0] + (state[1] * deltaSeconds);
    }

    /// <summary>Computes [level].</summary>
    /// <param name="state">[level, slope].</param>
    /// <param name="result">Output of length 1.</param>
    public void Observe(ReadOnlySpan<double> state, Span<double> result) => result[0] = state[0];

    /// <summary>Computes [levelₖ + slopeₖ·Δt, slopeₖ] for each of the <paramref name="count"/> states.</summary>
    /// <param name="states">States of shape (count, 2), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="deltaSeconds">Δt in seconds.</param>
    /// <param name="results">Output of shape (count, 2).</param>
    /// <exception cref="ArgumentException">A span is shorter than 2·count.</exception>
    public void TransitionBatch(ReadOnlySpan<double> states, int count, double deltaSeconds, Span<double> results)
    {
        if (states.Length < 2 * count || results.Length < 2 * count)
        {
            throw new ArgumentException($"Spans of length {states.Length} and {results.Length} cannot hold {count} states of dimension 2.", nameof(results));
        }

        ref var s0 = ref MemoryMarshal.GetReference(states);
        ref var r0 = ref MemoryMarshal.GetReference(results);
        for (var k = 0; k < 2 * count; k += 2)
        {
            var slope = Unsafe.Add(ref s0, k + 1);
            Unsafe.Add(ref r0, k) = Unsafe.Add(ref s0, k) + (slope * deltaSeconds);
            Unsafe.Add(ref r0, k + 1) = slope;
        }
    }

    /// <summary>Computes [levelₖ] for each of the <paramref name="count"/> states.</summary>
    /// <param name="states">States of shape (count, 2), row-major.</param>
    /// <param name="count">The number of states.</param>
    /// <param name="results">Output of length count.</param>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public void ObserveBatch(ReadOnlySpan<double> states, int count, Span<double> results)
    {
        if (states.Length < 2 * count || results.Length < count)
        {
            throw new ArgumentException($"Spans of length {states.Length} and {results.Length} cannot hold {count} states of dimension 2.", nameof(results));
        }

        ref var s0 = ref MemoryMarshal.GetReference(states);
        ref var r0 = ref MemoryMarshal.GetReference(results);
        for (var k = 0; k < count; k++)
        {
            Unsafe.Add(ref r0, k) = Unsafe.Add(ref s0, 2 * k);
        }
    }

    /// <inheritdoc />
    public void ProcessNoise(double deltaSeconds, Span<double> result)
    {
        var dt = deltaSeconds;
        var qs = SlopeNoiseDensity;
        result[0] = (LevelNoiseDensity * dt) + (qs * dt * dt * dt / 3.0);
        result[1] = qs * dt * dt / 2.0;
        result[2] = result[1];
        result[3] = qs * dt;
    }

    /// <inheritdoc />
    public void ObservationNoise(Span<double> result) => result[0] = ObservationNoiseVariance;

    /// <inheritdoc />
    public void TransitionMatrix(double deltaSeconds, Span<double> result)
    {
        result[0] = 1.0;
        result[1] = deltaSeconds;
        result[2] = 0.0;
        result[3] = 1.0;
    }

    /// <inheritdoc />
    public void ObservationMatrix(Span<double> result)
    {
        result[0] = 1.0;
        result[1] = 0.0;
    }
}
