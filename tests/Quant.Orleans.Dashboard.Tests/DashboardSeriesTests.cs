using Quant.Orleans.Core;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Dashboard.Tests;

public sealed class DashboardSeriesTests
{
    private sealed record Point(long Index);

    [Theory]
    [InlineData(10, 7)]
    [InlineData(10, 10)]
    [InlineData(10, 11)]
    [InlineData(300, 1000)]
    [InlineData(300, 12345)]
    public void TheSeriesStaysBoundedEvenlySpacedAndEndsWithTheNewestPoint(int capacity, int offers)
    {
        var series = new DownsampledSeries<Point>(capacity);
        for (var i = 0; i < offers; i++)
        {
            series.Add(new Point(i));
        }

        var points = series.ToArray();
        Assert.InRange(points.Length, Math.Min(offers, capacity / 2), capacity + 1);
        Assert.Equal(0, points[0].Index);
        Assert.Equal(offers - 1, points[^1].Index);
        var kept = points[^1].Index % Stride(points) == 0 ? points : points[..^1];
        var stride = Stride(kept);
        for (var i = 0; i < kept.Length; i++)
        {
            Assert.Equal(i * stride, kept[i].Index);
        }

        Assert.True(offers <= capacity ? stride == 1 : stride > 1);
        Assert.Equal(offers, series.Offered);
    }

    [Fact]
    public void ThePnlCurveKeepsFirstAndLastAndSubtractsTheInitialCash()
    {
        var start = UnixNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc));
        var equity = Enumerable.Range(0, 1000).Select(i => new EquityPoint(start.AddNanos(i * 60L * UnixNanos.NanosPerSecond), 1_000_000m + i)).ToArray();
        var curve = TradingViewBuilder.Curve(equity, 1_000_000m, 300);
        Assert.Equal(300, curve.Length);
        Assert.Equal(equity[0].Time.ToDateTime(), curve[0].Time);
        Assert.Equal(equity[^1].Time.ToDateTime(), curve[^1].Time);
        Assert.Equal(999m, curve[^1].Pnl);
        Assert.All(curve, p => Assert.Equal(p.Equity - 1_000_000m, p.Pnl));
        Assert.True(curve.Zip(curve.Skip(1)).All(pair => pair.First.Time < pair.Second.Time));

        var small = TradingViewBuilder.Curve(equity[..5], 1_000_000m, 300);
        Assert.Equal(equity[..5].Select(e => e.Equity - 1_000_000m), small.Select(p => p.Pnl));
        Assert.Empty(TradingViewBuilder.Curve([], 1_000_000m, 300));
    }

    private static long Stride(Point[] points) => points.Length < 2 ? 1 : points[1].Index - points[0].Index;
}
