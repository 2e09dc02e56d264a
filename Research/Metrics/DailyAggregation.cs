namespace Quant.Orleans.Research.Metrics;

/// <summary>Aggregates an equity curve into session-day returns (the input of <c>daily_agg</c>), bucketed by the
/// instrument's <see cref="TradingCalendar"/>: the exchange's session date in its time zone (24/7 markets: the UTC
/// date). US equity marks after 20:00 New York time fall after midnight UTC but stay in their New York session.</summary>
public static class DailyAggregation
{
    /// <summary>
    /// Effectively computes, for each session date d (<see cref="TradingCalendar.SessionDate"/>) with at least one
    /// mark, <c>close[d] / close[d−1] − 1</c> where <c>close[d]</c> is the day's last equity and
    /// <c>close[−1] = initialEquity</c>. Days without marks are skipped (a gap is one return, not several zero returns).
    /// </summary>
    /// <param name="times">Mark times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="equity">Equity at each mark, positive, shape (n), in account currency.</param>
    /// <param name="initialEquity">Equity before the first mark, positive.</param>
    /// <param name="calendar">The trading calendar whose session dates bucket the marks.</param>
    /// <returns>The session dates and their simple returns, shapes (days).</returns>
    /// <exception cref="ArgumentException">Lengths differ, times decrease, or an equity is not positive.</exception>
    public static (DateOnly[] Days, double[] Returns) DailyReturns(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity, TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Check(times, equity, initialEquity);
        var days = new List<DateOnly>();
        var returns = new List<double>();
        var previousClose = initialEquity;
        for (var i = 0; i < times.Length; i++)
        {
            var day = calendar.SessionDate(times[i]);
            if (i == times.Length - 1 || calendar.SessionDate(times[i + 1]) != day)
            {
                days.Add(day);
                returns.Add((equity[i] / previousClose) - 1);
                previousClose = equity[i];
            }
        }

        return (days.ToArray(), returns.ToArray());
    }

    /// <summary>Checks a curve: equal lengths, non-decreasing times, positive equity and initial equity.</summary>
    internal static void Check(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity)
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
