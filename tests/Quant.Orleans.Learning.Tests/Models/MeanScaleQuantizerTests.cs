using System.Text.Json;
using Quant.Orleans.Learning.Models;

namespace Quant.Orleans.Learning.Tests.Models;

/// <summary>MeanScaleQuantizer: scale, bins, edges, clipping, centres, JSON round trip and validation.</summary>
public sealed class MeanScaleQuantizerTests
{
    // 30 bins over [-15, 15]: width 1, so every edge and centre is exact in float and double.
    private static readonly MeanScaleQuantizer Unit = new(30, -15f, 15f);

    [Fact]
    public void MeanAbsScaleIsTheMeanAbsoluteValueAboveTheFloor()
    {
        Assert.Equal(2f, MeanScaleQuantizer.MeanAbsScale([1f, -3f, 2f], 1e-3f));
        Assert.Equal(2f, MeanScaleQuantizer.MeanAbsScale([1f, float.NaN, -3f, 2f], 1e-3f));
        Assert.Equal(0.5f, MeanScaleQuantizer.MeanAbsScale([0f, 0.1f, -0.2f], 0.5f));
        Assert.Equal(0.25f, MeanScaleQuantizer.MeanAbsScale([], 0.25f));
        Assert.Equal(0.25f, MeanScaleQuantizer.MeanAbsScale([float.NaN, float.NaN], 0.25f));
    }

    [Fact]
    public void MeanAbsScaleRejectsInfinityAndABadFloor()
    {
        var e = Assert.Throws<ArgumentException>(() => MeanScaleQuantizer.MeanAbsScale([1f, float.NegativeInfinity], 1f));
        Assert.Equal("context", e.ParamName);
        Assert.Contains("context[1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanScaleQuantizer.MeanAbsScale([1f], 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanScaleQuantizer.MeanAbsScale([1f], float.NaN));
    }

    [Theory]
    [InlineData(-15f, 0)]
    [InlineData(-14.5f, 0)]
    [InlineData(-14f, 1)]
    [InlineData(-0.25f, 14)]
    [InlineData(0f, 15)]
    [InlineData(14f, 29)]
    [InlineData(14.999f, 29)]
    [InlineData(15f, 29)]
    public void ValuesInsideTheRangeFallInUniformBins(float x, int bin) => Assert.Equal(bin, Unit.Bin(x));

    [Theory]
    [InlineData(-15.001f, 0)]
    [InlineData(-1e30f, 0)]
    [InlineData(float.NegativeInfinity, 0)]
    [InlineData(15.001f, 29)]
    [InlineData(1e30f, 29)]
    [InlineData(float.PositiveInfinity, 29)]
    public void ValuesOutsideTheRangeAreClippedToTheEdgeBins(float x, int bin) => Assert.Equal(bin, Unit.Bin(x));

    [Fact]
    public void NaNHasNoBin() => Assert.Equal("scaledValue", Assert.Throws<ArgumentException>(() => Unit.Bin(float.NaN)).ParamName);

    [Fact]
    public void CentresAreMidpointsOfTheBins()
    {
        Assert.Equal(1f, Unit.BinWidth);
        Assert.Equal(-14.5f, Unit.BinCenter(0));
        Assert.Equal(0.5f, Unit.BinCenter(15));
        Assert.Equal(14.5f, Unit.BinCenter(29));
        var centres = new float[30];
        Unit.BinCenters(centres);
        for (var k = 0; k < 30; k++)
        {
            Assert.Equal(Unit.BinCenter(k), centres[k]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Unit.BinCenter(30));
        Assert.Throws<ArgumentOutOfRangeException>(() => Unit.BinCenter(-1));
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Unit.BinCenters(new float[29])).ParamName);
    }

    [Fact]
    public void EveryCentreFallsInItsOwnBinAtChronosSize()
    {
        var q = new MeanScaleQuantizer(4094, -15f, 15f);
        var centres = new float[q.Bins];
        q.BinCenters(centres);
        for (var k = 0; k < q.Bins; k++)
        {
            Assert.Equal(k, q.Bin(centres[k]));
            if (k > 0)
            {
                Assert.True(centres[k] > centres[k - 1]);
            }
        }
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        var q = new MeanScaleQuantizer(4094, -15f, 15f);
        var json = JsonSerializer.Serialize(q);
        Assert.Equal("""{"Bins":4094,"Low":-15,"High":15}""", json);
        Assert.Equal(q, JsonSerializer.Deserialize<MeanScaleQuantizer>(json));
    }

    [Fact]
    public void JsonIsValidatedAndUnknownKeysAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonSerializer.Deserialize<MeanScaleQuantizer>("""{"Bins":1,"Low":-15,"High":15}"""));
        Assert.Throws<ArgumentException>(() => JsonSerializer.Deserialize<MeanScaleQuantizer>("""{"Bins":8,"Low":15,"High":-15}"""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MeanScaleQuantizer>("""{"Bins":8,"Low":-1,"High":1,"Center":0}"""));
    }

    [Fact]
    public void ConstructorChecksItsArguments()
    {
        Assert.Equal("bins", Assert.Throws<ArgumentOutOfRangeException>(() => new MeanScaleQuantizer(1, -1f, 1f)).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new MeanScaleQuantizer(8, float.NaN, 1f)).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentException>(() => new MeanScaleQuantizer(8, -1f, float.PositiveInfinity)).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new MeanScaleQuantizer(8, 1f, 1f)).ParamName);
        Assert.Equal("low", Assert.Throws<ArgumentException>(() => new MeanScaleQuantizer(8, 2f, 1f)).ParamName);
    }
}
