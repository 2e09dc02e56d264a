namespace Quant.Orleans.Core.Tests;

public sealed class UnixNanosTests
{
    [Fact]
    public void ConvertsToAndFromUtcDateTime()
    {
        var time = UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 13, 30, 0, 123, DateTimeKind.Utc));
        Assert.Equal(1_381_152_600_123_000_000L, time.Value);
        Assert.Equal(new DateTime(2013, 10, 7, 13, 30, 0, 123, DateTimeKind.Utc), time.ToDateTime());
        Assert.Equal(new DateOnly(2013, 10, 7), time.UtcDate);
        Assert.Equal("2013-10-07T13:30:00.1230000Z", time.ToString());
    }

    [Fact]
    public void RejectsNonUtcKinds()
    {
        Assert.Throws<ArgumentException>(() => UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 0, 0, 0, DateTimeKind.Local)));
        Assert.Throws<ArgumentException>(() => UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 0, 0, 0, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void ArithmeticAndOrdering()
    {
        var t = new UnixNanos(1_000);
        Assert.Equal(new UnixNanos(1_500), t.AddNanos(500));
        Assert.Equal(new UnixNanos(1_000 + 1_000_000), t.Add(TimeSpan.FromMilliseconds(1)));
        Assert.True(t < t.AddNanos(1));
        Assert.True(t <= new UnixNanos(1_000));
        Assert.Equal(UnixNanos.Epoch.ToDateTime(), DateTime.UnixEpoch);
        Assert.Throws<OverflowException>(() => new UnixNanos(long.MaxValue).AddNanos(1));
    }

    [Fact]
    public void SubHundredNanosecondDigitsAreTruncatedWhenConvertingToDateTime() =>
        Assert.Equal(new UnixNanos(1_199).ToDateTime(), new UnixNanos(1_100).ToDateTime());
}
