using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Tests.Rendering;

public sealed class SparklineTests
{
    [Fact]
    public void EightEvenlySpacedValuesUseEveryLevelOnce() =>
        Assert.Equal("▁▂▃▄▅▆▇█", Sparkline.Render([-3.5m, -2.5m, -1.5m, -0.5m, 0.5m, 1.5m, 2.5m, 3.5m], 60));

    [Fact]
    public void AConstantSeriesIsDrawnAtMidHeight() =>
        Assert.Equal("▄▄▄", Sparkline.Render([2m, 2m, 2m], 10));

    [Fact]
    public void ALongSeriesIsCutIntoBucketsDrawnByTheirLastValue()
    {
        // 10 values in 4 buckets end at indices floor(k·10/4) − 1 = 1, 4, 6, 9.
        decimal[] values = [0, 7, 0, 0, 0, 0, 7, 0, 0, 0];

        Assert.Equal("█▁█▁", Sparkline.Render(values, 4));
    }

    [Fact]
    public void EmptySeriesAndBadWidth()
    {
        Assert.Equal(string.Empty, Sparkline.Render([], 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sparkline.Render([1m], 0));
    }
}
