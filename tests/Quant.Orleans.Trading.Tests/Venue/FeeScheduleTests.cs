using Quant.Orleans.Trading.Venue;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Venue;

public sealed class FeeScheduleTests
{
    private static readonly FeeSchedule Schedule = new(perUnit: 0.005m, bps: 1m, minimumPerOrder: 1m);

    [Fact]
    public void PerShareAndBasisPointsAddUpAndRoundToCents()
        => Assert.Equal(1.50m, Schedule.Compute(Qty(100), Px(100.10m))); // 0.50 + 1.001 = 1.501

    [Fact]
    public void MinimumPerOrderApplies()
        => Assert.Equal(1.00m, Schedule.Compute(Qty(10), Px(100.10m))); // 0.05 + 0.1001 < 1

    [Fact]
    public void HalfCentRoundsAwayFromZero()
        => Assert.Equal(0.01m, new FeeSchedule(0.005m, 0m, 0m).Compute(Qty(1), Px(1m)));

    [Fact]
    public void InvalidSchedulesAndInputsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeSchedule(-0.01m, 0m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeSchedule(0m, -1m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeSchedule(0m, 0m, -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeSchedule(0m, 0m, 0m, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Compute(Qty(0), Px(1m)));
    }
}
