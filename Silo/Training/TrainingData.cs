using System.Security.Cryptography;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Training;

/// <summary>What the nightly pipeline's steps share about their input data: its regime (the one decision that makes a
/// version monitor-only), the symbols, the record hashes of the Lean files, and how a step publishes the folder it
/// wrote.</summary>
public static class TrainingData
{
    /// <summary>The days the pipeline trains on (<see cref="Input"/>).</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <returns>The days, ascending.</returns>
    /// <exception cref="MarketData.MarketDataFormatException">A day record is malformed (file and line named).</exception>
    public static DateOnly[] Days(SiloSettings settings) => Input(settings).Days;

    /// <summary>What the pipeline trains on, read once: the days and their day records. With day records
    /// (<c>Replay:RecordsFolder</c>, docs/records.md) the days are the trading days of <c>Replay:From</c>..<c>Replay:To</c>
    /// on which the grid recorded every symbol through the close — the days it traded on, closed: a record counts when it
    /// is not the symbol's last recorded day or its last event is at or after 16:00 New York time (a day still being
    /// recorded, or cut short, is left out). Without records: every trading day of the range, and no records.</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <returns>The days, ascending, and the records of those days by day then ticker.</returns>
    /// <exception cref="MarketData.MarketDataFormatException">A day record is malformed (file and line named).</exception>
    public static TrainingInput Input(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var days = settings.Replay.TradingDays().ToArray();
        if (!settings.Replay.Records || days.Length == 0)
        {
            return new TrainingInput(days, []);
        }

        var symbols = Symbols(settings);
        var records = Engine.Records.DayRecordCatalog.List(settings.Replay.RecordsFolder, days.Min(), days.Max(), symbols.Select(s => new Core.Symbol(s)));
        var lastDay = records.GroupBy(r => r.Symbol.Ticker).ToDictionary(g => g.Key, g => g.Max(r => r.Day), StringComparer.Ordinal);
        var recorded = records
            .Where(r => r.Day < lastDay[r.Symbol.Ticker] || Closed(r))
            .GroupBy(r => r.Day)
            .Where(g => symbols.All(s => g.Any(r => r.Symbol.Ticker == s)))
            .Select(g => g.Key)
            .ToHashSet();
        return new TrainingInput([.. days.Where(recorded.Contains)], [.. records.Where(r => recorded.Contains(r.Day))]);
    }

