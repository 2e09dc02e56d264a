namespace Quant.Orleans.Client.Rendering;

/// <summary>A one-line chart of a series with the eight block characters U+2581..U+2588: the lowest value is '▁',
/// the highest '█', levels linear in between; a constant series is drawn at mid height ('▄').</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>The chart of <paramref name="values"/>, at most <paramref name="width"/> characters: a longer series
    /// is cut into <paramref name="width"/> consecutive buckets of near-equal size, each drawn by its last value (the
    /// level at the end of the bucket). Empty for an empty series.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    public static string Render(IReadOnlyList<decimal> values, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var count = Math.Min(width, values.Count);
        var sampled = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            // The last element of bucket i when n values are cut into count buckets: floor((i + 1) n / count) - 1.
            sampled[i] = values[(int)(((long)(i + 1) * values.Count / count) - 1)];
        }

        var low = sampled.Min();
        var high = sampled.Max();
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = high == low ? Blocks[3] : Blocks[(int)Math.Round((sampled[i] - low) / (high - low) * (Blocks.Length - 1), MidpointRounding.AwayFromZero)];
        }

        return new string(chars);
    }
}
