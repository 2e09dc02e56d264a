namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>
/// Causal, streaming FFD (López de Prado, AFML 2018, §5.5): keeps the last W values in a ring buffer and returns
/// <c>Σₖ w[k] · x(t − k)</c>, summed in increasing k as the batch
/// <see cref="FractionalDifferencing.Transform(ReadOnlySpan{double}, ReadOnlySpan{double})"/> does, so the values are
/// bit-for-bit those of the batch transform. No allocation per update.
/// </summary>
public sealed class StreamingFractionalDifferencer
{
    private readonly double[] _weights;
    private readonly double[] _buffer;
    private int _next;
    private long _count;

    /// <summary>Creates the differencer.</summary>
    /// <param name="weights">w of length W ≥ 1 (copied), from <see cref="FractionalDifferencing.Weights(double, double, int)"/>.</param>
    /// <exception cref="ArgumentException">The weights are empty or not finite.</exception>
    public StreamingFractionalDifferencer(ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        for (var k = 0; k < weights.Length; k++)
        {
            if (!double.IsFinite(weights[k]))
            {
                throw new ArgumentException($"weights[{k}] = {weights[k]} is not finite.", nameof(weights));
            }
        }

        _weights = weights.ToArray();
        _buffer = new double[weights.Length];
    }

    /// <summary>The window width W.</summary>
    public int Width => _weights.Length;

    /// <summary>True once W values have been seen (the output is defined).</summary>
    public bool IsReady => _count >= _weights.Length;

    /// <summary>Number of values pushed since construction or <see cref="Reset"/>.</summary>
    public long Count => _count;

    /// <summary>
    /// Pushes x(t) and returns the FFD value at t, <c>Σₖ w[k] x(t − k)</c>, or NaN while fewer than W values have been
    /// seen (the first W − 1 calls).
    /// </summary>
    /// <param name="value">x(t), finite.</param>
    /// <returns>The fractionally differenced value at t, or NaN during warm-up.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not finite (the state is unchanged).</exception>
    public double Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The input must be finite.");
        }

        var width = _weights.Length;
        var newest = _next;
        _buffer[newest] = value;
        _next = newest + 1 == width ? 0 : newest + 1;
        _count++;
        if (_count < width)
        {
            return double.NaN;
        }

        // x(t − k) sits at (newest − k) mod W: k = 0 … newest read backwards from newest, then the rest from the end.
        var sum = 0.0;
        var k = 0;
        for (var j = newest; j >= 0; j--, k++)
        {
            sum += _weights[k] * _buffer[j];
        }

        for (var j = width - 1; j > newest; j--, k++)
        {
            sum += _weights[k] * _buffer[j];
        }

        return sum;
    }

    /// <summary>Forgets all values (the next W − 1 updates return NaN again).</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _next = 0;
        _count = 0;
    }
}
