namespace Quant.Orleans.Research.Judge;

/// <summary>
/// The market series the judge reads, one value per grid step (e.g. a <c>DistillationDay</c>'s grid), all causal:
/// the value at step i is what was known at <c>Times[i]</c>.
/// </summary>
/// <param name="Times">Step times, UTC Unix nanoseconds, strictly increasing, shape (n).</param>
/// <param name="Mid">NBBO mid price, USD, finite and &gt; 0, shape (n).</param>
/// <param name="HalfSpread">Relative half-spread (ask − bid)/2/mid of the prevailing NBBO, ≥ 0, shape (n).</param>
/// <param name="BidSize">Shares at the best bid, ≥ 0, shape (n).</param>
/// <param name="AskSize">Shares at the best ask, ≥ 0, shape (n).</param>
/// <param name="TradeFlowImbalance">Signed trade-flow imbalance (B − S)/(B + S) in [−1, 1], shape (n).</param>
/// <param name="RegimeProbabilities">Regime posterior probabilities P(regime r | data up to step i), row-major, shape
/// (n, <paramref name="RegimeCount"/>); empty when <paramref name="RegimeCount"/> is 0.</param>
/// <param name="RegimeCount">Number of regimes R ≥ 0.</param>
public sealed record JudgeMarketData(
    long[] Times,
    double[] Mid,
    double[] HalfSpread,
    double[] BidSize,
    double[] AskSize,
    double[] TradeFlowImbalance,
    double[] RegimeProbabilities,
    int RegimeCount)
{
    /// <summary>Number of grid steps n.</summary>
    public int Length => Times.Length;

    /// <summary>Checks shapes and values.</summary>
    /// <exception cref="ArgumentException">A shape differs from (n) or (n, R), a time does not increase, a mid is not
    /// positive and finite, or a spread, size, imbalance or probability is not finite or out of its range (the
    /// array and the index are named).</exception>
    public void Validate()
    {
        var n = Times.Length;
        Same(nameof(Mid), Mid.Length, n);
        Same(nameof(HalfSpread), HalfSpread.Length, n);
        Same(nameof(BidSize), BidSize.Length, n);
        Same(nameof(AskSize), AskSize.Length, n);
        Same(nameof(TradeFlowImbalance), TradeFlowImbalance.Length, n);
        if (RegimeCount < 0 || RegimeProbabilities.Length != (long)n * RegimeCount)
        {
            throw new ArgumentException($"RegimeProbabilities has {RegimeProbabilities.Length} values; shape (n = {n}, R = {RegimeCount}) needs {(long)n * RegimeCount}.", nameof(RegimeProbabilities));
        }

        for (var i = 0; i < n; i++)
        {
            if (i > 0 && Times[i] <= Times[i - 1])
            {
                throw new ArgumentException($"Times[{i}] = {Times[i]} does not increase (previous {Times[i - 1]}).", nameof(Times));
            }

            Check(nameof(Mid), i, Mid[i], Mid[i] > 0);
            Check(nameof(HalfSpread), i, HalfSpread[i], HalfSpread[i] >= 0);
            Check(nameof(BidSize), i, BidSize[i], BidSize[i] >= 0);
            Check(nameof(AskSize), i, AskSize[i], AskSize[i] >= 0);
            Check(nameof(TradeFlowImbalance), i, TradeFlowImbalance[i], Math.Abs(TradeFlowImbalance[i]) <= 1);
        }

        for (var i = 0; i < RegimeProbabilities.Length; i++)
        {
            Check(nameof(RegimeProbabilities), i, RegimeProbabilities[i], RegimeProbabilities[i] is >= 0 and <= 1);
        }
    }

    private static void Same(string name, int length, int n)
    {
        if (length != n)
        {
            throw new ArgumentException($"{name} has {length} values, Times {n}; every series has one value per grid step.", name);
        }
    }

    private static void Check(string name, int i, double value, bool inRange)
    {
        if (!double.IsFinite(value) || !inRange)
        {
            throw new ArgumentException($"{name}[{i}] = {value} is not finite or outside its range.", name);
        }
    }
}
