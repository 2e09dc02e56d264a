using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.MarketData.Replay;

namespace Quant.Orleans.Grains.Tests.Persistence;

/// <summary>A symbol grain (with its regime grain) restarted from its checkpoint carries on exactly as an uninterrupted
/// one: the same candidates, verdicts and signals, bit for bit, whichever silo died and where.</summary>
public sealed class SymbolCheckpointTests
{
    private const string Stream = "IBM 2013-10-07..2013-10-09";
    private static readonly Symbol Ibm = new("IBM");

    /// <summary>HMM regime gate and a judge that passes everything: the verdicts depend on the regime filter's state.</summary>
    private static readonly StrategyOptions Options = new() { JudgeMinimumRatio = 0, RegimeGate = RegimeGateKind.Hmm, CheckpointInterval = TimeSpan.Zero };

    private static readonly MarketEvent[][] Batches = SyntheticSessions.Batches(Ibm, days: 3, batchesPerDay: 4);

    /// <summary>Batches processed before the checkpoint: mid second day, a fitted model, a regime filter under way.</summary>
    private const int Checkpointed = 5;

    [Fact]
    public async Task AfterACrashTheGrainResumesFromItsCheckpointAndGivesTheUninterruptedResults()
    {
        var reference = await Uninterrupted();
        var storage = new SharedGrainStorage();
        await CheckpointThenCrashAsync(storage, symbolWriteFails: false);

        await using var second = await Start(storage);
        var restarted = second.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        for (var i = Checkpointed; i < Batches.Length; i++)
        {
            AssertSame(reference[i], await restarted.OnMarketData(new MarketBatch(Stream, Batches[i])), i);
        }
    }

    [Fact]
    public async Task WhenTheSymbolsWriteFailsAfterTheRegimesTheRegimeRepeatsItsVerdicts()
    {
        var reference = await Uninterrupted();
        var storage = new SharedGrainStorage();
        await CheckpointThenCrashAsync(storage, symbolWriteFails: true);
        storage.FailingWrites.Clear();
        await using var second = await Start(storage);
        var restarted = second.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        for (var i = Checkpointed; i < Batches.Length; i++)
        {
            AssertSame(reference[i], await restarted.OnMarketData(new MarketBatch(Stream, Batches[i])), i);
        }
    }

    [Fact]
    public async Task AGracefulShutdownCheckpointsAndEventsAlreadyCoveredAreSkipped()
    {
        var reference = await Uninterrupted();
        var storage = new SharedGrainStorage();
        const int processed = 6;
        await using (var first = await Start(storage))
        {
            var grain = first.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
            for (var i = 0; i < processed; i++)
            {
                await grain.OnMarketData(new MarketBatch(Stream, Batches[i]));
            }
        }

        Assert.True(storage.Writes.GetValueOrDefault("symbol") >= 1, "deactivation at shutdown writes the checkpoint");
        await using var second = await Start(storage);
        var restarted = second.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        var again = await restarted.OnMarketData(new MarketBatch(Stream, Batches[processed - 1]));
        Assert.Equal((Batches[processed - 1].Length, 0, 0), (again.Skipped, again.Quotes, again.Candidates));
        for (var i = processed; i < Batches.Length; i++)
        {
            AssertSame(reference[i], await restarted.OnMarketData(new MarketBatch(Stream, Batches[i])), i);
        }

        var status = await restarted.GetStatus();
        Assert.Equal(Batches.Sum(b => b.Length), status.Quotes);
    }

    [Fact]
    public async Task AnotherStreamStartsTheSymbolAfresh()
    {
        var storage = new SharedGrainStorage();
        await using var cluster = await Start(storage);
        var grain = cluster.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        for (var i = 0; i < 6; i++)
        {
            await grain.OnMarketData(new MarketBatch(Stream, Batches[i]));
        }

        var fresh = await grain.OnMarketData(new MarketBatch("another replay", Batches[0]));
        var status = await grain.GetStatus();
        Assert.Equal((0, Batches[0].Length), (fresh.Skipped, fresh.Quotes));
        Assert.Equal((Batches[0].Length, "none"), (status.Quotes, status.ModelVersion));
        Assert.Null((await cluster.Grains.GetGrain<IRegimeGrain>(Ibm.Ticker).GetStatus()).FittedDay);
    }

    /// <summary>Processes <see cref="Checkpointed"/> batches, checkpoints, processes two more that no checkpoint covers
    /// and kills the silo (no deactivation). With <paramref name="symbolWriteFails"/>, a second checkpoint is attempted
    /// after the two batches: the regime grain persists its later verdicts, then the symbol grain's own write fails.</summary>
    private static async Task CheckpointThenCrashAsync(SharedGrainStorage storage, bool symbolWriteFails)
    {
        await using var first = await Start(storage);
        var grain = first.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        for (var i = 0; i < Checkpointed; i++)
        {
            await grain.OnMarketData(new MarketBatch(Stream, Batches[i]));
        }

        await grain.Checkpoint();
        for (var i = Checkpointed; i < Checkpointed + 2; i++)
        {
            await grain.OnMarketData(new MarketBatch(Stream, Batches[i])); // processed, never checkpointed
        }

        if (symbolWriteFails)
        {
            storage.FailingWrites["symbol"] = true;
            await Assert.ThrowsAnyAsync<Exception>(() => grain.Checkpoint());
        }

        await first.Cluster.KillSiloAsync(first.Cluster.Silos[0], TestContext.Current.CancellationToken);
    }

    private static async Task<SymbolBatchResult[]> Uninterrupted()
    {
        await using var cluster = await GrainsCluster.StartAsync(Options);
        var grain = cluster.Grains.GetGrain<ISymbolGrain>(Ibm.Ticker);
        var results = new SymbolBatchResult[Batches.Length];
        for (var i = 0; i < Batches.Length; i++)
        {
            results[i] = await grain.OnMarketData(new MarketBatch(Stream, Batches[i]));
        }

        Assert.Contains(results, r => r.Signals.Length > 0);
        Assert.Contains(results, r => r.RegimeBlocked > 0);
        return results;
    }

    private static Task<GrainsCluster> Start(SharedGrainStorage storage) => GrainsCluster.StartAsync(
        Options,
        configure: silo => silo.Services.AddGrainStorage(GridStorage.Name, (sp, _) => storage.For(ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp))));

    private static void AssertSame(SymbolBatchResult expected, SymbolBatchResult actual, int batch)
    {
        Assert.True(
            (expected.Quotes, expected.Candidates, expected.RegimeBlocked, expected.JudgeBlocked) == (actual.Quotes, actual.Candidates, actual.RegimeBlocked, actual.JudgeBlocked),
            $"batch {batch}: expected {expected.Quotes} quotes, {expected.Candidates} candidates, {expected.RegimeBlocked}/{expected.JudgeBlocked} blocked; got {actual.Quotes}, {actual.Candidates}, {actual.RegimeBlocked}/{actual.JudgeBlocked}");
        Assert.Equal(expected.Signals, actual.Signals);
    }
}
