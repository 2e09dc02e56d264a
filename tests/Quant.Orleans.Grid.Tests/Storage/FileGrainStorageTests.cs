using Quant.Orleans.Grid.Storage;
using Quant.Orleans.Grid.Tests.Grains;

namespace Quant.Orleans.Grid.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = new("PortfolioGrain", "acct/1");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "qo-file-storage", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task AStateWrittenByOneProviderInstanceIsReadByAnother()
    {
        var state = new GrainState<AccountState> { State = new AccountState { Cash = 12.5m } };
        await new FileGrainStorage(_root).WriteStateAsync("portfolio", Grain, state, CancellationToken.None);

        var read = new GrainState<AccountState>();
        await new FileGrainStorage(_root).ReadStateAsync("portfolio", Grain, read, CancellationToken.None);

        Assert.Equal(12.5m, read.State.Cash);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task WriteLeavesNoTemporaryFileAndEscapesTheKey()
    {
        var storage = new FileGrainStorage(_root);
        await storage.WriteStateAsync("portfolio", Grain, new GrainState<AccountState>(), CancellationToken.None);

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Equal([storage.PathOf(Grain, "portfolio")], files);
        Assert.EndsWith(Path.Combine("PortfolioGrain", "portfolio", "acct%2F1.json"), files[0]);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"state\": {}}")]
    [InlineData("{\"etag\": \"x\", \"state\": {}}")]
    [InlineData("{\"etag\": \"3\", \"state\": {\"Cash\": \"lots\"}}")]
    public async Task CorruptedRecordIsReportedWithItsPathAndNotReplaced(string content)
    {
        var storage = new FileGrainStorage(_root);
        var path = storage.PathOf(Grain, "portfolio");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content);

        var read = await Assert.ThrowsAsync<StorageCorruptedException>(() => storage.ReadStateAsync("portfolio", Grain, new GrainState<AccountState>(), CancellationToken.None));
        Assert.Equal(path, read.Location);
        Assert.Contains(path, read.Message);

        if (content.Contains("lots", StringComparison.Ordinal))
        {
            // The envelope is valid, so a writer with the right ETag may replace the bad state on purpose.
            return;
        }

        await Assert.ThrowsAsync<StorageCorruptedException>(() => storage.WriteStateAsync("portfolio", Grain, new GrainState<AccountState>(), CancellationToken.None));
        Assert.Equal(content, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task GrainActivationFailsOnACorruptedStateInsteadOfStartingEmpty()
    {
        await using var silo = await GridTestSilo.StartAsync(fileStorage: true);
        var key = Guid.NewGuid().ToString("N");
        var storage = new FileGrainStorage(silo.StorageFolder);
        var path = storage.PathOf(new GrainId(nameof(PersistentCounterGrain), key), "counter");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "garbage");

        var error = await Assert.ThrowsAsync<StorageCorruptedException>(() => silo.Runtime.GetGrain<IPersistentCounterGrain>(key).Get());

        Assert.Contains(path, error.Message);
        Assert.Equal("garbage", await File.ReadAllTextAsync(path));
    }
}
