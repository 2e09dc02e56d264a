using Azure;
using Orleans.Storage;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// Wraps a grain-storage provider that does not say where a damaged record is (Orleans's Azure Blob provider reports
/// an undecodable blob with the decoder's message only): a read that fails for any reason other than the store itself
/// (an Azure <see cref="RequestFailedException"/>, an I/O, network or socket error, a timeout, a cancellation, a client
/// disposed at shutdown) is reported as a
/// <see cref="StorageCorruptedException"/> naming the record's location. Writes and clears pass through unchanged, so a
/// damaged record is never overwritten by the activation that failed to read it.
/// </summary>
/// <param name="inner">The provider.</param>
/// <param name="locate">The location of (state name, grain) in the provider's terms, e.g. a container and blob name.</param>
public sealed class LocatedGrainStorage(IGrainStorage inner, Func<string, GrainId, string> locate) : IGrainStorage
{
    /// <summary>Where Orleans's Azure Blob provider (10.4) keeps a state: <c>{container}/{stateName}-{grainId}.json</c>.</summary>
    public static string AzureBlobLocation(string container, string stateName, GrainId grainId) => $"{container}/{stateName}-{grainId}.json";

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
        }
        catch (Exception e) when (!IsStoreFailure(e))
        {
            throw new StorageCorruptedException(locate(stateName, grainId), -1, $"the record does not decode as {typeof(T).Name} ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    private static bool IsStoreFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            // ObjectDisposedException: the silo is shutting down and the client went away, not a damaged record.
            if (x is RequestFailedException or IOException or TimeoutException or OperationCanceledException or InconsistentStateException
                or HttpRequestException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                return true;
            }
        }

        return false;
    }
}
