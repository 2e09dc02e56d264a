namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// The recovery rules across a journal's segments, the same for every store: segments are scanned in order of their
/// first sequence (<see cref="JournalSegmentScanner"/>), each must start right after the previous one ends, only the
/// last may end in a torn tail or be an unfinished creation (a header cut short or all zeros), and each whole record
/// goes to the caller in sequence order. A store lists its segments, hands each one's bytes to <see cref="Add"/>, and
/// reads the outcome from <see cref="ToScan"/>. Not thread-safe.
/// </summary>
public sealed class JournalSegmentChain
{
    private readonly int _maxPayloadBytes;
    private readonly Action<JournalRecord>? _onRecord;
    private readonly List<string> _segments = [];
    private long _records;
    private long _firstSequence;
    private long _lastSequence;
    private int _scanned;
    private JournalTornTail? _torn;

    /// <summary>Starts an empty chain.</summary>
    /// <param name="maxPayloadBytes">Largest payload a record may declare (a larger declared length is damage).</param>
    /// <param name="onRecord">Receives every whole record in sequence order; null to only check.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPayloadBytes"/> is not positive.</exception>
    public JournalSegmentChain(int maxPayloadBytes, Action<JournalRecord>? onRecord)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        _maxPayloadBytes = maxPayloadBytes;
        _onRecord = onRecord;
    }

    /// <summary>Sequence of the last whole record read so far (0 when none).</summary>
    public long LastSequence => _lastSequence;

    /// <summary>
    /// Scans the next segment: its header must name the sequence after the previous segment's last record (any
    /// sequence for the first segment), and every whole record is handed on.
    /// </summary>
    /// <param name="location">The segment's file path or blob name (for messages and <see cref="JournalRecord.Path"/>).</param>
    /// <param name="data">The segment's bytes.</param>
    /// <param name="tornTailAllowed">True for the journal's last segment (and for a segment a store has sealed at
    /// its torn tail, which the store then checks): it may end in a torn tail or be an unfinished creation.</param>
    /// <returns>What the segment holds; with <see cref="JournalSegmentScanner.Result.HeaderTorn"/> the segment is not
    /// counted in <see cref="ToScan"/>'s segments.</returns>
    /// <exception cref="JournalCorruptedException">See <see cref="JournalSegmentScanner.Scan"/>.</exception>
    public JournalSegmentScanner.Result Add(string location, ReadOnlySpan<byte> data, bool tornTailAllowed)
    {
        ArgumentNullException.ThrowIfNull(location);
        var expectedFirst = _lastSequence == 0 && _scanned == 0 ? 0 : _lastSequence + 1;
        var result = JournalSegmentScanner.Scan(location, data, expectedFirst, tornTailAllowed, _maxPayloadBytes, _onRecord);
        _scanned++;
        if (result.Records > 0 && _firstSequence == 0)
        {
            _firstSequence = result.FirstSequence;
        }

        _records += result.Records;
        _lastSequence = result.HeaderTorn ? _lastSequence : result.LastSequence;
        _torn = result.Torn;
        if (!result.HeaderTorn)
        {
            _segments.Add(location);
        }

        return result;
    }

    /// <summary>What the segments added so far hold: records, first and last sequence, the segments (an unfinished
    /// creation left out), and the torn tail of the last one added, if it has one.</summary>
    public JournalScan ToScan() => new(_records, _firstSequence, _lastSequence, _segments.ToArray(), _torn);
}
