using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Metrics;

public sealed class SessionGridTests
{
    private const long Minute = 60_000_000_000L;

    private static long Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;

    /// <summary>Issue 15, item 1: irregular marks are carried forward to the grid, so a session day always has 390
    /// returns whatever the marking cadence; what moved overnight falls in the first minute of the next session.</summary>
    [Fact]
    public void IrregularMarksAreCarriedForwardToTheMinuteGrid()
    {
        // Day 1: marks at 09:30:30 (101), 09:32:10 (102) and 18:00 (103, after hours). Day 2: a pre-market mark at
        // 08:00 (104) and 10:00:00 exactly (105). New York EDT = UTC−4.
        long[] t = [Utc(2013, 10, 8, 13, 30, 30), Utc(2013, 10, 8, 13, 32, 10), Utc(2013, 10, 8, 22, 0), Utc(2013, 10, 9, 12, 0), Utc(2013, 10, 9, 14, 0)];
        double[] e = [101, 102, 103, 104, 105];
        var r = SessionGrid.MinuteReturns(t, e, 100, TradingCalendar.UsEquity);
        Assert.Equal(2 * 390, r.Length);
        var expected = new double[780];
        expected[0] = 0.01;               // 09:31 sees 101 (marked 09:30:30) against the initial 100
        expected[2] = (102.0 / 101) - 1;  // 09:33 sees 102 (marked 09:32:10)
        expected[390] = (104.0 / 102) - 1; // day 2 09:31: the after-hours 103 and pre-market 104 both fold in here
        expected[390 + 29] = (105.0 / 104) - 1; // 10:00 sees the mark made at 10:00:00 exactly
        Tolerance.AssertAllClose(expected, r, Tolerance.SameFormulaDouble, "grid returns");
    }

    [Fact]
    public void TheSameEquityPathMarkedMoreOftenGivesTheSameGridReturns()
    {
        // One mark a minute at hh:mm:00.5 against the same path marked again at +20 s and +40 s with the same value:
        // the grid sees only the last mark at or before each point, so the density of marks does not matter.
        var sparse = new List<(long T, double E)>();
        var dense = new List<(long T, double E)>();
        var rng = new Quant.Orleans.Core.DeterministicRandom(9);
        var equity = 1e6;
        for (var m = 0; m < 390; m++)
        {
            equity *= 1 + (0.0001 * rng.NextGaussian());
            var t = Utc(2013, 10, 8, 13, 30) + (m * Minute) + 500_000_000L;
            sparse.Add((t, equity));
            dense.AddRange([(t, equity), (t + (20 * 1_000_000_000L), equity), (t + (40 * 1_000_000_000L), equity)]);
        }

        var a = SessionGrid.MinuteReturns(sparse.Select(x => x.T).ToArray(), sparse.Select(x => x.E).ToArray(), 1e6, TradingCalendar.UsEquity);
        var b = SessionGrid.MinuteReturns(dense.Select(x => x.T).ToArray(), dense.Select(x => x.E).ToArray(), 1e6, TradingCalendar.UsEquity);
        Assert.Equal(a, b);
    }
}
