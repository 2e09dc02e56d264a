using System.Collections.Concurrent;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// A pool of float32 buffers keyed by exact length, so that a training step that releases its intermediates
/// (<see cref="Autograd.GradientTape.EndStep"/>) rents the same buffers again in the next step and allocates no new
/// arrays in steady state. Thread-safe.
/// </summary>
public static class TensorPool
{
    private static readonly ConcurrentDictionary<int, ConcurrentStack<float[]>> Buckets = new();

    /// <summary>Rents a buffer of exactly <paramref name="length"/> elements; its contents are zero when
    /// <paramref name="clear"/> is true, undefined otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static float[] Rent(int length, bool clear = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            return [];
        }

        if (Buckets.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
        {
            if (clear)
            {
                Array.Clear(buffer);
            }

            return buffer;
        }

        return new float[length];
    }

    /// <summary>Returns a buffer to the pool; the caller must not use it afterwards.</summary>
    public static void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == 0)
        {
            return;
        }

        Buckets.GetOrAdd(buffer.Length, static _ => new ConcurrentStack<float[]>()).Push(buffer);
    }
}
