using Azure.Storage.Blobs;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Registry;

/// <summary>The Azure Blob store (<see cref="AzureBlobModelRegistry"/>) passes the registry contract against the Azurite
/// emulator on loopback (skipped without one), in a container of its own per test; every <c>OpenAsync</c> is a new
/// client and store instance, as another silo's is.</summary>
public sealed class AzureBlobModelRegistryContractTests : ModelRegistryContract
{
    private readonly string _container = "qo-registry-" + Guid.NewGuid().ToString("N")[..12];
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
    protected override async Task<IModelRegistry> OpenAsync(TimeSpan? lockTimeout = null) =>
        new AzureBlobModelRegistry(await ContainerAsync(), Clock, lockTimeout);

    /// <inheritdoc />
    protected override async Task WriteVersionFileAsync(string versionId, string name, byte[] bytes) =>
        await (await ContainerAsync()).GetBlobClient($"{Family}/{versionId}/{name}").UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, Token);

    /// <inheritdoc />
    protected override async Task<byte[]> ReadVersionFileAsync(string versionId, string name) =>
        (await (await ContainerAsync()).GetBlobClient($"{Family}/{versionId}/{name}").DownloadContentAsync(Token)).Value.Content.ToArray();

    /// <inheritdoc />
    protected override async Task DeleteVersionFileAsync(string versionId, string name) =>
        await (await ContainerAsync()).GetBlobClient($"{Family}/{versionId}/{name}").DeleteAsync(cancellationToken: Token);

    /// <inheritdoc />
    protected override async Task<string> ReadStateTextAsync() =>
        (await (await ContainerAsync()).GetBlobClient($"{Family}/{RegistryDocuments.StateFile}").DownloadContentAsync(Token)).Value.Content.ToString();

    /// <inheritdoc />
    protected override async Task WriteStateTextAsync(string text) =>
        await (await ContainerAsync()).GetBlobClient($"{Family}/{RegistryDocuments.StateFile}").UploadAsync(BinaryData.FromString(text), overwrite: true, Token);

    /// <inheritdoc />
    protected override Task<IAsyncDisposable> HoldLockAsync(IModelRegistry registry) => ((AzureBlobModelRegistry)registry).LockAsync(Family, Token);

    /// <inheritdoc />
    protected override string LockName(IModelRegistry registry) => $"{_container}/{Family}/{AzureBlobModelRegistry.LockBlob}";

    /// <summary>A registration interrupted before its manifest (artefact blobs, one the manifest will not list, no
    /// manifest) is not a version; registering the content again completes it and removes the stray blob.</summary>
    [Fact]
    public async Task AnInterruptedRegistrationIsNoVersionAndTheNextOneCompletesIt()
    {
        var registry = await OpenAsync();
        var (_, _, id) = VersionVerifier.Prepare(Manifest(), Files());
        await registry.RegisterAsync(Manifest(seed: 7), Files(), "training", Token); // creates the container and family
        await WriteVersionFileAsync(id, "model.safetensors", [1, 2, 3, 4]);
        await WriteVersionFileAsync(id, "stale.bin", [9]);

        var registered = await registry.RegisterAsync(Manifest(), Files(), "training", Token);
        Assert.Equal(id, registered.VersionId);
        Assert.Single(registered.Transitions);
        var loaded = await registry.LoadAsync(Family, id, cancellationToken: Token);
        Assert.Equal(["model.safetensors", "report.json"], loaded.Files.Keys.Order(StringComparer.Ordinal));
        var names = new List<string>();
        await foreach (var item in (await ContainerAsync()).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{Family}/{id}/" }, Token))
        {
            names.Add(item.Name[(Family.Length + id.Length + 2)..]);
        }

        Assert.Equal([VersionVerifier.ManifestFile, "model.safetensors", "report.json"], names.Order(StringComparer.Ordinal));
    }

    private async Task<BlobContainerClient> ContainerAsync()
    {
        _azurite ??= await Azurite.StartAsync();
        return AzureStorageClients.Blobs(_azurite.ConnectionString).GetBlobContainerClient(_container);
    }
}
