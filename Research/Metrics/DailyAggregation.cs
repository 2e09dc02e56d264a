using Quant.Orleans.Core;

namespace Quant.Orleans.Research.Metrics;

/// <summary>Aggregates an equity curve into UTC-day and per-step returns (the inputs of <c>daily_agg</c> and <c>step_raw</c>).</summary>
public static class DailyAggregation
{
    private const long NanosPerDay = 86_400L * UnixNanos.NanosPerSecond;

    /// <summary>
    /// Effectively computes, for each UTC day d with at least one mark, <c>close[d] / close[d−1] − 1</c> where
    /// <c>close[d]</c> is the day's last equity and <c>close[−1] = initialEquity</c>. Days without marks are skipped
    /// (a gap is one return, not several zero returns).
    /// </summary>
    /// <param name="times">Mark times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="equity">Equity at each mark, positive, shape (n), in account currency.</param>
    /// <param name="initialEquity">Equity before the first mark, positive.</param>
    /// <returns>The UTC days and their simple returns, shapes (days).</returns>
    /// <exception cref="ArgumentException">Lengths differ, times decrease, or an equity is not positive.</exception>
    public static (DateOnly[] Days, double[] Returns) DailyReturns(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity)
    {
        Check(times, equity, initialEquity);
        var days = new List<DateOnly>();
        var returns = new List<double>();
        var previousClose = initialEquity;
        for (var i = 0; i < times.Length; i++)
        {
            var day = Math.DivRem(times[i], NanosPerDay, out var rem) - (rem < 0 ? 1 : 0);
            var lastOfDay = i == times.Length - 1 || (Math.DivRem(times[i + 1], NanosPerDay, out var r2) - (r2 < 0 ? 1 : 0)) != day;
            if (lastOfDay)
            {
                days.Add(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day));
                returns.Add((equity[i] / previousClose) - 1);
                previousClose = equity[i];
            }
        }

        return (days.ToArray(), returns.ToArray());
    }

    /// <summary>Effectively computes <c>destination[i] = equity[i+1] / equity[i] − 1</c>: shape (n − 1).</summary>
    /// <param name="equity">Equity marks in time order, positive, shape (n).</param>
    /// <returns>Per-step simple returns, shape (max(n − 1, 0)).</returns>
    /// <exception cref="ArgumentException">An equity is not positive.</exception>
    public static double[] StepReturns(ReadOnlySpan<double> equity)
    {
        var result = new double[Math.Max(0, equity.Length - 1)];
        for (var i = 0; i < result.Length; i++)
        {
            if (!(equity[i] > 0))
            {
                throw new ArgumentException($"equity[{i}] = {equity[i]} must be positive.", nameof(equity));
            }

            result[i] = (equity[i + 1] / equity[i]) - 1;
        }

        return result;
    }

    private static void Check(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity)
    {
        if (times.Length != equity.Length)
        {
            throw new ArgumentException($"times ({times.Length}) and equity ({equity.Length}) must have equal lengths.", nameof(equity));
        }

        if (!(initialEquity > 0))
        {
            throw new ArgumentException($"initialEquity = {initialEquity} must be positive.", nameof(initialEquity));
        }

        for (var i = 0; i < times.Length; i++)
        {
            if (i > 0 && times[i] < times[i - 1])
            {
                throw new ArgumentException($"times[{i}] = {times[i]} precedes times[{i - 1}] = {times[i - 1]}.", nameof(times));
            }

            if (!(equity[i] > 0))
            {
                throw new ArgumentException($"equity[{i}] = {equity[i]} must be positive.", nameof(equity));
            }
        }
    }
}
