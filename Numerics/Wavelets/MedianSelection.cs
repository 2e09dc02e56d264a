namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>Median by Hoare's selection (quickselect, median-of-three pivots), in place and allocation-free.</summary>
internal static class MedianSelection
{
    /// <summary>The median of <paramref name="values"/> (mean of the two middle values for an even count); the span is
    /// reordered. NaN when empty.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var upper = Select(values, n / 2);
        if ((n & 1) == 1)
        {
            return upper;
        }

        // After selecting n/2, every value left of it is ≤ it: the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return 0.5 * (lower + upper);
    }

    private static double Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            var mid = lo + ((hi - lo) / 2);
            if (a[mid] < a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }

            if (a[hi] < a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }

            if (a[hi] < a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }

            var pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }
}
