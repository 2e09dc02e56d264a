using System.Globalization;
using System.Security.Cryptography;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Engine.Records;

/// <summary>One recorded (day, symbol): what a training manifest cites.</summary>
/// <param name="Day">The trading day.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Path">The file (absolute).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, 64 lower-case hex digits (the manifest's record hash).</param>
/// <param name="EventCount">Records (data lines) in the file.</param>
/// <param name="Regime">The header's data regime (the manifest's provenance regime).</param>
/// <param name="Feed">The header's feed name.</param>
/// <param name="LastEventTime">Time of the last recorded event (UTC); default when the file holds none.</param>
/// <param name="Sources">The distinct source files the records name in their lineage column (relative to the data
/// folder, '/' separators), ordinal order; empty when none was read.</param>
public sealed record DayRecordEntry(DateOnly Day, Symbol Symbol, string Path, string Sha256, long EventCount, DataRegime Regime, string Feed, UnixNanos LastEventTime = default, string[]? Sources = null);

/// <summary>Lists the day-record files under a records folder.</summary>
public static class DayRecordCatalog
{
    /// <summary>
    /// Every day-record file under <paramref name="root"/> with a day in [<paramref name="from"/>, <paramref name="to"/>]
    /// and, when <paramref name="symbols"/> is given, one of those symbols; ordered by day, then ticker (ordinal). Each
    /// file is read through <see cref="DayRecordReader"/> (so a listed file is known to be well-formed) and hashed.
    /// </summary>
    /// <param name="root">The records folder; a missing folder lists nothing.</param>
    /// <param name="from">First day, inclusive.</param>
    /// <param name="to">Last day, inclusive.</param>
    /// <param name="symbols">Symbols to list; null or empty for all.</param>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="MarketData.MarketDataFormatException">A file is malformed (named with its line), or its header's
    /// symbol or day does not match its name and folder.</exception>
    public static IReadOnlyList<DayRecordEntry> List(string root, DateOnly from, DateOnly to, IEnumerable<Symbol>? symbols = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (to < from)
        {
            throw new ArgumentException($"to {to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}.", nameof(to));
        }

        var wanted = symbols?.ToHashSet();
        var wantedNames = wanted?.Select(s => System.IO.Path.GetFileName(DayRecordFormat.PathOf(root, from, s))).ToHashSet(StringComparer.Ordinal);
        var entries = new List<DayRecordEntry>();
        if (!Directory.Exists(root))
        {
            return entries;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (!DateOnly.TryParseExact(System.IO.Path.GetFileName(folder), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day < from || day > to)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*" + DayRecordFormat.Extension))
            {
                if (wantedNames is { Count: > 0 } && !wantedNames.Contains(System.IO.Path.GetFileName(file)))
                {
                    continue;
                }

                var path = System.IO.Path.GetFullPath(file);
                long count;
                DayRecordHeader header;
                UnixNanos last = default;
                var sources = new SortedSet<string>(StringComparer.Ordinal);
                using (var reader = new DayRecordReader(path))
                {
                    header = reader.Header;
                    while (reader.TryRead(out var record))
                    {
                        last = record.Event.Time;
                        sources.Add(record.Origin.SourceFile);
                    }

                    count = reader.Count;
                }

                if (header.Day != day || DayRecordFormat.PathOf(root, day, header.Symbol) is var expected && System.IO.Path.GetFullPath(expected) != path)
                {
                    throw new MarketData.MarketDataFormatException(path, null, 1, $"the header names {header.Symbol} on {header.Day:yyyy-MM-dd}, which is not this file's name and folder");
                }

                entries.Add(new DayRecordEntry(day, header.Symbol, path, Hash(path), count, header.Regime, header.Feed, last, [.. sources]));
            }
        }

        entries.Sort(static (a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.Symbol.Ticker, b.Symbol.Ticker));
        return entries;
    }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
