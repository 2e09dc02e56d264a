namespace Quant.Orleans.Grid;

/// <summary>A write or clear was refused because the stored ETag differs from the one the grain holds
/// (Orleans: <c>InconsistentStateException</c>): another writer changed the record since it was read.</summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, naming the grain and state.</param>
    /// <param name="storedEtag">The ETag found in storage (null when there is no record).</param>
    /// <param name="currentEtag">The ETag the writer held (null when it believed there was no record).</param>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base($"{message} Stored ETag: '{storedEtag ?? "<none>"}', ETag held by the grain: '{currentEtag ?? "<none>"}'.")
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in storage.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; }
}

/// <summary>A stored state record exists but cannot be decoded. The record is left untouched for an operator to
/// inspect; the grain's activation fails instead of starting from an empty state.</summary>
public sealed class StorageCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the record is (a file path, a table and key).</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="inner">The decoder's exception, if any.</param>
    public StorageCorruptedException(string location, string detail, Exception? inner = null)
        : base($"Corrupted grain state record at '{location}': {detail}", inner)
    {
        Location = location;
    }

    /// <summary>Where the corrupted record is.</summary>
    public string Location { get; }
}
