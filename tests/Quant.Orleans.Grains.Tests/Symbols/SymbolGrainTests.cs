using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;

namespace Quant.Orleans.Grains.Tests.Symbols;

public sealed class SymbolGrainTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static MarketBatch Batch(DateOnly day, ulong seed, ref double mid) => new("test", SyntheticSessions.Session(Ibm, day, seed, ref mid));

    [Fact]
    public async Task TheFirstDayOnlyLearnsAndTheSecondDayProducesGatedSignals()
    {
        await using var silo = await GrainsCluster.StartAsync(new StrategyOptions { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.VolatilityPercentile, RegimeLowerPercentile = 0, RegimeUpperPercentile = 100 });
        var grain = silo.Grains.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        var day1 = await grain.OnMarketData(Batch(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Batch(new DateOnly(2013, 10, 8), 2, ref mid));
        var status = await grain.GetStatus();

        Assert.Equal(0, day1.Candidates);
        Assert.Empty(day1.Signals);
        Assert.True(day2.Candidates > 100, $"{day2.Candidates} candidates");
        Assert.Equal(day2.Candidates - day2.RegimeBlocked - day2.JudgeBlocked, day2.Signals.Length);
        Assert.All(day2.Signals, s => Assert.Equal("ridge-baseline@2013-10-07", s.ModelVersion));
        Assert.Equal("ridge-baseline@2013-10-07", status.ModelVersion);
        Assert.Equal(2 * 6 * 3600, status.Quotes);
        Assert.InRange(status.FilteredMid, mid * 0.99, mid * 1.01);
    }

    [Fact]
    public async Task TheJudgeBlocksSignalsBelowItsThreshold()
    {
        await using var silo = await GrainsCluster.StartAsync(new StrategyOptions { JudgeMinimumRatio = 1e9, RegimeGate = RegimeGateKind.VolatilityPercentile, RegimeLowerPercentile = 0, RegimeUpperPercentile = 100 });
        var grain = silo.Grains.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        await grain.OnMarketData(Batch(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Batch(new DateOnly(2013, 10, 8), 2, ref mid));

        Assert.True(day2.Candidates > 0);
        Assert.Equal(day2.Candidates, day2.JudgeBlocked);
        Assert.Empty(day2.Signals);
    }

    [Fact]
    public async Task TheHmmRegimeGateFittedOnTheFirstDayDecidesOnTheSecond()
    {
        await using var silo = await GrainsCluster.StartAsync(new StrategyOptions { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.Hmm });
        var grain = silo.Grains.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        await grain.OnMarketData(Batch(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Batch(new DateOnly(2013, 10, 8), 2, ref mid));

        Assert.True(day2.Candidates > 100);
        Assert.Equal(0, day2.JudgeBlocked);
        Assert.Equal(day2.Candidates - day2.RegimeBlocked, day2.Signals.Length);
        Assert.NotEmpty(day2.Signals); // a calm, one-regime day: the HMM must not block everything
    }
}
