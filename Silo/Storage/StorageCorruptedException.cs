namespace Quant.Orleans.Silo.Storage;

/// <summary>A grain-state record that cannot be decoded. The record is left as it is (never overwritten), so nothing
/// that was acknowledged is lost by accident; the grain's activation fails with this message.</summary>
public sealed class StorageCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">The record's location: a file path, or a container and blob name.</param>
    /// <param name="offset">Byte offset of the damage in the record, or -1 when not known.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="inner">The decoder's exception, if any.</param>
    public StorageCorruptedException(string location, long offset, string detail, Exception? inner = null)
        : base($"Corrupted grain state record at '{location}'{(offset >= 0 ? $", byte {offset}" : string.Empty)}: {detail} The record was left untouched.", inner)
    {
        Location = location;
        Offset = offset;
    }

    /// <summary>The record's location.</summary>
    public string Location { get; }

    /// <summary>Byte offset of the damage, or -1.</summary>
    public long Offset { get; }
}
