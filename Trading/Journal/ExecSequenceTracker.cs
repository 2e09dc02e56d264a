using System.Globalization;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// The highest sequence of the execution ids <c>{venue}-{sequence}</c> an account booked, per venue: a venue that
/// restarted must continue after it (its ids would otherwise repeat ids the ledger already applied). Ids of another
/// form (system ids, cancel-on-disconnect ids) change nothing. Noting an id of a venue seen before allocates nothing.
/// Not thread-safe.
/// </summary>
internal sealed class ExecSequenceTracker
{
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);

    /// <summary>The highest sequence booked from <paramref name="venue"/>; 0 when none.</summary>
    public long Last(string venue) => _sequences.GetValueOrDefault(venue);

    /// <summary>Every venue with its highest sequence, ordered by venue (ordinal).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Entries()
    {
        var entries = _sequences.ToArray();
        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    /// <summary>Takes note of a booked execution id: when it is <c>{venue}-{digits}</c>, the venue's highest sequence
    /// becomes at least the number.</summary>
    public void Note(string execId)
    {
        var dash = execId.LastIndexOf('-');
        if (dash > 0 && long.TryParse(execId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            var venues = _sequences.GetAlternateLookup<ReadOnlySpan<char>>();
            var venue = execId.AsSpan(0, dash);
            if (sequence > (venues.TryGetValue(venue, out var last) ? last : 0))
            {
                venues[venue] = sequence;
            }
        }
    }

    /// <summary>Sets <paramref name="venue"/>'s highest sequence (restore from a snapshot).</summary>
    public void Restore(string venue, long sequence) => _sequences[venue] = sequence;
}
