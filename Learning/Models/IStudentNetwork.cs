namespace Quant.Orleans.Learning.Models;

/// <summary>
/// The network call of a served student, one window at a time: the part of <see cref="StudentForecaster"/> that
/// differs between runtimes. Tokenisation (<see cref="StudentTokens.Fill"/>) before it and the post-processing after
/// it are the forecaster's and the same for every runtime. Implementations: <see cref="EngineStudentNetwork"/> (this
/// library's engine, <see cref="ChronosStudentInference"/>) and <c>Onnx.OnnxStudentRunner</c> (ONNX Runtime, CPU or
/// CUDA execution provider). Not thread-safe: one call at a time per instance.
/// </summary>
public interface IStudentNetwork : IDisposable
{
    /// <summary>The runtime that runs the network, as configured: <c>engine</c>, <c>onnx-cpu</c> or <c>onnx-cuda</c>
    /// (<see cref="StudentRuntimes"/>).</summary>
    StudentRuntime Runtime { get; }

    /// <summary>Steps per window, L.</summary>
    int Window { get; }

    /// <summary>Token values per step (the raw columns plus the log-mid path), F + 1.</summary>
    int InputFeatures { get; }

    /// <summary>Forecast horizons, H.</summary>
    int Horizons { get; }

    /// <summary>Quantile levels per horizon, Q.</summary>
    int QuantileCount { get; }

    /// <summary>Bins of the logits per horizon, K.</summary>
    int Bins { get; }

    /// <summary>Runs the network on one window of tokens, shape (L, F + 1) row-major, the last step the forecast
    /// origin. Writes the quantiles, shape (H, Q) row-major; the bin logits, shape (H, K); and the three barrier logits
    /// (down, time, up; zeros for a network without a barrier head). Returns the position in [−1, 1].</summary>
    /// <param name="tokens">L·(F + 1) finite values.</param>
    /// <param name="quantiles">H·Q values out.</param>
    /// <param name="logits">H·K values out.</param>
    /// <param name="barrierLogits">3 values out.</param>
    /// <returns>The position head's value.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length or a token is not finite (named by step and
    /// feature).</exception>
    /// <exception cref="ObjectDisposedException">The network was disposed.</exception>
    float Run(ReadOnlySpan<float> tokens, Span<float> quantiles, Span<float> logits, Span<float> barrierLogits);
}
