using Azure.Storage.Blobs;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>Orleans's Azure Blob provider (the cluster's grain state), against the Azurite emulator on loopback, passes
/// the same contract. Each run uses a container of its own.</summary>
public sealed class AzureBlobGrainStorageContractTests : GrainStorageContract
{
    private readonly string _container = "qo-test-" + Guid.NewGuid().ToString("N")[..12];
    private Azurite? _azurite;

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <inheritdoc />
    protected override async Task<SiloSettings> SettingsAsync()
    {
        _azurite ??= await Azurite.StartAsync();
        return new SiloSettings { Storage = { Provider = "azureblob", ConnectionString = _azurite.ConnectionString, Container = _container } };
    }

    /// <inheritdoc />
    protected override async Task<string> CorruptAsync(GrainId grain, string stateName)
    {
        var container = new BlobServiceClient(_azurite!.ConnectionString).GetBlobContainerClient(_container);
        var key = grain.Key.ToString()!;
        await foreach (var item in container.GetBlobsAsync())
        {
            if (item.Name.Contains(key, StringComparison.Ordinal))
            {
                await container.GetBlobClient(item.Name).UploadAsync(BinaryData.FromString("{ not a grain state"), overwrite: true);
                return item.Name;
            }
        }

        throw new InvalidOperationException($"No blob of {grain} in container {_container}.");
    }
}
