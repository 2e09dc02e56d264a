using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Statistics;

namespace Quant.Orleans.Research.Evaluation;

/// <summary>A statistic with its bootstrap interval and the sample it came from.</summary>
/// <param name="Value">The statistic on the full sample.</param>
/// <param name="Low">Lower end of the percentile interval.</param>
/// <param name="High">Upper end of the percentile interval.</param>
/// <param name="Samples">Rows in the full sample.</param>
/// <param name="Confidence">Coverage of the interval, e.g. 0.95.</param>
/// <param name="BlockLength">Block length of the resampling, rows.</param>
public sealed record IntervalEstimate(double Value, double Low, double High, int Samples, double Confidence, int BlockLength);

/// <summary>
/// Moving-block bootstrap (Künsch 1989) percentile intervals for statistics of dependent rows (overlapping forecast
/// horizons, autocorrelated returns): each resample joins ⌈n / b⌉ blocks of b consecutive rows, block starts drawn
/// uniformly from [0, n − b], cut to n rows. Seeded: the same inputs and seed give the same interval. The statistic is
/// evaluated on row indices, so the data are never copied. Would use elsewhere: <c>arch.bootstrap.MovingBlockBootstrap</c>
/// (Python) — not available to .NET.
/// </summary>
public static class BlockBootstrap
{
    /// <summary>Computes the statistic on all rows and its percentile interval.</summary>
    /// <param name="n">Rows in the sample, at least 1.</param>
    /// <param name="statistic">The statistic of a list of row indices (may repeat rows); NaN results are skipped.</param>
    /// <param name="blockLength">Block length b, 1 ≤ b ≤ n (1 is the ordinary bootstrap).</param>
    /// <param name="resamples">Resamples, at least 10.</param>
    /// <param name="confidence">Coverage in (0, 1).</param>
    /// <param name="seed">Seed of the block starts.</param>
    /// <returns>The estimate; Low and High are NaN when fewer than 10 resamples gave a number.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static IntervalEstimate Interval(int n, StatisticOfRows statistic, int blockLength, int resamples, double confidence, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (blockLength < 1 || blockLength > n)
        {
            throw new ArgumentException($"block length {blockLength} is outside [1, {n}].", nameof(blockLength));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentException($"confidence {confidence} is outside (0, 1).", nameof(confidence));
        }

        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = i;
        }

        var value = statistic(all);
        var random = new DeterministicRandom(seed);
        var rows = new int[n];
        var results = new List<double>(resamples);
        var starts = n - blockLength + 1;
        for (var r = 0; r < resamples; r++)
        {
            var filled = 0;
            while (filled < n)
            {
                var start = random.NextInt(starts);
                for (var k = 0; k < blockLength && filled < n; k++)
                {
                    rows[filled++] = start + k;
                }
            }

            var s = statistic(rows);
            if (double.IsFinite(s))
            {
                results.Add(s);
            }
        }

        if (results.Count < 10)
        {
            return new IntervalEstimate(value, double.NaN, double.NaN, n, confidence, blockLength);
        }

        // Percentile interval: Hyndman–Fan type 7 order statistics (numpy's default).
        var distribution = new EmpiricalDistribution(results.ToArray());
        var alpha = (1 - confidence) / 2;
        return new IntervalEstimate(value, distribution.Percentile(100 * alpha), distribution.Percentile(100 * (1 - alpha)), n, confidence, blockLength);
    }
}

/// <summary>A statistic of a sample given as row indices.</summary>
/// <param name="rows">Row indices (rows may repeat).</param>
/// <returns>The statistic; NaN when it has no value on these rows.</returns>
public delegate double StatisticOfRows(ReadOnlySpan<int> rows);
