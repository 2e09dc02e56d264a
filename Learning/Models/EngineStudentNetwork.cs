namespace Quant.Orleans.Learning.Models;

/// <summary>
/// <see cref="IStudentNetwork"/> on this library's engine: one <see cref="ChronosStudentInference"/> on one core
/// (<see cref="ChronosStudentInference.UseSecondCore"/> off, since the grid already uses every core), weights copied
/// and packed at construction. Allocates nothing per call.
/// </summary>
public sealed class EngineStudentNetwork : IStudentNetwork
{
    private readonly ChronosStudentInference _inference;
    private bool _disposed;

    /// <summary>Packs <paramref name="model"/>'s current weights for inference.</summary>
    /// <param name="model">The student, in evaluation mode or not (inference never applies dropout).</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A parameter is not finite (named).</exception>
    public EngineStudentNetwork(ChronosStudent model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _inference = new ChronosStudentInference(model) { UseSecondCore = false };
        var c = model.Config;
        (Window, InputFeatures, Horizons, QuantileCount, Bins) = (c.Window, c.InputFeatures, c.Horizons, c.QuantileCount, c.Bins);
    }

    /// <inheritdoc />
    public StudentRuntime Runtime => StudentRuntime.Engine;

    /// <inheritdoc />
    public int Window { get; }

    /// <inheritdoc />
    public int InputFeatures { get; }

    /// <inheritdoc />
    public int Horizons { get; }

    /// <inheritdoc />
    public int QuantileCount { get; }

    /// <inheritdoc />
    public int Bins { get; }

    /// <inheritdoc />
    public float Run(ReadOnlySpan<float> tokens, Span<float> quantiles, Span<float> logits, Span<float> barrierLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (quantiles.Length != Horizons * QuantileCount || logits.Length != Horizons * Bins || barrierLogits.Length != ChronosStudent.BarrierClasses)
        {
            throw new ArgumentException($"Outputs must hold H·Q = {Horizons * QuantileCount}, H·K = {Horizons * Bins} and {ChronosStudent.BarrierClasses} values; got {quantiles.Length}, {logits.Length} and {barrierLogits.Length}.", nameof(quantiles));
        }

        return _inference.Run(tokens, quantiles, logits, barrierLogits);
    }

    /// <summary>Marks the network disposed (it holds managed buffers only).</summary>
    public void Dispose() => _disposed = true;
}
