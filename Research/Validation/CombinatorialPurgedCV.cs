namespace Quant.Orleans.Research.Validation;

/// <summary>
/// Combinatorial purged cross-validation (López de Prado, AFML §12.4): the samples, sorted by label start, are cut
/// into N contiguous groups; every choice of k test groups is a split (C(N, k) splits, lexicographic order), purged and
/// embargoed around each contiguous run of test groups as in <see cref="PurgedKFold"/>. Each group is tested in
/// C(N−1, k−1) splits, which assemble into φ = k/N · C(N, k) = C(N−1, k−1) complete backtest paths (AFML eq. 12.2):
/// path p takes, for every group, the p-th split (in split order) that tests it.
/// </summary>
public sealed class CombinatorialPurgedCV
{
    private readonly int _groups;
    private readonly int _testGroups;
    private readonly int _embargo;

    /// <summary>Creates the splitter.</summary>
    /// <param name="groups">N ≥ 2.</param>
    /// <param name="testGroups">k in [1, N).</param>
    /// <param name="embargoSamples">Samples dropped from training after each contiguous test run, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public CombinatorialPurgedCV(int groups, int testGroups, int embargoSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(testGroups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testGroups, groups);
        ArgumentOutOfRangeException.ThrowIfNegative(embargoSamples);
        _groups = groups;
        _testGroups = testGroups;
        _embargo = embargoSamples;
    }

    /// <summary>Number of splits, C(N, k).</summary>
    public int SplitCount => (int)Binomial(_groups, _testGroups);

    /// <summary>Number of backtest paths φ = C(N−1, k−1) (AFML eq. 12.2).</summary>
    public int PathCount => (int)Binomial(_groups - 1, _testGroups - 1);

    /// <summary>The test groups of every split, in lexicographic order, shape (C(N,k), k).</summary>
    public IReadOnlyList<int[]> TestGroups()
    {
        var result = new List<int[]>();
        var combo = Enumerable.Range(0, _testGroups).ToArray();
        while (true)
        {
            result.Add((int[])combo.Clone());
            var i = _testGroups - 1;
            while (i >= 0 && combo[i] == _groups - _testGroups + i)
            {
                i--;
            }

            if (i < 0)
            {
                return result;
            }

            combo[i]++;
            for (var j = i + 1; j < _testGroups; j++)
            {
                combo[j] = combo[j - 1] + 1;
            }
        }
    }

    /// <summary>All C(N, k) splits, in the order of <see cref="TestGroups"/>.</summary>
    /// <param name="spans">Label intervals sorted by start, shape (n), n ≥ N.</param>
    /// <returns>The folds.</returns>
    /// <exception cref="ArgumentException">Fewer samples than groups; spans unsorted or with an end before its start.</exception>
    public IReadOnlyList<Fold> Split(LabelSpan[] spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Length < _groups)
        {
            throw new ArgumentException($"{spans.Length} samples cannot make {_groups} groups.", nameof(spans));
        }

        var engine = new PurgeEngine(spans);
        var folds = new List<Fold>();
        foreach (var test in TestGroups())
        {
            var blocks = new List<(int First, int Last)>();
            foreach (var g in test)
            {
                var (first, last) = PurgedKFold.Block(spans.Length, _groups, g);
                if (blocks.Count > 0 && blocks[^1].Last + 1 == first)
                {
                    blocks[^1] = (blocks[^1].First, last);
                }
                else
                {
                    blocks.Add((first, last));
                }
            }

            folds.Add(engine.Split(blocks, _embargo));
        }

        return folds;
    }

    /// <summary>The φ backtest paths over <paramref name="samples"/> samples.</summary>
    /// <param name="samples">n, the number of samples split (≥ N).</param>
    /// <returns>φ paths, each with one segment per group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> &lt; N.</exception>
    public IReadOnlyList<BacktestPath> Paths(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, _groups);
        var splits = TestGroups();
        var byGroup = new List<int>[_groups];
        for (var g = 0; g < _groups; g++)
        {
            byGroup[g] = [];
        }

        for (var s = 0; s < splits.Count; s++)
        {
            foreach (var g in splits[s])
            {
                byGroup[g].Add(s);
            }
        }

        var paths = new BacktestPath[PathCount];
        for (var p = 0; p < paths.Length; p++)
        {
            var segments = new PathSegment[_groups];
            for (var g = 0; g < _groups; g++)
            {
                var (first, last) = PurgedKFold.Block(samples, _groups, g);
                segments[g] = new PathSegment(g, byGroup[g][p], first, last);
            }

            paths[p] = new BacktestPath(p, segments);
        }

        return paths;
    }

    private static long Binomial(int n, int k)
    {
        long r = 1;
        for (var i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }
}
