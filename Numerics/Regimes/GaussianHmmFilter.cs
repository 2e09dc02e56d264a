using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Regimes;

/// <summary>
/// The causal forward filter of a <see cref="GaussianHmm"/> (Hamilton, 1989; 1994, §22.4): P(sₜ = j | x₀..ₜ) ∝
/// N(xₜ; μⱼ, σⱼ²) Σᵢ P(sₜ₋₁ = i | x₀..ₜ₋₁) (A^Δ)ᵢⱼ, normalised each step; Δ transition steps may pass between two
/// observations (irregular sampling). The live regime probability: each output reads only earlier and current
/// observations. Allocation-free per update; not thread-safe.
/// </summary>
public sealed class GaussianHmmFilter
{
    private readonly double[] _probabilities;
    private readonly double[] _work;

    /// <summary>Creates a filter at the model's initial distribution π (no observation yet).</summary>
    /// <param name="model">The fitted model.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public GaussianHmmFilter(GaussianHmm model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _probabilities = new double[model.States];
        _work = new double[model.States];
        Reset();
    }

    /// <summary>The model.</summary>
    public GaussianHmm Model { get; }

    /// <summary>P(sₜ = i | x₀..ₜ), length K; π before the first update.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>Updates with one observation after <paramref name="transitionSteps"/> Markov steps (1 for regularly
    /// sampled data, 0 for a second observation of the same instant).</summary>
    /// <param name="observation">x, finite (non-finite values are ignored: the probabilities do not change).</param>
    /// <param name="transitionSteps">Markov steps since the previous observation, in [0, 100 000].</param>
    /// <returns><see cref="Probabilities"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The step count is out of range.</exception>
    public ReadOnlySpan<double> Update(double observation, int transitionSteps = 1)
    {
        if (transitionSteps is < 0 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(transitionSteps), transitionSteps, "transitionSteps must lie in [0, 100000].");
        }

        if (!double.IsFinite(observation))
        {
            return _probabilities;
        }

        var k = Model.States;
        var a = Model.Transition;
        for (var step = 0; step < transitionSteps; step++)
        {
            for (var j = 0; j < k; j++)
            {
                var s = 0.0;
                for (var i = 0; i < k; i++)
                {
                    s += _probabilities[i] * a[(i * k) + j];
                }

                _work[j] = s;
            }

            _work.AsSpan().CopyTo(_probabilities);
        }

        // Emission in log space, shifted by its maximum, so that far-out observations do not underflow to 0/0.
        var maxLog = double.NegativeInfinity;
        for (var j = 0; j < k; j++)
        {
            _work[j] = Model.LogEmission(j, observation);
            maxLog = Math.Max(maxLog, _work[j]);
        }

        var total = 0.0;
        for (var j = 0; j < k; j++)
        {
            _work[j] = _probabilities[j] * Math.Exp(_work[j] - maxLog);
            total += _work[j];
        }

        if (total > 0 && double.IsFinite(total))
        {
            for (var j = 0; j < k; j++)
            {
                _probabilities[j] = _work[j] / total;
            }
        }

        return _probabilities;
    }

    /// <summary>Back to π.</summary>
    public void Reset()
    {
        for (var i = 0; i < _probabilities.Length; i++)
        {
            _probabilities[i] = Model.Initial[i];
        }
    }

    /// <summary>Copies the model's parameters and the filtered probabilities into a checkpoint (allocates; the filter is
    /// unchanged).</summary>
    /// <returns>A deep copy: later updates do not change it.</returns>
    public GaussianHmmFilterState Capture() => new(
        new GaussianHmmState([.. Model.Initial], [.. Model.Transition], [.. Model.Means], [.. Model.Variances]),
        (double[])_probabilities.Clone());

    /// <summary>Rebuilds a filter from a checkpoint: the same model and probabilities (copied), so later updates are bit
    /// for bit those of the captured filter.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <returns>A new filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">An array is missing, has the wrong length for K or a value out of its rule
    /// (finite; probabilities non-negative and summing to 1 ± 1e-9; variances positive); the message names the field.</exception>
    public static GaussianHmmFilter Restore(GaussianHmmFilterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var model = CheckpointGuard.NotNull(state.Model, "GaussianHmmFilterState.Model");
        var initial = CheckpointGuard.NotNull(model.Initial, "GaussianHmmState.Initial");
        var k = initial.Length;
        CheckpointGuard.Rule(k >= 1, "GaussianHmmState.Initial", "must hold at least one state.");
        CheckDistribution(CheckpointGuard.FiniteLength(initial, k, "GaussianHmmState.Initial"), "GaussianHmmState.Initial");
        var transition = CheckpointGuard.FiniteLength(model.Transition, k * k, "GaussianHmmState.Transition");
        for (var i = 0; i < k; i++)
        {
            CheckDistribution(transition.AsSpan(i * k, k), $"GaussianHmmState.Transition row {i}");
        }

        CheckpointGuard.FiniteLength(model.Means, k, "GaussianHmmState.Means");
        foreach (var v in CheckpointGuard.FiniteLength(model.Variances, k, "GaussianHmmState.Variances"))
        {
            CheckpointGuard.Rule(v > 0.0, "GaussianHmmState.Variances", $"variance {v} must be positive.");
        }

        var probabilities = CheckpointGuard.FiniteLength(state.Probabilities, k, "GaussianHmmFilterState.Probabilities");
        CheckDistribution(probabilities, "GaussianHmmFilterState.Probabilities");
        var filter = new GaussianHmmFilter(new GaussianHmm(initial, transition, model.Means, model.Variances));
        probabilities.CopyTo(filter._probabilities, 0);
        return filter;
    }

    private static void CheckDistribution(ReadOnlySpan<double> p, string field)
    {
        var sum = 0.0;
        foreach (var v in p)
        {
            CheckpointGuard.Rule(v >= 0.0, field, $"probability {v} is negative.");
            sum += v;
        }

        CheckpointGuard.Rule(Math.Abs(sum - 1.0) <= 1e-9, field, $"the probabilities sum to {sum}, not 1.");
    }
}
