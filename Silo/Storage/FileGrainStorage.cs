using System.Buffers.Binary;
using System.Globalization;
using Orleans.Storage;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Storage;

/// <summary>
/// The embedded default Orleans grain-storage provider (<see cref="IGrainStorage"/>): one file per grain state under a
/// root folder, <c>{root}/{grainType}/{stateName}/{key}.state</c>. A record is a 24-byte header — the magic
/// <c>QOGS</c>, format version 1 (int32), the ETag (int64, increasing from 1), the payload length (int32) and the
/// payload's CRC-32C (uint32), little-endian — followed by the state encoded by the silo's
/// <see cref="IGrainStorageSerializer"/> (Orleans's binary serializer). A write goes to a temporary file in the same
/// folder, is flushed to disk, renamed over the old file and the folder is synced, so a crash leaves the old or the new
/// record, never a mix. A record that cannot be decoded (bad magic or version, cut short, checksum mismatch, payload
/// the serializer refuses) raises <see cref="StorageCorruptedException"/> with its path and byte offset and is never
/// overwritten. An ETag that does not match the stored one raises Orleans's <see cref="InconsistentStateException"/>.
/// One silo owns a root folder at a time. Elsewhere a blob or table store (Azure Storage, ADO.NET) does this job.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    /// <summary>The record's header length, bytes.</summary>
    public const int HeaderLength = 24;

    private const uint Magic = 0x5347_4F51; // "QOGS" little-endian
    private const int FormatVersion = 1;
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly IGrainStorageSerializer _serializer;

    /// <summary>Creates the provider; the folder is created when missing.</summary>
    /// <param name="rootDirectory">The folder that holds the state files.</param>
    /// <param name="serializer">Encodes the states (the silo's <see cref="IGrainStorageSerializer"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty.</exception>
    public FileGrainStorage(string rootDirectory, IGrainStorageSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(serializer);
        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(RootDirectory);
        _serializer = serializer;
    }

    /// <summary>The absolute root folder.</summary>
    public string RootDirectory { get; }

    /// <summary>The file that holds a state (whether or not it exists).</summary>
    public string PathOf(GrainId grainId, string stateName) =>
        Path.Combine(RootDirectory, Escape(grainId.Type.ToString()!), Escape(stateName), Escape(grainId.Key.ToString()!) + ".state");

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, async () =>
        {
            var record = await ReadRecordAsync(path).ConfigureAwait(false);
            if (record is null)
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            var (etag, payload) = record.Value;
            T? state;
            try
            {
                state = _serializer.Deserialize<T>(payload);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new StorageCorruptedException(path, HeaderLength, $"the payload does not decode as {typeof(T).Name} ({e.Message}).", e);
            }

            if (state is null)
            {
                throw new StorageCorruptedException(path, HeaderLength, $"the payload decodes as null, not a {typeof(T).Name}.");
            }

            grainState.State = state;
            grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, async () =>
        {
            var stored = await CheckEtagAsync(path, $"Write of state '{stateName}' of grain {grainId} to '{path}' refused.", grainState.ETag).ConfigureAwait(false);
            var next = (stored ?? 0) + 1;
            var payload = _serializer.Serialize(grainState.State).ToMemory();
            var header = new byte[HeaderLength];
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), Magic);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), FormatVersion);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), next);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), Crc32C.Compute(payload.Span));
            var folder = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(folder);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(header).ConfigureAwait(false);
                    await stream.WriteAsync(payload).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
                DirectorySync.Flush(folder);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, async () =>
        {
            await CheckEtagAsync(path, $"Clear of state '{stateName}' of grain {grainId} at '{path}' refused.", grainState.ETag).ConfigureAwait(false);
            File.Delete(path);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }).ConfigureAwait(false);
    }

    /// <summary>A name as it appears in the provider's paths (<see cref="FileNameEscaping.Escape"/>).</summary>
    internal static string Escape(string name) => FileNameEscaping.Escape(name);

    /// <summary>Reads and checks a record; null when there is none.</summary>
    /// <exception cref="StorageCorruptedException">The record is damaged.</exception>
    private static async Task<(long ETag, BinaryData Payload)?> ReadRecordAsync(string path)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (bytes.Length < HeaderLength)
        {
            throw new StorageCorruptedException(path, bytes.Length, $"the record is {bytes.Length} bytes, shorter than its {HeaderLength}-byte header.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new StorageCorruptedException(path, 0, "the record does not start with the magic 'QOGS'.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != FormatVersion)
        {
            throw new StorageCorruptedException(path, 4, $"format version {version} is not {FormatVersion}.");
        }

        var etag = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (etag < 1)
        {
            throw new StorageCorruptedException(path, 8, $"ETag {etag} is not positive.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        if (length < 0 || HeaderLength + (long)length != bytes.Length)
        {
            throw new StorageCorruptedException(path, 16, $"the header announces a {length}-byte payload, the file holds {bytes.Length - HeaderLength}.");
        }

        var payload = bytes.AsMemory(HeaderLength, length);
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20));
        var actual = Crc32C.Compute(payload.Span);
        if (expected != actual)
        {
            throw new StorageCorruptedException(path, HeaderLength, $"the payload's CRC-32C is {actual:x8}, the header says {expected:x8}.");
        }

        return (etag, new BinaryData(payload));
    }

    /// <summary>Returns the stored ETag when it equals <paramref name="held"/>; otherwise throws.</summary>
    private static async Task<long?> CheckEtagAsync(string path, string refusal, string? held)
    {
        var stored = (await ReadRecordAsync(path).ConfigureAwait(false))?.ETag;
        var storedText = stored?.ToString(CultureInfo.InvariantCulture);
        if (storedText != held)
        {
            throw new InconsistentStateException($"{refusal} Stored ETag: '{storedText ?? "<none>"}', ETag held by the grain: '{held ?? "<none>"}'.", storedText, held);
        }

        return stored;
    }

    /// <summary>Runs <paramref name="body"/> holding the path's lock (one writer per file in this process).</summary>
    private async Task UnderGateAsync(string path, Func<Task> body)
    {
        var gate = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % Stripes)];
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
