using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Grains.Tests.Symbols;

public sealed class SymbolGrainTests
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static MarketEvent[] Session(DateOnly day, ulong seed, ref double mid)
    {
        var random = new DeterministicRandom(seed);
        var open = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 30)), NewYork);
        var events = new MarketEvent[6 * 3600];
        for (var s = 0; s < events.Length; s++)
        {
            mid *= Math.Exp(0.0003 * random.NextGaussian());
            var bid = Math.Round((decimal)mid - 0.01m, 2);
            var quote = new Quote(Ibm, UnixNanos.FromDateTime(DateTime.SpecifyKind(open.AddSeconds(s), DateTimeKind.Utc)), Price.FromDecimal(bid), Quantity.FromUnits(100), Price.FromDecimal(bid + 0.02m), Quantity.FromUnits(100));
            events[s] = MarketEvent.FromQuote(quote, s);
        }

        return events;
    }

    [Fact]
    public async Task TheFirstDayOnlyLearnsAndTheSecondDayProducesGatedSignals()
    {
        await using var silo = await GrainsSilo.StartAsync(new StrategyOptions { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.VolatilityPercentile, RegimeLowerPercentile = 0, RegimeUpperPercentile = 100 });
        var grain = silo.Runtime.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        var day1 = await grain.OnMarketData(Session(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Session(new DateOnly(2013, 10, 8), 2, ref mid));
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
        await using var silo = await GrainsSilo.StartAsync(new StrategyOptions { JudgeMinimumRatio = 1e9, RegimeGate = RegimeGateKind.VolatilityPercentile, RegimeLowerPercentile = 0, RegimeUpperPercentile = 100 });
        var grain = silo.Runtime.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        await grain.OnMarketData(Session(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Session(new DateOnly(2013, 10, 8), 2, ref mid));

        Assert.True(day2.Candidates > 0);
        Assert.Equal(day2.Candidates, day2.JudgeBlocked);
        Assert.Empty(day2.Signals);
    }

    [Fact]
    public async Task TheHmmRegimeGateFittedOnTheFirstDayDecidesOnTheSecond()
    {
        await using var silo = await GrainsSilo.StartAsync(new StrategyOptions { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.Hmm });
        var grain = silo.Runtime.GetGrain<ISymbolGrain>("IBM");
        var mid = 185.0;

        await grain.OnMarketData(Session(new DateOnly(2013, 10, 7), 1, ref mid));
        var day2 = await grain.OnMarketData(Session(new DateOnly(2013, 10, 8), 2, ref mid));

        Assert.True(day2.Candidates > 100);
        Assert.Equal(0, day2.JudgeBlocked);
        Assert.Equal(day2.Candidates - day2.RegimeBlocked, day2.Signals.Length);
        Assert.NotEmpty(day2.Signals); // a calm, one-regime day: the HMM must not block everything
    }
}
