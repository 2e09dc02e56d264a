using Quant.Orleans.Grid.Storage;

namespace Quant.Orleans.Grid.Tests.Storage;

public sealed class AccountState
{
    public decimal Cash { get; set; }

    public Dictionary<string, long> Positions { get; set; } = [];

    public List<string> Journal { get; set; } = [];
}

/// <summary>
/// The contract every <see cref="IGrainStorage"/> must pass (after Lean's <c>CommonIndicatorTests&lt;T&gt;</c>):
/// derive, return a fresh provider from <see cref="CreateStorage"/>, and every test here runs against it.
/// </summary>
public abstract class GrainStorageContractTests
{
    private static readonly GrainId Grain = new("PortfolioGrain", "acct-1");

    protected abstract IGrainStorage CreateStorage();

    [Fact]
    public async Task MissingRecordReadsAsFreshStateWithNoEtag()
    {
        var storage = CreateStorage();
        var state = new GrainState<AccountState> { State = new AccountState { Cash = 99 }, ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync("portfolio", Grain, state, CancellationToken.None);

        Assert.Equal(0m, state.State.Cash);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteThenReadRoundTripsTheStateExactly()
    {
        var storage = CreateStorage();
        var written = new GrainState<AccountState>
        {
            State = new AccountState { Cash = 1_000_000.123456789m, Positions = { ["IBM"] = 100, ["BAC"] = -2500 }, Journal = ["a", "ü€"] },
        };

        await storage.WriteStateAsync("portfolio", Grain, written, CancellationToken.None);
        var read = new GrainState<AccountState>();
        await storage.ReadStateAsync("portfolio", Grain, read, CancellationToken.None);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(1_000_000.123456789m, read.State.Cash);
        Assert.Equal(written.State.Positions, read.State.Positions);
        Assert.Equal(written.State.Journal, read.State.Journal);
    }

    [Fact]
    public async Task EveryWriteChangesTheEtag()
    {
        var storage = CreateStorage();
        var state = new GrainState<AccountState>();
        var etags = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            state.State.Cash = i;
            await storage.WriteStateAsync("portfolio", Grain, state, CancellationToken.None);
            Assert.True(etags.Add(state.ETag!));
        }
    }

    [Fact]
    public async Task WriteWithAStaleEtagIsRefusedAndLeavesTheStoredStateAlone()
    {
        var storage = CreateStorage();
        var first = new GrainState<AccountState>();
        var second = new GrainState<AccountState>();
        await storage.ReadStateAsync("portfolio", Grain, first, CancellationToken.None);
        await storage.ReadStateAsync("portfolio", Grain, second, CancellationToken.None);
        first.State.Cash = 1;
        await storage.WriteStateAsync("portfolio", Grain, first, CancellationToken.None);

        second.State.Cash = 2;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("portfolio", Grain, second, CancellationToken.None));

        Assert.Equal(first.ETag, error.StoredEtag);
        Assert.Null(error.CurrentEtag);
        var check = new GrainState<AccountState>();
        await storage.ReadStateAsync("portfolio", Grain, check, CancellationToken.None);
        Assert.Equal(1m, check.State.Cash);

        first.State.Cash = 3;
        await storage.WriteStateAsync("portfolio", Grain, first, CancellationToken.None);
        second.ETag = "not-the-etag";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("portfolio", Grain, second, CancellationToken.None));
    }

    [Fact]
    public async Task ClearDeletesTheRecordOnlyWithTheCurrentEtag()
    {
        var storage = CreateStorage();
        var state = new GrainState<AccountState> { State = new AccountState { Cash = 5 } };
        await storage.WriteStateAsync("portfolio", Grain, state, CancellationToken.None);
        var stale = new GrainState<AccountState> { ETag = "0" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("portfolio", Grain, stale, CancellationToken.None));
        await storage.ClearStateAsync("portfolio", Grain, state, CancellationToken.None);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0m, state.State.Cash);
        var read = new GrainState<AccountState>();
        await storage.ReadStateAsync("portfolio", Grain, read, CancellationToken.None);
        Assert.False(read.RecordExists);
        await storage.WriteStateAsync("portfolio", Grain, new GrainState<AccountState>(), CancellationToken.None);
    }

    [Fact]
    public async Task RecordsAreIsolatedByGrainTypeKeyAndStateName()
    {
        var storage = CreateStorage();
        GrainId[] ids = [new("PortfolioGrain", "a/b"), new("PortfolioGrain", "a_b"), new("PortfolioGrain", "a%2Fb"), new("OtherGrain", "a/b"), new("PortfolioGrain", "A/B")];
        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var name in new[] { "x", "y" })
            {
                var s = new GrainState<AccountState> { State = new AccountState { Cash = (i * 10) + name.Length + (name == "y" ? 5 : 0) } };
                await storage.WriteStateAsync(name, ids[i], s, CancellationToken.None);
            }
        }

        for (var i = 0; i < ids.Length; i++)
        {
            foreach (var name in new[] { "x", "y" })
            {
                var s = new GrainState<AccountState>();
                await storage.ReadStateAsync(name, ids[i], s, CancellationToken.None);
                Assert.Equal((i * 10) + name.Length + (name == "y" ? 5 : 0), s.State.Cash);
            }
        }
    }

    [Fact]
    public async Task ConcurrentWritersWithTheSameEtagExactlyOneWins()
    {
        var storage = CreateStorage();
        var initial = new GrainState<AccountState>();
        await storage.WriteStateAsync("portfolio", Grain, initial, CancellationToken.None);

        var writers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var s = new GrainState<AccountState> { ETag = initial.ETag, RecordExists = true, State = new AccountState { Cash = i } };
            try
            {
                await storage.WriteStateAsync("portfolio", Grain, s, CancellationToken.None);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Equal(1, (await Task.WhenAll(writers)).Count(ok => ok));
    }
}

public sealed class MemoryGrainStorageContractTests : GrainStorageContractTests
{
    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage();
}

public sealed class FileGrainStorageContractTests : GrainStorageContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "qo-file-storage", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override IGrainStorage CreateStorage() => new FileGrainStorage(_root);
}
