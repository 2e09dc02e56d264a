using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>
/// The contract every grain-storage provider of the grid passes, run against the provider as the silo registers it
/// (<see cref="GridSiloConfiguration"/>, provider <see cref="GridStorage.Name"/>, Orleans's binary state serializer):
/// a missing record reads as absent; a write round-trips the state exactly and moves the ETag; a write or clear with a
/// stale ETag, or a first write over an existing record, raises <see cref="InconsistentStateException"/> and changes
/// nothing; a cleared record is gone; records of different grains and state names are apart; a damaged record raises an
/// error naming where it is and is not overwritten; and grain state written by one silo is read by the next one on the
/// same storage.
/// </summary>
public abstract class GrainStorageContract : IAsyncDisposable
{
    private readonly List<GridHost> _hosts = [];

    /// <summary>Settings pointing a silo at this provider's storage (the same storage on every call).</summary>
    protected abstract Task<SiloSettings> SettingsAsync();

    /// <summary>True when the records survive the silo (not the memory provider).</summary>
    protected virtual bool Durable => true;

    /// <summary>Damages the stored record of (<paramref name="grain"/>, <paramref name="stateName"/>); returns text the
    /// error must contain to locate it (a path, a blob name).</summary>
    protected virtual Task<string> CorruptAsync(GrainId grain, string stateName) => throw new NotSupportedException();

    [Fact]
    public async Task AMissingRecordReadsAsAbsent()
    {
        var storage = await StorageAsync();
        var state = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("contract", Id("missing"), state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task AWriteRoundTripsTheStateExactlyAndMovesTheETag()
    {
        var storage = await StorageAsync();
        var id = Id("round-trip");
        var written = new GrainState<ContractState>(ContractState.Sample(0));
        await storage.WriteStateAsync("contract", id, written);
        var first = written.ETag;
        Assert.NotNull(first);
        Assert.True(written.RecordExists);

        var read = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("contract", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(first, read.ETag);
        ContractState.Sample(0).AssertEqual(read.State);

        written.State = ContractState.Sample(7);
        await storage.WriteStateAsync("contract", id, written);
        Assert.NotEqual(first, written.ETag);
        await storage.ReadStateAsync("contract", id, read);
        ContractState.Sample(7).AssertEqual(read.State);
    }

    [Fact]
    public async Task AStaleETagIsRefusedAndChangesNothing()
    {
        var storage = await StorageAsync();
        var id = Id("stale");
        var mine = new GrainState<ContractState>(ContractState.Sample(1));
        await storage.WriteStateAsync("contract", id, mine);
        var other = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("contract", id, other);
        other.State = ContractState.Sample(2);
        await storage.WriteStateAsync("contract", id, other); // another activation wrote meanwhile

        mine.State = ContractState.Sample(3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("contract", id, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("contract", id, mine));
        var fresh = new GrainState<ContractState>(ContractState.Sample(4)); // no ETag: believes there is no record
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("contract", id, fresh));

        var read = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("contract", id, read);
        ContractState.Sample(2).AssertEqual(read.State);
    }

    [Fact]
    public async Task AClearedRecordIsGoneAndRecordsOfOtherGrainsAndStatesAreApart()
    {
        var storage = await StorageAsync();
        var a = new GrainState<ContractState>(ContractState.Sample(1));
        var b = new GrainState<ContractState>(ContractState.Sample(2));
        var c = new GrainState<ContractState>(ContractState.Sample(3));
        await storage.WriteStateAsync("contract", Id("a/b"), a);
        await storage.WriteStateAsync("contract", Id("a%2Fb"), b); // keys that escape alike must not collide
        await storage.WriteStateAsync("other", Id("a/b"), c);

        await storage.ClearStateAsync("contract", Id("a/b"), a);
        Assert.False(a.RecordExists);
        var read = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("contract", Id("a/b"), read);
        Assert.False(read.RecordExists);
        await storage.ReadStateAsync("contract", Id("a%2Fb"), read);
        ContractState.Sample(2).AssertEqual(read.State);
        await storage.ReadStateAsync("other", Id("a/b"), read);
        ContractState.Sample(3).AssertEqual(read.State);
    }

    [Fact]
    public async Task ADamagedRecordIsReportedWithItsLocationAndNeverOverwritten()
    {
        if (!Durable)
        {
            Assert.Skip("The memory provider keeps objects, not bytes: there is nothing to damage.");
        }

        var storage = await StorageAsync();
        var id = Id("damaged");
        var state = new GrainState<ContractState>(ContractState.Sample(5));
        await storage.WriteStateAsync("contract", id, state);
        var location = await CorruptAsync(id, "contract");

        var read = new GrainState<ContractState>(new ContractState());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync("contract", id, read));
        Assert.Contains(location, Flatten(error), StringComparison.Ordinal);

        state.State = ContractState.Sample(6); // the writer's ETag is the one before the damage
        await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync("contract", id, state));
        var again = await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadStateAsync("contract", id, read));
        Assert.Contains(location, Flatten(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrainStateWrittenByOneSiloIsReadByTheNext()
    {
        if (!Durable)
        {
            Assert.Skip("The memory provider's records end with the silo.");
        }

        var first = await StartAsync();
        var directory = first.Grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key);
        await directory.Register("SIM-2");
        await directory.Register("SIM-1");
        await directory.Register("SIM-2");
        await first.StopAsync();

        var second = await StartAsync();
        Assert.Equal(["SIM-1", "SIM-2"], await second.Grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key).GetAccounts());
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A grain id of the contract's test grain type.</summary>
    protected static GrainId Id(string key) => GrainId.Create("contract", key);

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private async Task<IGrainStorage> StorageAsync() => (await StartAsync()).Services.GetRequiredKeyedService<IGrainStorage>(GridStorage.Name);

    private async Task<GridHost> StartAsync()
    {
        var host = GridHost.Create(await SettingsAsync(), new GridSiloOptions { Private = true });
        _hosts.Add(host);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
