namespace Quant.Orleans.Research.Validation;

/// <summary>
/// Walk-forward splits (AFML §11.2 "the walk-forward method"; Pardo 2008): test blocks of <c>testSize</c> samples
/// follow each other in time; each block trains only on samples before it — from the first sample (expanding) or the
/// last <c>trainSize</c> samples (rolling) — minus those whose label interval reaches into the test block (purge,
/// AFML §7.4.1). Nothing after a test block is ever trained on, so no embargo is needed.
/// </summary>
public sealed class WalkForward
{
    private readonly WalkForwardMode _mode;
    private readonly int _trainSize;
    private readonly int _testSize;

    /// <summary>Creates the splitter.</summary>
    /// <param name="mode">Expanding or rolling training window.</param>
    /// <param name="trainSize">Samples before the first test block (expanding: the minimum; rolling: the window), ≥ 1.</param>
    /// <param name="testSize">Samples per test block, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public WalkForward(WalkForwardMode mode, int trainSize, int testSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(testSize, 1);
        _mode = mode;
        _trainSize = trainSize;
        _testSize = testSize;
    }

    /// <summary>The splits in time order; the last test block may be shorter.</summary>
    /// <param name="spans">Label intervals sorted by start, shape (n).</param>
    /// <returns>⌈(n − trainSize) / testSize⌉ folds (none when n ≤ trainSize).</returns>
    /// <exception cref="ArgumentException">Spans unsorted or with an end before its start.</exception>
    public IReadOnlyList<Fold> Split(LabelSpan[] spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var engine = new PurgeEngine(spans);
        var result = new List<Fold>();
        for (var testFirst = _trainSize; testFirst < spans.Length; testFirst += _testSize)
        {
            var testLast = Math.Min(testFirst + _testSize, spans.Length) - 1;
            var trainFrom = _mode == WalkForwardMode.Expanding ? 0 : testFirst - _trainSize;
            result.Add(engine.Split([(testFirst, testLast)], embargo: 0, trainFrom, trainTo: testFirst));
        }

        return result;
    }
}
