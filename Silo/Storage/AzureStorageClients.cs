using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// The Azure Storage clients of a silo (membership and reminders in tables; grain state and journals in blobs), with
/// one retry policy: at most <see cref="MaxRetries"/> retries, exponential from <see cref="RetryDelay"/>, each try
/// limited to <see cref="NetworkTimeout"/>. A write during a storage outage so fails within a few seconds with the
/// storage's error (the caller answers it; the client retries), instead of the SDK's default of three retries of up to
/// 100 s each, during which an order request would hang.
/// </summary>
public static class AzureStorageClients
{
    /// <summary>Retries of one storage operation.</summary>
    public const int MaxRetries = 3;

    /// <summary>First retry delay (then doubled).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait for one try.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A blob service client for <paramref name="connectionString"/> with the silo's retry policy.</summary>
    public static BlobServiceClient Blobs(string connectionString)
    {
        var options = new BlobClientOptions();
        Configure(options.Retry);
        return new BlobServiceClient(connectionString, options);
    }

    /// <summary>A table service client for <paramref name="connectionString"/> with the silo's retry policy.</summary>
    public static TableServiceClient Tables(string connectionString)
    {
        var options = new TableClientOptions();
        Configure(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    private static void Configure(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = MaxRetries;
        retry.Delay = RetryDelay;
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = NetworkTimeout;
    }
}
