using System.Text;

namespace Quant.Orleans.MarketData.Quality;

/// <summary>An immutable snapshot of a <see cref="QuarantineLog"/>.</summary>
/// <param name="Counts">Quarantined records by reason (every reason present, zero when none).</param>
/// <param name="Examples">The first examples of each reason, bounded per reason, in the order they were seen.</param>
/// <param name="Failures">Sources that stopped on a malformed or unreadable file.</param>
/// <param name="MissingFiles">Expected files that did not exist (e.g. no quote file for a trade-only symbol).</param>
/// <param name="RecordsInspected">Raw records (file lines) that passed through the checks.</param>
public sealed record DataQualityReport(
    IReadOnlyDictionary<QualityReason, long> Counts,
    IReadOnlyList<QuarantinedRecord> Examples,
    IReadOnlyList<SourceFailure> Failures,
    IReadOnlyList<string> MissingFiles,
    long RecordsInspected)
{
    /// <summary>Records inspected and quarantined by reason, per symbol.</summary>
    public IReadOnlyDictionary<Symbol, SymbolQualityCounts> BySymbol { get; init; } = new Dictionary<Symbol, SymbolQualityCounts>();

    /// <summary>Every quarantined record with its source position and raw text, in the order quarantined — the
    /// log's live <see cref="QuarantineLog.Records"/> (it may hold records added after this snapshot); null when the
    /// log keeps none. Write them out with <see cref="QuarantineSpool.WriteCsv"/>.</summary>
    public QuarantineSpool? Records { get; init; }

    /// <summary>Total quarantined records over all reasons.</summary>
    public long TotalQuarantined => Counts.Values.Sum();

    /// <summary>Count for <paramref name="reason"/> (zero when none).</summary>
    public long this[QualityReason reason] => Counts.TryGetValue(reason, out var count) ? count : 0;

    /// <summary>A multi-line human-readable summary: counts by reason, failures and missing files.</summary>
    public string ToSummary()
    {
        var text = new StringBuilder();
        text.Append("records inspected: ").Append(RecordsInspected).AppendLine();
        foreach (var (reason, count) in Counts.OrderBy(pair => pair.Key))
        {
            text.Append("  ").Append(reason).Append(": ").Append(count).AppendLine();
        }

        foreach (var failure in Failures)
        {
            text.Append("  FAILED ").Append(failure.Symbol).Append(": ").AppendLine(failure.Message);
        }

        foreach (var missing in MissingFiles)
        {
            text.Append("  missing: ").AppendLine(missing);
        }

        return text.ToString();
    }
}

/// <summary>One symbol's share of a <see cref="DataQualityReport"/>.</summary>
/// <param name="RecordsInspected">Raw records (file lines) of the symbol that passed through the checks.</param>
/// <param name="Counts">Quarantined records by reason (every reason present).</param>
public sealed record SymbolQualityCounts(long RecordsInspected, IReadOnlyDictionary<QualityReason, long> Counts)
{
    /// <summary>Total quarantined records of the symbol.</summary>
    public long TotalQuarantined => Counts.Values.Sum();
}
