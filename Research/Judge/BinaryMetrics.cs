namespace Quant.Orleans.Research.Judge;

/// <summary>Ranking metrics of a binary classifier.</summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney U) formula, ties given half credit:
    /// AUC = (Σ ranks of positives − N₊(N₊ + 1)/2)/(N₊ · N₋) with average ranks of tied scores. NaN when either class
    /// is absent.</summary>
    /// <param name="scores">Scores, higher meaning class 1, shape (m).</param>
    /// <param name="labels">Labels 0/1, shape (m).</param>
    /// <returns>The AUC in [0, 1], or NaN.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<byte> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"scores ({scores.Length}) and labels ({labels.Length}) differ in length.", nameof(scores));
        }

        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var copy = scores.ToArray();
        Array.Sort(copy, order);
        double positives = 0, rankSum = 0;
        var k = 0;
        while (k < order.Length)
        {
            var end = k;
            while (end + 1 < order.Length && copy[end + 1] == copy[k])
            {
                end++;
            }

            var rank = ((k + end) / 2.0) + 1;
            for (var j = k; j <= end; j++)
            {
                if (labels[order[j]] == 1)
                {
                    positives++;
                    rankSum += rank;
                }
            }

            k = end + 1;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