    /// <summary>True when a day record's last event is at or after the 16:00 New York close of its day.</summary>
    private static bool Closed(Engine.Records.DayRecordEntry record)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var close = TimeZoneInfo.ConvertTimeToUtc(record.Day.ToDateTime(new TimeOnly(16, 0)), zone);
        return record.LastEventTime.Value >= (close - DateTime.UnixEpoch).Ticks * 100L;
    }

    /// <summary>The data regime of what the pipeline trains on, the one decision that makes a version monitor-only:
    /// the regime the day records of the training days (<see cref="Input"/>) declare in their headers —
    /// <see cref="DataRegime.ProdLive"/> when every one was recorded from a live feed, <see cref="DataRegime.Mixed"/>
    /// when some were, else <see cref="DataRegime.MaintenanceReplay"/>; <see cref="DataRegime.MaintenanceReplay"/> when
    /// the silo keeps no day records (the Lean files were replayed).</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <returns>The regime.</returns>
    public static DataRegime Regime(SiloSettings settings) => Input(settings).Regime;

    /// <summary>The record hashes a manifest cites for the training days: each day record's SHA-256 as
    /// <c>records/&lt;yyyy-MM-dd&gt;/&lt;SYMBOL&gt;.records.csv</c>, then the Lean files'
    /// (<see cref="LeanSources"/>), sorted by source.</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="input">The training days and their records (<see cref="Input"/>).</param>
    /// <returns>The hashes.</returns>
    public static RecordHash[] Sources(SiloSettings settings, IEnumerable<string> symbols, TrainingInput input)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        var lean = LeanSources(settings.Replay.DataFolder, symbols, input.Days);
        return [.. RecordHashes(input.Records, lean).Concat(lean).OrderBy(h => h.Source, StringComparer.Ordinal)];
    }

    /// <summary>The record hashes of <paramref name="records"/> as a manifest cites them
    /// (<c>records/&lt;yyyy-MM-dd&gt;/&lt;SYMBOL&gt;.records.csv</c>), after checking their lineage against what was
    /// trained on: every source file a record names in its lineage column must be one of <paramref name="trained"/>
    /// (the Lean files the pipeline read and hashed), so the manifest never cites a record the training did not
    /// rebuild.</summary>
    /// <param name="records">The day records of the training days.</param>
    /// <param name="trained">The source files the training read, with their SHA-256.</param>
    /// <returns>One hash per record.</returns>
    /// <exception cref="InvalidDataException">A record names a source file the training did not read (the record's
    /// path and the file are named).</exception>
    public static RecordHash[] RecordHashes(IEnumerable<Engine.Records.DayRecordEntry> records, IEnumerable<RecordHash> trained)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(trained);
        var read = trained.Select(h => h.Source).ToHashSet(StringComparer.Ordinal);
        var hashes = new List<RecordHash>();
        foreach (var record in records)
        {
            foreach (var source in record.Sources ?? [])
            {
                if (!read.Contains(source))
                {
                    throw new InvalidDataException($"the day record '{record.Path}' names the source file '{source}' in its lineage, which the training did not read (it read {read.Count} files, e.g. '{read.Order(StringComparer.Ordinal).FirstOrDefault()}'); check Replay:DataFolder.");
                }
            }

            hashes.Add(new RecordHash($"records/{record.Day:yyyy-MM-dd}/{Path.GetFileName(record.Path)}", record.Sha256));
        }

        return [.. hashes];
    }

    /// <summary>The run source of a validation run on data of <paramref name="regime"/>: <c>prod</c> only for live
    /// production data, else <c>maintenance</c>.</summary>
    /// <param name="regime">The data regime.</param>
    /// <returns>The run source.</returns>
    public static RunSource RunSourceOf(DataRegime regime) => regime == DataRegime.ProdLive ? RunSource.Prod : RunSource.Maintenance;

    /// <summary>The symbols trained on: <c>Replay:Symbols</c> (or the replay's defaults when empty), upper case, in
    /// configured order.</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <returns>The symbols.</returns>
    public static string[] Symbols(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var replay = settings.Replay;
        return (replay.Symbols.Length > 0 ? replay.Symbols : [.. Engine.Replay.ReplaySettings.DefaultSymbols]).Select(s => s.ToUpperInvariant()).ToArray();
    }

    /// <summary>SHA-256 of every Lean tick file (quotes and trades) of the symbols and days that exists, as
    /// <c>equity/usa/tick/&lt;symbol&gt;/&lt;yyyyMMdd&gt;_&lt;quote|trade&gt;.zip</c> relative to the data folder,
    /// in symbol, day, kind order.</summary>
    /// <param name="dataFolder">The Lean data folder.</param>
    /// <param name="symbols">The symbols.</param>
    /// <param name="days">The days.</param>
    /// <returns>The hashes.</returns>
    public static RecordHash[] LeanSources(string dataFolder, IEnumerable<string> symbols, IEnumerable<DateOnly> days)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(days);
        var root = Path.GetFullPath(dataFolder);
        var dayList = days.ToArray();
        var hashes = new List<RecordHash>();
        foreach (var symbol in symbols)
        {
            foreach (var day in dayList)
            {
                foreach (var kind in new[] { "quote", "trade" })
                {
                    var relative = Path.Combine("equity", "usa", "tick", symbol.ToLowerInvariant(), $"{day:yyyyMMdd}_{kind}.zip");
                    var path = Path.Combine(root, relative);
                    if (File.Exists(path))
                    {
                        using var stream = File.OpenRead(path);
                        hashes.Add(new RecordHash(relative.Replace('\\', '/'), Convert.ToHexStringLower(SHA256.HashData(stream))));
                    }
                }
            }
        }

        return [.. hashes];
    }

    /// <summary>Writes a step execution's folder whole or not at all, as <c>Core/AtomicFolder</c> does but with an
    /// asynchronous writer: the writer fills a hidden temporary folder beside <paramref name="workFolder"/>, which is
    /// then renamed to it; a failed or cancelled writer leaves no <paramref name="workFolder"/> (its temporary folder is
    /// deleted). The work folder is the execution's own (<c>TrainingStepContext.WorkFolder</c>), so no other execution
    /// publishes there.</summary>
    /// <typeparam name="T">What the writer returns.</typeparam>
    /// <param name="workFolder">The execution's work folder (must not exist yet).</param>
    /// <param name="write">Writes into the temporary folder it is given; its result is returned with paths under the
    /// temporary folder mapped by <see cref="Published"/>.</param>
    /// <returns>The writer's result.</returns>
    /// <exception cref="IOException">The work folder exists already (another writer used this execution id).</exception>
    public static async Task<T> PublishAsync<T>(string workFolder, Func<string, Task<T>> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workFolder);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(workFolder);
        if (Directory.Exists(full))
        {
            throw new IOException($"The work folder '{full}' exists already: each execution must publish a folder of its own.");
        }

        var parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{workFolder}' has no parent folder.", nameof(workFolder));
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            var result = await write(temp);
            Directory.Move(temp, full);
            return result;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    /// <summary>A path the writer of <see cref="PublishAsync{T}"/> produced under its temporary folder, as it is after
    /// the rename.</summary>
    /// <param name="temp">The temporary folder the writer was given.</param>
    /// <param name="workFolder">The published work folder.</param>
    /// <param name="path">A path under <paramref name="temp"/>.</param>
    /// <returns>The same path under <paramref name="workFolder"/>.</returns>
    public static string Published(string temp, string workFolder, string path) =>
        Path.Combine(Path.GetFullPath(workFolder), Path.GetRelativePath(Path.GetFullPath(temp), Path.GetFullPath(path)));
}

/// <summary>What the nightly pipeline trains on (<see cref="TrainingData.Input"/>).</summary>
/// <param name="Days">The training days, ascending.</param>
/// <param name="Records">The day records of those days (empty without <c>Replay:RecordsFolder</c>), by day then ticker.</param>
public sealed record TrainingInput(DateOnly[] Days, IReadOnlyList<Engine.Records.DayRecordEntry> Records)
{
    /// <summary>The regime the records declare: <see cref="DataRegime.ProdLive"/> when every one was recorded from a
    /// live feed, <see cref="DataRegime.Mixed"/> when some were, else (and without records)
    /// <see cref="DataRegime.MaintenanceReplay"/>.</summary>
    public DataRegime Regime
    {
        get
        {
            var live = Records.Count(r => r.Regime == DataRegime.ProdLive);
            return Records.Count > 0 && live == Records.Count ? DataRegime.ProdLive : live > 0 ? DataRegime.Mixed : DataRegime.MaintenanceReplay;
        }
    }
}
