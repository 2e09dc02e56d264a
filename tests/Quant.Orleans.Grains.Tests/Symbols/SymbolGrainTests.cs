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

    [Fact]
    public async Task ABatchSentAgainAfterAFailoverIsAnsweredWithTheSignalsItPassedTheFirstTime()
    {
        // The driver of a replay died after this grain processed a batch but before the account recorded it: the next
        // driver sends the batch again, this time followed by new events. The grain skips what it has, answers the
        // signals that passed on those events again (the account drops those it sized), then carries on; the answer
        // equals an uninterrupted grain's signals for the same events.
        var options = new StrategyOptions { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.VolatilityPercentile, RegimeLowerPercentile = 0, RegimeUpperPercentile = 100 };
        var batches = SyntheticSessions.Batches(Ibm, days: 2, batchesPerDay: 8);
        var (learn, first, second) = (batches[..8], batches[10], batches[11]);

        await using var reference = await GrainsCluster.StartAsync(options);
        var straight = reference.Grains.GetGrain<ISymbolGrain>("IBM");
        foreach (var batch in learn.Concat(batches[8..10]))
        {
            await straight.OnMarketData(new MarketBatch("test", batch));
        }

        var firstSignals = (await straight.OnMarketData(new MarketBatch("test", first))).Signals;
        var secondSignals = (await straight.OnMarketData(new MarketBatch("test", second))).Signals;

        await using var cluster = await GrainsCluster.StartAsync(options);
        var grain = cluster.Grains.GetGrain<ISymbolGrain>("IBM");
        foreach (var batch in learn.Concat(batches[8..10]))
        {
            await grain.OnMarketData(new MarketBatch("test", batch));
        }

        var once = await grain.OnMarketData(new MarketBatch("test", first));
        var resentHalf = first[(first.Length / 2)..];
        var again = await grain.OnMarketData(new MarketBatch("test", [.. resentHalf, .. second]));
        var warm = await grain.OnMarketData(new MarketBatch("test", second, WarmUp: true));

        Assert.Equal(firstSignals, once.Signals);
        var halfStart = resentHalf[0].Quote.Time;
        var expected = firstSignals.Where(s => s.Time >= halfStart).Concat(secondSignals).ToArray();
        Assert.Contains(firstSignals, s => s.Time >= halfStart); // the case under test: signals on re-sent events
        Assert.Equal(expected, again.Signals);
        Assert.Equal(resentHalf.Length, again.Skipped);
        Assert.Equal(second.Length, again.Quotes);
        Assert.Empty(warm.Signals); // a warm-up batch answers nothing, re-sent or not
        Assert.Equal((await straight.GetStatus()).Signals, (await grain.GetStatus()).Signals); // counted once
    }
}
