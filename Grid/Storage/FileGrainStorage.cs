using System.Globalization;
using System.Text;
using System.Text.Json;
using Quant.Orleans.Grid.Metrics;

namespace Quant.Orleans.Grid.Storage;

/// <summary>
/// The embedded default storage provider: one JSON file per grain state under a root folder,
/// <c>{root}/{grainType}/{stateName}/{key}.json</c>, holding <c>{"etag": "n", "state": ...}</c>.
/// A write goes to a temporary file in the same folder, is flushed to disk, then renamed over the old file
/// (rename is atomic on POSIX and NTFS), so a crash leaves either the old or the new record, never a mix.
/// A record that cannot be decoded raises <see cref="StorageCorruptedException"/> with its path and is never
/// overwritten. ETags are increasing integers. One process owns a root folder at a time.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly string _name;

    /// <summary>Creates the provider; the folder is created when missing.</summary>
    /// <param name="rootDirectory">The folder that holds the state files.</param>
    /// <param name="name">Labels the provider's metrics.</param>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty.</exception>
    public FileGrainStorage(string rootDirectory, string name = "file")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(RootDirectory);
        _name = name;
    }

    /// <summary>The absolute root folder.</summary>
    public string RootDirectory { get; }

    /// <summary>The file that holds a state (whether or not it exists).</summary>
    public string PathOf(GrainId grainId, string stateName) =>
        Path.Combine(RootDirectory, Escape(grainId.Type), Escape(stateName), Escape(grainId.Key) + ".json");

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, cancellationToken, async () =>
        {
            var record = await ReadRecordAsync<T>(path, cancellationToken).ConfigureAwait(false);
            grainState.State = record is null ? new T() : record.Value.State;
            grainState.ETag = record?.ETag;
            grainState.RecordExists = record is not null;
            GridMetrics.RecordStorage(_name, "read", "ok");
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, cancellationToken, async () =>
        {
            var stored = await CheckEtagAsync(path, "write", $"Write of state '{stateName}' of grain {grainId} to '{path}' refused.", grainState.ETag, cancellationToken).ConfigureAwait(false);

            var next = (stored is null ? 1 : long.Parse(stored, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await using (var writer = new Utf8JsonWriter(stream))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("etag", next);
                        writer.WritePropertyName("state");
                        JsonSerializer.Serialize(writer, grainState.State, GrainStateSerializer.Options);
                        writer.WriteEndObject();
                    }

                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            grainState.ETag = next;
            grainState.RecordExists = true;
            GridMetrics.RecordStorage(_name, "write", "ok");
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
        where T : new()
    {
        var path = PathOf(grainId, stateName);
        await UnderGateAsync(path, cancellationToken, async () =>
        {
            await CheckEtagAsync(path, "clear", $"Clear of state '{stateName}' of grain {grainId} at '{path}' refused.", grainState.ETag, cancellationToken).ConfigureAwait(false);
            File.Delete(path);
            grainState.State = new T();
            grainState.ETag = null;
            grainState.RecordExists = false;
            GridMetrics.RecordStorage(_name, "clear", "ok");
        }).ConfigureAwait(false);
    }

    /// <summary>Escapes a name for use as a file name: ASCII letters, digits, '-' and '_' stay; every other byte of
    /// its UTF-8 form becomes <c>%XX</c>, so distinct names never share a file.</summary>
    internal static string Escape(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static async Task<(string ETag, T State)?> ReadRecordAsync<T>(string path, CancellationToken cancellationToken)
        where T : new()
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("etag", out var etag) || etag.ValueKind != JsonValueKind.String
                || !long.TryParse(etag.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !root.TryGetProperty("state", out var state))
            {
                throw new StorageCorruptedException(path, "expected an object with a numeric string 'etag' and a 'state'.");
            }

            return (etag.GetString()!, state.Deserialize<T>(GrainStateSerializer.Options) ?? new T());
        }
        catch (JsonException e)
        {
            throw new StorageCorruptedException(path, $"invalid JSON ({e.Message}).", e);
        }
    }

    private static async Task<string?> ReadEtagAsync(string path, CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync<JsonElement>(path, cancellationToken).ConfigureAwait(false);
        return record?.ETag;
    }

    /// <summary>Runs <paramref name="body"/> holding the path's lock (one writer per file in this process).</summary>
    private async Task UnderGateAsync(string path, CancellationToken cancellationToken, Func<Task> body)
    {
        var gate = GateOf(path);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await body().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Returns the stored ETag when it equals <paramref name="held"/>; otherwise counts a conflict and throws.</summary>
    private async Task<string?> CheckEtagAsync(string path, string operation, string refusal, string? held, CancellationToken cancellationToken)
    {
        var stored = await ReadEtagAsync(path, cancellationToken).ConfigureAwait(false);
        if (stored != held)
        {
            GridMetrics.RecordStorage(_name, operation, "conflict");
            throw new InconsistentStateException(refusal, stored, held);
        }

        return stored;
    }

    private SemaphoreSlim GateOf(string path) => _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % Stripes)];
}
