using Quant.Orleans.Core;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Tests.Validation;

/// <summary>Random label intervals sorted by start, with overlapping, variable-length labels.</summary>
internal static class SpanGenerator
{
    public static LabelSpan[] Make(ulong seed, int n, int maxLength = 30)
    {
        var rng = new DeterministicRandom(seed);
        var spans = new LabelSpan[n];
        long start = 0;
        for (var i = 0; i < n; i++)
        {
            start += rng.NextInt(3); // ties allowed
            spans[i] = new LabelSpan(start, start + rng.NextInt(maxLength));
        }

        return spans;
    }
}
