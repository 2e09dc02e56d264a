using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>
/// Properties of the account engine over seeded random operation sequences (<see cref="RandomTrading"/>): cash and
/// positions are conserved after every step (<see cref="AccountEngine.Reconcile"/>), and recovering from a snapshot
/// taken at any step plus the journal's tail gives the account a replay of the whole journal gives, which is the
/// account that never stopped.
/// </summary>
public sealed class AccountEnginePropertyTests
{
    /// <summary>FsCheck's own generator is seeded too, so a run is the same on every machine.</summary>
    private static readonly Config Deterministic = Config.QuickThrowOnFailure
        .WithMaxTest(40)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20131007UL), FSharpOption<int>.None)));

    [Fact]
    public void ASnapshotAtAnyStepPlusTheJournalTailRecoversTheAccountTheWholeJournalRecovers()
    {
        var seeds = Arb.From(Gen.Choose(1, int.MaxValue));
        var steps = Arb.From(Gen.Choose(1, 120), n => n > 1 ? [n / 2, n - 1] : []);
        var snapshotAt = Arb.From(Gen.Choose(0, 100), p => p > 0 ? [p / 2, p - 1] : []);
        var withTail = 0;
        Check.One(Deterministic, Prop.ForAll(seeds, steps, snapshotAt, async (seed, count, percent) =>
        {
            var (covered, total) = await SnapshotRecoveryAsync((ulong)seed, count, count * percent / 100);
            withTail += covered > 0 && covered < total ? 1 : 0;
        }));
        Assert.True(withTail >= 10, $"only {withTail} runs recovered from a snapshot with both a head and a tail of journal entries");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public async Task CashAndPositionsAreConservedAfterEveryStepOfALongSession(ulong seed)
    {
        using var rig = new AccountRig();
        await rig.Engine.RecoverAsync();
        var trading = new RandomTrading(rig, seed);
        for (var step = 0; step < 1_500; step++)
        {
            var operation = await trading.StepAsync(step);
            AssertReconciles(rig.Engine, seed, step, operation);
        }

        var record = rig.Engine.Record();
        Assert.True(record.Fills.Length > 20, $"seed {seed}: only {record.Fills.Length} fills");
        Assert.Contains(record.Orders, o => o.Status == OrdStatus.Replaced);
        Assert.Contains(record.Orders, o => o.Status == OrdStatus.Rejected);
        Assert.Contains(record.Orders, o => o.Status == OrdStatus.Canceled);
    }

    /// <returns>How many journal entries the snapshot covered, and how many the journal held.</returns>
    private static async Task<(long Covered, long Total)> SnapshotRecoveryAsync(ulong seed, int steps, int snapshotAfter)
    {
        using var rig = new AccountRig(journal: true);
        await rig.Engine.RecoverAsync();
        var trading = new RandomTrading(rig, seed);
        var snapshot = rig.Engine.Capture();
        for (var step = 0; step < steps; step++)
        {
            if (step == snapshotAfter)
            {
                snapshot = AccountSnapshotJson.Deserialize(AccountSnapshotJson.Serialize(rig.Engine.Capture()));
            }

            var operation = await trading.StepAsync(step);
            AssertReconciles(rig.Engine, seed, step, operation);
        }

        if (snapshotAfter >= steps)
        {
            snapshot = rig.Engine.Capture();
        }

        var live = rig.Engine.Capture();
        var venue = new StillWorkingVenueSession();
        var fromJournal = (await rig.Restart(venue: venue)).Capture();
        var fromSnapshot = (await rig.Restart(snapshot, venue)).Capture();
        var where = $"seed {seed}, {steps} steps, snapshot after {snapshotAfter} ({snapshot.JournalEntries} of {live.JournalEntries} journal entries)";
        Assert.True(AccountStates.Journaled(live) == AccountStates.Journaled(fromJournal), $"{where}: the whole journal does not recover the live account");
        Assert.True(AccountStates.Journaled(fromJournal) == AccountStates.Journaled(fromSnapshot), $"{where}: snapshot + tail differs from the whole journal");
        Assert.Equal(Math.Max(snapshot.Book.LastClOrdIdSequence, fromJournal.Book.LastClOrdIdSequence), fromSnapshot.Book.LastClOrdIdSequence);
        Assert.True(rig.Engine.Reconcile().IsBalanced, where);
        return (snapshot.JournalEntries, live.JournalEntries);
    }

    private static void AssertReconciles(AccountEngine engine, ulong seed, int step, string operation)
    {
        var report = engine.Reconcile();
        Assert.True(report.IsBalanced, $"seed {seed}, step {step} ({operation}): {string.Join("; ", report.Breaks)}");
    }

    /// <summary>A venue that, on reconnect, still works every open order and has queued nothing (so two recoveries of
    /// the same journal see the same venue and journal nothing new).</summary>
    private sealed class StillWorkingVenueSession : IVenueSession
    {
        public ValueTask<VenueReconnect> Reconnect(long lastExecSequence, ClOrdId[] openOrders) => new(new VenueReconnect([], openOrders));

        public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders) => throw new NotSupportedException();

        public ValueTask<ExecutionReport[]> Cancel(ClOrdId clOrdId, Core.UnixNanos time, string reason) => throw new NotSupportedException();

        public ValueTask<ExecutionReport[]> Replace(ClOrdId origClOrdId, OrderRequest replacement) => throw new NotSupportedException();

        public ValueTask<ExecutionReport[]> CancelAll(Core.UnixNanos time, string reason) => throw new NotSupportedException();

        public ValueTask<ExecutionReport[]> TakeReports() => throw new NotSupportedException();

        public ValueTask<Core.Quote?> GetQuote(Core.Symbol symbol) => throw new NotSupportedException();
    }
}
