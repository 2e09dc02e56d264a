namespace Quant.Orleans.Research.Validation;

/// <summary>
/// Builds the training set of a split from its test blocks (contiguous runs of samples in start order), the purge and
/// the embargo shared by <see cref="PurgedKFold"/>, <see cref="WalkForward"/> and <see cref="CombinatorialPurgedCV"/>.
/// For each block <c>[a, b]</c> with hull <c>[start[a], H]</c>, <c>H = max end[a..b]</c>: every other sample whose
/// interval meets the hull is purged (AFML snippet 7.1); then the first <c>embargo</c> samples after the purge zone
/// (the first samples with <c>start &gt; H</c>) are embargoed (AFML snippet 7.2). O(n) per block plus the purged count.
/// </summary>
internal sealed class PurgeEngine
{
    private readonly LabelSpan[] _spans;
    private readonly long[] _prefixMaxEnd;

    public PurgeEngine(LabelSpan[] spans)
    {
        _spans = spans;
        _prefixMaxEnd = new long[spans.Length];
        var max = long.MinValue;
        for (var i = 0; i < spans.Length; i++)
        {
            var s = spans[i];
            if (s.End < s.Start)
            {
                throw new ArgumentException($"spans[{i}] = [{s.Start}, {s.End}] ends before it starts.", nameof(spans));
            }

            if (i > 0 && s.Start < spans[i - 1].Start)
            {
                throw new ArgumentException($"spans[{i}].Start = {s.Start} precedes spans[{i - 1}].Start = {spans[i - 1].Start}; samples must be sorted by start.", nameof(spans));
            }

            max = Math.Max(max, s.End);
            _prefixMaxEnd[i] = max;
        }
    }

    public int Count => _spans.Length;

    /// <summary>Splits with the given test blocks, each (first, lastInclusive), ascending and disjoint.</summary>
    public Fold Split(IReadOnlyList<(int First, int Last)> blocks, int embargo, int trainFrom = 0, int trainTo = int.MaxValue)
    {
        var n = _spans.Length;
        // 0 = train candidate, 1 = test, 2 = purged, 3 = embargoed, 4 = outside the training window.
        var state = new byte[n];
        trainTo = Math.Min(trainTo, n);
        for (var i = 0; i < n; i++)
        {
            if (i < trainFrom || i >= trainTo)
            {
                state[i] = 4;
            }
        }

        foreach (var (first, last) in blocks)
        {
            for (var i = first; i <= last; i++)
            {
                state[i] = 1;
            }
        }

        foreach (var (first, last) in blocks)
        {
            var hullStart = _spans[first].Start;
            var hullEnd = long.MinValue;
            for (var i = first; i <= last; i++)
            {
                hullEnd = Math.Max(hullEnd, _spans[i].End);
            }

            // Before the block: a sample overlaps when its end reaches the hull's start; the prefix maximum of ends
            // bounds how far back such a sample can be.
            for (var j = first - 1; j >= 0 && _prefixMaxEnd[j] >= hullStart; j--)
            {
                if (_spans[j].End >= hullStart && state[j] == 0)
                {
                    state[j] = 2;
                }
            }

            // After the block: starts are sorted, so the overlapping samples are a contiguous run.
            var k = last + 1;
            for (; k < n && _spans[k].Start <= hullEnd; k++)
            {
                if (state[k] == 0)
                {
                    state[k] = 2;
                }
            }

            for (var e = 0; e < embargo && k < n; e++, k++)
            {
                if (state[k] == 0)
                {
                    state[k] = 3;
                }
            }
        }

        int train = 0, test = 0, purged = 0, embargoed = 0;
        foreach (var s in state)
        {
            switch (s)
            {
                case 0: train++; break;
                case 1: test++; break;
                case 2: purged++; break;
                case 3: embargoed++; break;
                default: break;
            }
        }

        var trainIdx = new int[train];
        var testIdx = new int[test];
        var purgedIdx = new int[purged];
        var embargoIdx = new int[embargoed];
        train = test = purged = embargoed = 0;
        for (var i = 0; i < n; i++)
        {
            switch (state[i])
            {
                case 0: trainIdx[train++] = i; break;
                case 1: testIdx[test++] = i; break;
                case 2: purgedIdx[purged++] = i; break;
                case 3: embargoIdx[embargoed++] = i; break;
                default: break;
            }
        }

        return new Fold(trainIdx, testIdx, purgedIdx, embargoIdx);
    }
}
