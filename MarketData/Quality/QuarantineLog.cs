namespace Quant.Orleans.MarketData.Quality;

/// <summary>
/// Counts quarantined records by <see cref="QualityReason"/> and keeps the first <see cref="MaxExamplesPerReason"/>
/// examples of each with their source position; also records failed sources and missing files. Records quarantined
/// through <see cref="Add"/> are all kept, with their raw text, in <see cref="Records"/> (a
/// <see cref="QuarantineSpool"/>: bounded memory, then a temporary file), unless the log was created without it.
/// <see cref="Count"/> is allocation-free. Safe to read (<see cref="CreateReport"/>) while one thread writes.
/// </summary>
public sealed class QuarantineLog
{
    private static readonly QualityReason[] Reasons = Enum.GetValues<QualityReason>();

    private readonly long[] _counts = new long[Reasons.Length];
    private readonly int[] _examplesKept = new int[Reasons.Length];
    private readonly List<QuarantinedRecord> _examples = [];
    private readonly List<SourceFailure> _failures = [];
    private readonly List<string> _missingFiles = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<Symbol, SymbolCounters> _bySymbol = [];
    private long _recordsInspected;

    /// <summary>Creates a log keeping at most <paramref name="maxExamplesPerReason"/> examples per reason.</summary>
    /// <param name="maxExamplesPerReason">Examples kept per reason.</param>
    /// <param name="records">Where every record passed to <see cref="Add"/> is kept; null creates a
    /// <see cref="QuarantineSpool"/> with its defaults, unless <paramref name="keepRecords"/> is false.</param>
    /// <param name="keepRecords">False to keep counts and examples only (<see cref="Records"/> is null).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExamplesPerReason"/> is negative.</exception>
    public QuarantineLog(int maxExamplesPerReason = 20, QuarantineSpool? records = null, bool keepRecords = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamplesPerReason);
        MaxExamplesPerReason = maxExamplesPerReason;
        Records = records ?? (keepRecords ? new QuarantineSpool() : null);
    }

    /// <summary>Examples kept per reason.</summary>
    public int MaxExamplesPerReason { get; }

    /// <summary>Every record quarantined through <see cref="Add"/>, in order, with its raw text; null when not kept.</summary>
    public QuarantineSpool? Records { get; }

    /// <summary>Quarantined records for <paramref name="reason"/> so far.</summary>
    public long CountOf(QualityReason reason) => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Counts <paramref name="count"/> raw records as inspected.</summary>
    public void AddInspected(long count) => Interlocked.Add(ref _recordsInspected, count);

    /// <summary>Counts one quarantined record; true when an example of this reason is still wanted (then call <see cref="AddExample"/>).</summary>
    public bool Count(QualityReason reason)
    {
        Interlocked.Increment(ref _counts[(int)reason]);
        return Volatile.Read(ref _examplesKept[(int)reason]) < MaxExamplesPerReason;
    }

    /// <summary>
    /// Quarantines one record: counts it under its reason, keeps it as an example while fewer than
    /// <see cref="MaxExamplesPerReason"/> of its reason are kept, and appends it with <paramref name="rawRecord"/> (the
    /// line as written in its file; empty when there is none) to <see cref="Records"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public void Add(QuarantinedRecord record, ReadOnlySpan<byte> rawRecord)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Count(record.Reason))
        {
            AddExample(record);
        }

        Records?.Append(record, rawRecord);
    }

    /// <summary>Keeps <paramref name="example"/> if fewer than <see cref="MaxExamplesPerReason"/> of its reason are kept (it is not counted again).</summary>
    public void AddExample(QuarantinedRecord example)
    {
        ArgumentNullException.ThrowIfNull(example);
        lock (_lock)
        {
            if (_examplesKept[(int)example.Reason] < MaxExamplesPerReason)
            {
                _examplesKept[(int)example.Reason]++;
                _examples.Add(example);
            }
        }
    }

    /// <summary>The counters of one symbol, created on first use; its filter counts into them.</summary>
    internal SymbolCounters CountersFor(Symbol symbol)
    {
        lock (_lock)
        {
            if (!_bySymbol.TryGetValue(symbol, out var counters))
            {
                counters = new SymbolCounters(Reasons.Length);
                _bySymbol.Add(symbol, counters);
            }

            return counters;
        }
    }

    /// <summary>Records a source that stopped.</summary>
    public void AddFailure(SourceFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_lock)
        {
            _failures.Add(failure);
        }
    }

    /// <summary>Records an expected file that does not exist.</summary>
    public void AddMissingFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_lock)
        {
            _missingFiles.Add(path);
        }
    }

    /// <summary>A snapshot of everything recorded so far.</summary>
    public DataQualityReport CreateReport()
    {
        var counts = new Dictionary<QualityReason, long>(Reasons.Length);
        foreach (var reason in Reasons)
        {
            counts[reason] = CountOf(reason);
        }

        lock (_lock)
        {
            var bySymbol = _bySymbol.ToDictionary(kv => kv.Key, kv => kv.Value.Snapshot(Reasons));
            return new DataQualityReport(counts, [.. _examples], [.. _failures], [.. _missingFiles], Interlocked.Read(ref _recordsInspected))
            {
                BySymbol = bySymbol,
                Records = Records,
            };
        }
    }
}

/// <summary>Raw records inspected and quarantined by reason, for one symbol.</summary>
internal sealed class SymbolCounters
{
    private readonly long[] _counts;
    private long _inspected;

    public SymbolCounters(int reasons) => _counts = new long[reasons];

    public void Inspected() => Interlocked.Increment(ref _inspected);

    public void Quarantined(QualityReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    public SymbolQualityCounts Snapshot(QualityReason[] reasons) =>
        new(Interlocked.Read(ref _inspected), reasons.ToDictionary(r => r, r => Interlocked.Read(ref _counts[(int)r])));
}
