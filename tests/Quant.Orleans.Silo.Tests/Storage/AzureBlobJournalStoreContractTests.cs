using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>The Azure Blob store (a cluster's journals: append blobs in a container) passes the journal store contract
/// against the Azurite emulator on loopback, in a container of its own.</summary>
public sealed class AzureBlobJournalStoreContractTests : JournalStoreContract
{
    private readonly string _container = "qo-journal-" + Guid.NewGuid().ToString("N")[..12];
    private Azurite? _azurite;

    /// <inheritdoc />
    protected override bool SecondWriterTakesOver => true;

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
    protected override async Task<IJournalStore> StoreAsync(bool smallSegments = false) =>
        new AzureBlobJournalStore(await ContainerAsync(), smallSegments ? new AzureBlobJournalOptions { MaxSegmentBytes = 200 } : null);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<(string Location, byte[] Bytes)>> SegmentsAsync(string name)
    {
        var container = await ContainerAsync();
        var segments = new List<(string, byte[])>();
        foreach (var blob in await BlobsAsync(container, name))
        {
            var content = (await container.GetBlobClient(blob).DownloadContentAsync(Token)).Value.Content;
            segments.Add(($"{container.Name}/{blob}", content.ToArray()));
        }

        return segments;
    }

    /// <inheritdoc />
    protected override async Task AppendRawAsync(string name, byte[] bytes)
    {
        var container = await ContainerAsync();
        using var stream = new MemoryStream(bytes);
        await container.GetAppendBlobClient((await BlobsAsync(container, name))[^1]).AppendBlockAsync(stream, cancellationToken: Token);
    }

    /// <inheritdoc />
    /// <remarks>An append blob cannot be changed in place: it is created again with the damaged bytes and the same
    /// metadata (the test plays a storage fault).</remarks>
    protected override async Task FlipByteAsync(string name, int segment, long offset)
    {
        var container = await ContainerAsync();
        var blob = container.GetAppendBlobClient((await BlobsAsync(container, name))[segment]);
        var download = (await blob.DownloadContentAsync(Token)).Value;
        var bytes = download.Content.ToArray();
        bytes[offset] ^= 0xFF;
        await blob.DeleteAsync(cancellationToken: Token);
        await blob.CreateAsync(new AppendBlobCreateOptions { Metadata = download.Details.Metadata }, Token);
        using var stream = new MemoryStream(bytes);
        await blob.AppendBlockAsync(stream, cancellationToken: Token);
    }

    private static async Task<List<string>> BlobsAsync(BlobContainerClient container, string name)
    {
        var blobs = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = JournalFormat.EscapeName(name) + "/" }, Token))
        {
            blobs.Add(item.Name);
        }

        blobs.Sort(StringComparer.Ordinal);
        return blobs;
    }

    private async Task<BlobContainerClient> ContainerAsync()
    {
        _azurite ??= await Azurite.StartAsync();
        return new BlobContainerClient(_azurite.ConnectionString, _container);
    }
}
