using System.Globalization;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Engine.Replay;

/// <summary>
/// Writes a replay's quarantined records to <c>quarantine.csv</c> beside its other outputs: one row per record that
/// the data-quality checks kept out of the grid, in the order the feed quarantined them, with the symbol, the reason,
/// the source file, zip entry and 1-based line, the record's time (UTC), what was wrong, and the line as written in
/// the file (see <see cref="QuarantineSpool"/> for the columns and how long records are cut). The records come from
/// the feed's <see cref="QuarantineLog.Records"/>, which streamed them to bounded memory or a temporary file while the
/// replay ran.
/// </summary>
public static class QuarantineOutput
{
    /// <summary>The file's name in the output folder.</summary>
    public const string FileName = "quarantine.csv";

    /// <summary>The path of <c>quarantine.csv</c> in <paramref name="folder"/>.</summary>
    public static string PathIn(string folder) => Path.GetFullPath(Path.Combine(folder, FileName));

    /// <summary>Writes <c>quarantine.csv</c> into <paramref name="folder"/> (created if missing), replacing an older one.</summary>
    /// <param name="quality">The replay's data-quality report.</param>
    /// <param name="folder">The run's output folder, e.g. <c>runs/latest</c>.</param>
    /// <returns>Where it went and how many records it holds.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static QuarantineFile Write(DataQualityReport quality, string folder)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var path = PathIn(folder);
        long rows = 0;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            if (quality.Records is { } records)
            {
                rows = records.WriteCsv(file);
            }
            else
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(QuarantineSpool.CsvHeader + "\n"));
            }
        }

        return new QuarantineFile(path, rows, quality.TotalQuarantined);
    }

    /// <summary>The console line of the <c>quarantine.csv</c> that <see cref="ReplayOutputs.Write"/> wrote into
    /// <paramref name="folder"/> for a replay with this report (see <see cref="ConsoleLine(QuarantineFile)"/>).</summary>
    /// <param name="quality">The replay's data-quality report (<see cref="ReplayResult.Quality"/>).</param>
    /// <param name="folder">The folder passed to <see cref="ReplayOutputs.Write"/>.</param>
    public static string ConsoleLine(DataQualityReport quality, string folder)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(folder);
        return ConsoleLine(new QuarantineFile(PathIn(folder), quality.Records?.Count ?? 0, quality.TotalQuarantined));
    }

    /// <summary>The console line that names the file, e.g.
    /// <c>quarantine: 28304 records (file, line, reason, record) in /repo/runs/latest/quarantine.csv</c>.</summary>
    /// <param name="file">What <see cref="Write"/> returned.</param>
    public static string ConsoleLine(QuarantineFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var kept = file.Records == file.Quarantined
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" of {file.Quarantined} quarantined (the others were only counted: the spool was full or kept none)");
        return string.Create(CultureInfo.InvariantCulture, $"quarantine: {file.Records} records{kept} (file, line, reason, record) in {file.Path}");
    }
}

/// <summary>A written <c>quarantine.csv</c>.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Records">Rows written (records kept by the feed's log).</param>
/// <param name="Quarantined">Records quarantined by the replay (<see cref="DataQualityReport.TotalQuarantined"/>);
/// equal to <paramref name="Records"/> unless something counted records without keeping them.</param>
public sealed record QuarantineFile(string Path, long Records, long Quarantined);
