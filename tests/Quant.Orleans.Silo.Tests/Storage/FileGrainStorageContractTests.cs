using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>The file provider (the embedded default) passes the contract; damage is found by its checksum and header.</summary>
public sealed class FileGrainStorageContractTests : GrainStorageContract
{
    private readonly TempFolder _folder = new("qo-file-storage");

    [Theory]
    [InlineData("payload bit flip")]
    [InlineData("cut short")]
    [InlineData("bad magic")]
    public async Task EveryKindOfDamageIsFoundWithPathAndOffset(string damage)
    {
        await using var host = GridHost.Create(await SettingsAsync(), new GridSiloOptions { Private = true });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var storage = (FileGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(Grains.GridStorage.Name);
        var id = Id("kinds");
        var state = new GrainState<ContractState>(ContractState.Sample(9));
        await storage.WriteStateAsync("contract", id, state);
        var path = storage.PathOf(id, "contract");
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        switch (damage)
        {
            case "payload bit flip":
                bytes[^1] ^= 0x40;
                break;
            case "cut short":
                bytes = bytes[..^3];
                break;
            default:
                bytes[0] = (byte)'X';
                break;
        }

        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<StorageCorruptedException>(() => storage.ReadStateAsync("contract", id, new GrainState<ContractState>(new ContractState())));
        Assert.Equal(path, error.Location);
        Assert.True(error.Offset >= 0);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)); // untouched
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    /// <inheritdoc />
    protected override Task<SiloSettings> SettingsAsync() => Task.FromResult(new SiloSettings { Storage = { Provider = "file", Path = _folder.Path } });

    /// <inheritdoc />
    protected override async Task<string> CorruptAsync(GrainId grain, string stateName)
    {
        var path = Path.Combine(_folder.Path, FileGrainStorage.Escape(grain.Type.ToString()!), FileGrainStorage.Escape(stateName), FileGrainStorage.Escape(grain.Key.ToString()!) + ".state");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[FileGrainStorage.HeaderLength + 1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }
}
