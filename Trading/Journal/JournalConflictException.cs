namespace Quant.Orleans.Trading.Journal;

/// <summary>A journal's writer found that the journal changed under it: another writer (a newer activation of the
/// account on another silo, after this one was taken for dead) has opened it, or appended to it, or started a new
/// segment. Nothing of the refused write was stored, and this writer refuses every later append: the records it holds
/// in memory are not the journal's any more. Reopening reads what the other writer wrote.</summary>
public sealed class JournalConflictException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">The segment (file or blob) whose write was refused.</param>
    /// <param name="detail">What was expected and what was found.</param>
    /// <param name="inner">The storage's error, if any.</param>
    public JournalConflictException(string location, string detail, Exception? inner = null)
        : base($"Journal segment '{location}' was changed by another writer: {detail}. Nothing of this write was stored; this writer refuses every later append (reopen the journal to continue).", inner)
    {
        Location = location;
    }

    /// <summary>The segment (file or blob) whose write was refused.</summary>
    public string Location { get; }
}
