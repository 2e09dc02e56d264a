using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Research.Tests.Datasets;

public sealed class DistillationDatasetOptionsTests
{
    [Fact]
    public void DefaultsAreValidAndGiveTheOneSecondSessionGrid()
    {
        var options = new DistillationDatasetOptions();
        options.Validate();
        Assert.Equal(23_400, options.Steps);
        Assert.Equal(TimeSpan.FromSeconds(300), options.EffectiveVerticalBarrier);
        Assert.Equal(4_680, (options with { Cadence = TimeSpan.FromSeconds(5) }).Steps);
    }

    [Theory]
    [InlineData("Cadence")]
    [InlineData("CadenceNotDividing")]
    [InlineData("HorizonNotMultiple")]
    [InlineData("HorizonsNotIncreasing")]
    [InlineData("NoHorizon")]
    [InlineData("Vertical")]
    [InlineData("Width")]
    [InlineData("Span")]
    [InlineData("Fee")]
    [InlineData("FlowHalfLife")]
    [InlineData("DepthAge")]
    [InlineData("Session")]
    public void InvalidOptionsAreRefusedNamingTheOption(string broken)
    {
        var good = new DistillationDatasetOptions();
        var (options, name) = broken switch
        {
            "Cadence" => (good with { Cadence = TimeSpan.Zero }, "Cadence"),
            "CadenceNotDividing" => (good with { Cadence = TimeSpan.FromSeconds(7) }, "Cadence"),
            "HorizonNotMultiple" => (good with { Horizons = [TimeSpan.FromMilliseconds(1500)] }, "Horizons[0]"),
            "HorizonsNotIncreasing" => (good with { Horizons = [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10)] }, "Horizons"),
            "NoHorizon" => (good with { Horizons = [] }, "Horizons"),
            "Vertical" => (good with { VerticalBarrier = TimeSpan.FromHours(7) }, "VerticalBarrier"),
            "Width" => (good with { BarrierWidth = double.NaN }, "BarrierWidth"),
            "Span" => (good with { VolatilitySpan = 0 }, "VolatilitySpan"),
            "Fee" => (good with { FeeRate = -1e-4 }, "FeeRate"),
            "FlowHalfLife" => (good with { TradeFlowHalfLife = TimeSpan.Zero }, "TradeFlowHalfLife"),
            "DepthAge" => (good with { DepthMaxAge = TimeSpan.FromSeconds(-1) }, "DepthMaxAge"),
            _ => (good with { SessionClose = new TimeOnly(9, 0) }, "SessionClose"),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(name, e.ParamName);
    }
}
