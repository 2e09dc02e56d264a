using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// A <see cref="FileJournal"/> of <typeparamref name="T"/> entries, each record one UTF-8 JSON document written with
/// the caller's <see cref="JsonTypeInfo{T}"/> (source-generated metadata keeps encoding reflection-free). The same
/// encoding over any <see cref="IJournalStore"/>: <see cref="ReadAllAsync"/>, and <c>AccountEngine</c>'s journal.
/// </summary>
/// <typeparam name="T">The entry type (typically a polymorphic base record).</typeparam>
public sealed class JsonJournal<T> : IDisposable
    where T : class
{
    private readonly JsonTypeInfo<T> _typeInfo;

    private JsonJournal(FileJournal journal, JsonTypeInfo<T> typeInfo)
    {
        Journal = journal;
        _typeInfo = typeInfo;
    }

    /// <summary>The underlying journal (sequences, counters, recovery report).</summary>
    public FileJournal Journal { get; }

    /// <summary>Opens and recovers the journal; each recovered entry goes to <paramref name="replay"/> with its sequence.</summary>
    /// <exception cref="JournalCorruptedException">Damage other than a torn tail, or a whole record that does not decode
    /// as <typeparamref name="T"/> (the message names the file, the offset and the sequence).</exception>
    /// <exception cref="IOException">Another writer holds the journal, or the file system failed.</exception>
    public static JsonJournal<T> Open(string directory, string name, JsonTypeInfo<T> typeInfo, Action<long, T>? replay, FileJournalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var journal = FileJournal.Open(directory, name, replay is null ? null : r => replay(r.Sequence, Decode(r, typeInfo)), options);
        return new JsonJournal<T>(journal, typeInfo);
    }

    /// <summary>Reads every whole entry while a writer may be appending (see <see cref="FileJournal.Read"/>).</summary>
    public static IReadOnlyList<(long Sequence, T Entry)> ReadAll(string directory, string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entries = new List<(long, T)>();
        FileJournal.Read(directory, name, r => entries.Add((r.Sequence, Decode(r, typeInfo))));
        return entries;
    }

    /// <summary>Reads every whole entry of the journal <paramref name="name"/> in <paramref name="store"/> while a
    /// writer may be appending (see <see cref="IJournalStore.ReadAsync"/>).</summary>
    /// <exception cref="JournalCorruptedException">Damage other than a torn tail, or a whole record that does not
    /// decode as <typeparamref name="T"/>.</exception>
    public static async ValueTask<IReadOnlyList<(long Sequence, T Entry)>> ReadAllAsync(IJournalStore store, string name, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entries = new List<(long, T)>();
        await store.ReadAsync(name, r => entries.Add((r.Sequence, Decode(r, typeInfo))), cancellationToken).ConfigureAwait(false);
        return entries;
    }

    /// <summary>Appends entries as one batch, flushed to disk before returning unless <paramref name="flushToDisk"/>
    /// is false (see <see cref="FileJournal.Append(ReadOnlySpan{ReadOnlyMemory{byte}}, bool)"/>).</summary>
    /// <returns>The sequence of the last entry.</returns>
    public long Append(ReadOnlySpan<T> entries, bool flushToDisk = true) =>
        Journal.Append(Encode(entries, _typeInfo), flushToDisk);

    /// <summary>Each entry as one UTF-8 JSON document (a record's payload).</summary>
    internal static ReadOnlyMemory<byte>[] Encode(ReadOnlySpan<T> entries, JsonTypeInfo<T> typeInfo)
    {
        if (entries.IsEmpty)
        {
            return [];
        }

        var payloads = new ReadOnlyMemory<byte>[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            payloads[i] = JsonSerializer.SerializeToUtf8Bytes(entries[i], typeInfo);
        }

        return payloads;
    }

    /// <inheritdoc />
    public void Dispose() => Journal.Dispose();

    /// <summary>Decodes a record's payload.</summary>
    /// <exception cref="JournalCorruptedException">The payload is not a <typeparamref name="T"/> (names the segment,
    /// the offset and the sequence).</exception>
    internal static T Decode(JournalRecord record, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(record.Payload.Span, typeInfo)
                ?? throw new JournalCorruptedException(record.Path, record.Offset, $"record {record.Sequence} holds JSON null, not a {typeof(T).Name}.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new JournalCorruptedException(record.Path, record.Offset, $"record {record.Sequence} passes its checksum but does not decode as a {typeof(T).Name}: {e.Message}", e);
        }
    }
}
