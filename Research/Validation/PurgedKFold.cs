namespace Quant.Orleans.Research.Validation;

/// <summary>
/// Purged k-fold cross-validation with embargo (López de Prado, AFML §7.4, snippet 7.3 <c>PurgedKFold</c>): the
/// samples, sorted by label start, are cut into <c>k</c> contiguous test blocks of sizes differing by at most one
/// (numpy <c>array_split</c>); each block's training set is every other sample minus those whose label interval
/// meets the block's interval hull (purge) minus the first <c>embargo</c> samples after it (embargo). No shuffling.
/// </summary>
public sealed class PurgedKFold
{
    private readonly int _folds;
    private readonly int _embargo;

    /// <summary>Creates the splitter.</summary>
    /// <param name="folds">k ≥ 2.</param>
    /// <param name="embargoSamples">Samples dropped from training after each test block (AFML's
    /// <c>int(n · pctEmbargo)</c>, see <see cref="EmbargoFromFraction"/>), ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> &lt; 2 or <paramref name="embargoSamples"/> &lt; 0.</exception>
    public PurgedKFold(int folds, int embargoSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(embargoSamples);
        _folds = folds;
        _embargo = embargoSamples;
    }

    /// <summary>AFML's embargo size: <c>⌊samples · fraction⌋</c>.</summary>
    /// <param name="samples">Number of samples.</param>
    /// <param name="fraction">Fraction in [0, 1) (AFML suggests about 0.01).</param>
    /// <returns>The embargo in samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside [0, 1).</exception>
    public static int EmbargoFromFraction(int samples, double fraction)
    {
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in [0, 1).");
        }

        return (int)Math.Floor(samples * fraction);
    }

    /// <summary>The k folds, in order of their test blocks.</summary>
    /// <param name="spans">Label intervals, sorted by start, shape (n), n ≥ k.</param>
    /// <returns>k folds.</returns>
    /// <exception cref="ArgumentException">Fewer samples than folds; spans unsorted or with an end before its start.</exception>
    public IReadOnlyList<Fold> Split(LabelSpan[] spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Length < _folds)
        {
            throw new ArgumentException($"{spans.Length} samples cannot make {_folds} folds.", nameof(spans));
        }

        var engine = new PurgeEngine(spans);
        var result = new Fold[_folds];
        for (var f = 0; f < _folds; f++)
        {
            var (first, last) = Block(spans.Length, _folds, f);
            result[f] = engine.Split([(first, last)], _embargo);
        }

        return result;
    }

    /// <summary>The f-th of k contiguous blocks of n items (numpy <c>array_split</c>: the first n mod k blocks get one more).</summary>
    internal static (int First, int Last) Block(int n, int k, int f)
    {
        var size = n / k;
        var extra = n % k;
        var first = (f * size) + Math.Min(f, extra);
        var length = size + (f < extra ? 1 : 0);
        return (first, first + length - 1);
    }
}
