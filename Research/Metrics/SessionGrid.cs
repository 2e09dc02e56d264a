namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// Puts an equity curve marked at irregular times on the fixed one-minute grid of a <see cref="TradingCalendar"/>'s
/// regular session, so that <c>step_raw</c> returns are regular minutes and √(days per year × points per day) is the
/// right annualisation whatever the marking cadence (a portfolio that marks when batches end gives a variable number
/// of marks a day; annualising those by √(252·390) overstated the ratio).
/// </summary>
public static class SessionGrid
{
    /// <summary>
    /// Effectively computes, for every session date d with at least one mark (ascending) and every grid point
    /// <c>t</c> of d (<see cref="TradingCalendar.GridTimes"/>), <c>E(t) = equity[last i with times[i] ≤ t]</c> — the
    /// last mark at or before the point carried forward — or <paramref name="initialEquity"/> before the first mark;
    /// then <c>returns[j] = E(t_j) / E(t_{j−1}) − 1</c> with <c>E(t_{−1}) = initialEquity</c>. What happens between two
    /// sessions (overnight, pre-market) falls in the first minute of the next session; what the marks do after the
    /// last session's grid close is not in the series (it is in <c>daily_agg</c>).
    /// </summary>
    /// <param name="times">Mark times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="equity">Marked equity, positive, shape (n), account currency.</param>
    /// <param name="initialEquity">Equity before the first mark, positive.</param>
    /// <param name="calendar">The calendar whose session dates and grid are used.</param>
    /// <returns>Simple one-minute returns, shape (session days × <see cref="TradingCalendar.GridMinutesPerDay"/>).</returns>
    /// <exception cref="ArgumentException">As for <see cref="DailyAggregation.DailyReturns"/>.</exception>
    public static double[] MinuteReturns(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity, TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        DailyAggregation.Check(times, equity, initialEquity);
        var days = new List<DateOnly>();
        for (var i = 0; i < times.Length; i++)
        {
            var day = calendar.SessionDate(times[i]);
            if (days.Count == 0 || days[^1] != day)
            {
                days.Add(day);
            }
        }

        var perDay = calendar.GridMinutesPerDay;
        var returns = new double[days.Count * perDay];
        var grid = new long[perDay];
        var previous = initialEquity;
        var next = 0; // first mark after the last grid point
        var j = 0;
        foreach (var day in days)
        {
            calendar.GridTimes(day, grid);
            foreach (var t in grid)
            {
                while (next < times.Length && times[next] <= t)
                {
                    next++;
                }

                var current = next > 0 ? equity[next - 1] : initialEquity;
                returns[j++] = (current / previous) - 1;
                previous = current;
            }
        }

        return returns;
    }
}
