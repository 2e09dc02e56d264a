namespace Quant.Orleans.Research.Drift;

/// <summary>Input checks and sorting shared by the drift measures.</summary>
internal static class DriftSamples
{
    /// <summary>A sorted copy of <paramref name="sample"/>, after checking it is non-empty and finite.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="name">The argument's name, for the message.</param>
    /// <returns>The sorted copy.</returns>
    /// <exception cref="ArgumentException">Empty, or a value is NaN or infinite (its position is named).</exception>
    public static double[] SortedCopy(ReadOnlySpan<double> sample, string name)
    {
        if (sample.IsEmpty)
        {
            throw new ArgumentException($"the {name} sample is empty; a drift measure needs at least one value.", name);
        }

        for (var i = 0; i < sample.Length; i++)
        {
            if (!double.IsFinite(sample[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {sample[i]}; drift measures take finite values only.", name);
            }
        }

        var copy = sample.ToArray();
        Array.Sort(copy);
        return copy;
    }
}
