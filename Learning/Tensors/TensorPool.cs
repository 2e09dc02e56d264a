namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// A pool of float32 buffers keyed by exact length, so that a training step that releases its intermediates
/// (<see cref="Autograd.GradientTape.EndStep"/>) rents the same buffers again in the next step and allocates no new
/// arrays in steady state. Thread-safe (one lock; a bucket is a <see cref="Stack{T}"/>, which, unlike a concurrent
/// stack, allocates no node per return).
/// </summary>
public static class TensorPool
{
    private static readonly Dictionary<int, Stack<float[]>> Buckets = [];
    private static readonly Lock BucketsLock = new();

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

        float[]? buffer;
        lock (BucketsLock)
        {
            if (!Buckets.TryGetValue(length, out var stack) || !stack.TryPop(out buffer))
            {
                buffer = null;
            }
        }

        if (buffer is null)
        {
            return new float[length];
        }

        if (clear)
        {
            Array.Clear(buffer);
        }

        return buffer;
    }

    /// <summary>Returns a buffer to the pool; the caller must not use it afterwards.</summary>
    public static void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == 0)
        {
            return;
        }

        lock (BucketsLock)
        {
            if (!Buckets.TryGetValue(buffer.Length, out var stack))
            {
                stack = new Stack<float[]>();
                Buckets[buffer.Length] = stack;
            }

            stack.Push(buffer);
        }
    }
}
