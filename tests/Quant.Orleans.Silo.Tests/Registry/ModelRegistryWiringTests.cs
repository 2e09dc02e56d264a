using Quant.Orleans.Grains.Interfaces.Registry;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Registry;

/// <summary>Which registry store a silo uses (<see cref="GridSiloConfiguration.ModelRegistry"/>), and a silo with
/// <c>Storage:Provider</c> <c>azureblob</c> whose registry and catalog grains read and write the Azure Blob store
/// (Azurite on loopback; skipped without one).</summary>
public sealed class ModelRegistryWiringTests : IAsyncDisposable
{
    private readonly TempFolder _storage = new("qo-registry-wiring");
    private readonly string _grains = "qo-grains-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _registry = "qo-registry-" + Guid.NewGuid().ToString("N")[..12];
    private Azurite? _azurite;
    private GridHost? _host;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _storage.Dispose();
    }

    [Fact]
    public void TheStoreIsFilesAloneAndAzureBlobInAClusterOrWithTheAzureBlobProvider()
    {
        var alone = new SiloSettings { Storage = { Path = _storage.Path } };
        var files = Assert.IsType<FileModelRegistry>(GridSiloConfiguration.ModelRegistry(alone));
        Assert.Equal(Path.Combine(_storage.Path, "registry"), files.Root);

        var provider = new SiloSettings { Storage = { Provider = "azureblob", ConnectionString = "UseDevelopmentStorage=true", RegistryContainer = "models-a" } };
        Assert.Equal("models-a", Assert.IsType<AzureBlobModelRegistry>(GridSiloConfiguration.ModelRegistry(provider)).Container.Name);

        var cluster = new SiloSettings { Cluster = { Enabled = true, ConnectionString = "UseDevelopmentStorage=true" } };
        var clustered = Assert.IsType<AzureBlobModelRegistry>(GridSiloConfiguration.ModelRegistry(cluster));
        Assert.Equal("quant-orleans-registry", clustered.Container.Name);
        Assert.Equal("Azure Blob container 'quant-orleans-registry'", clustered.Describe);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("quant-orleans-grains")]
    public void ABadOrSharedRegistryContainerIsRejectedNamingTheKey(string container)
    {
        var settings = new SiloSettings { Storage = { RegistryContainer = container } };
        var errors = settings.Validate();
        Assert.Contains(errors, e => e.StartsWith("Storage:RegistryContainer must", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheAzureBlobProviderTheRegistryGrainsServeTheAzureStore()
    {
        _azurite = await Azurite.StartAsync();
        var settings = new SiloSettings
        {
            Storage = { Provider = "azureblob", ConnectionString = _azurite.ConnectionString, Container = _grains, RegistryContainer = _registry, Path = _storage.Path },
        };

        // A version registered as a nightly step on another silo would: straight into the container.
        var store = new AzureBlobModelRegistry(AzureStorageClients.Blobs(_azurite.ConnectionString).GetBlobContainerClient(_registry));
        var version = (await store.RegisterAsync(ModelRegistryContract.Manifest(), ModelRegistryContract.Files(), "training", TestContext.Current.CancellationToken)).VersionId;

        _host = GridHost.Create(settings, new GridSiloOptions { Private = true });
        await _host.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal([ModelRegistryContract.Family], await _host.Grains.GetGrain<IModelCatalogGrain>(0).GetFamilies());
        var grain = _host.Grains.GetGrain<IModelRegistryGrain>(ModelRegistryContract.Family);
        var family = await grain.GetFamily();
        Assert.Equal(version, Assert.Single(family.Versions).VersionId);

        var result = await grain.Promote(new ModelPromotionRequest(version, "live", "reviewed", "ops", Manual: true));
        Assert.Equal(("done", (string?)null), (result.Status, result.Error));
        var state = await store.ReadStateAsync(ModelRegistryContract.Family, TestContext.Current.CancellationToken);
        Assert.Equal(version, state.Live!.VersionId);
        Assert.Equal(2, (await store.ReadJournalAsync(ModelRegistryContract.Family, TestContext.Current.CancellationToken)).Count);
        Assert.False(Directory.Exists(Path.Combine(_storage.Path, "registry")), "no file registry beside the Azure one");
    }
}
