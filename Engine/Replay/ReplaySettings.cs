using Quant.Orleans.Engine.Records;

namespace Quant.Orleans.Engine.Replay;

/// <summary>What the replay job reads and where it writes.</summary>
public sealed class ReplaySettings
{
    /// <summary>A Lean-format data folder (holding <c>equity/usa/tick/...</c>); relative to the working directory.</summary>
    public string DataFolder { get; set; } = "../shared/data/lean";

    /// <summary>The symbols replayed when none are configured.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = ["AIG", "BAC", "IBM"];

    /// <summary>Tickers to replay; empty means <see cref="DefaultSymbols"/> (a configured list replaces it).</summary>
    public string[] Symbols { get; set; } = [];

    /// <summary>First trading day (exchange date).</summary>
    public DateOnly From { get; set; } = new(2013, 10, 7);

    /// <summary>Last trading day, inclusive.</summary>
    public DateOnly To { get; set; } = new(2013, 10, 10);

    /// <summary>Output folder for <c>orders.csv</c>, <c>fills.csv</c> and <c>summary.json</c>.</summary>
    public string Output { get; set; } = "runs/latest";

    /// <summary>The account that trades.</summary>
    public string Account { get; set; } = "SIM-1";

    /// <summary>Market events per batch handed to the grains.</summary>
    public int BatchSize { get; set; } = 4096;

    /// <summary>Pace: null or 0 for as fast as possible, otherwise real time × this factor.</summary>
    public double? Speed { get; set; }

    /// <summary>Folder of the day records (docs/records.md): every event delivered to the symbol grains (not the
    /// warm-up of a resumed replay) is appended, with its lineage, to <c>&lt;folder&gt;/&lt;yyyy-MM-dd&gt;/&lt;SYMBOL&gt;.records.csv</c>.
    /// Empty (the default): nothing is recorded and the feed does no lineage work.</summary>
    public string RecordsFolder { get; set; } = string.Empty;

    /// <summary>The data regime written in the records' headers: <c>maintenance_replay</c> (the default, for a replay
    /// of recorded data) or <c>prod_live</c> (only for a feed that is live).</summary>
    public string RecordsRegime { get; set; } = "maintenance_replay";

    /// <summary>True when <see cref="RecordsFolder"/> is set.</summary>
    public bool Records => !string.IsNullOrWhiteSpace(RecordsFolder);

    /// <summary>Every problem of these settings, each naming the key (<c>Replay:...</c>), the value and the rule.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var symbol in Symbols)
        {
            if (string.IsNullOrWhiteSpace(symbol) || symbol.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
            {
                yield return $"Replay:Symbols (--symbols) has an invalid ticker '{Echo(symbol)}': letters, digits, '.', '-' and '_' only.";
            }
        }

        if (To < From)
        {
            yield return $"Replay:To (--to) {To:yyyy-MM-dd} is before Replay:From (--from) {From:yyyy-MM-dd}.";
        }

        if (BatchSize is < 1 or > 1_000_000)
        {
            yield return $"Replay:BatchSize must be in [1, 1000000], got {BatchSize}.";
        }

        if (Speed is { } speed && !(double.IsFinite(speed) && speed >= 0))
        {
            yield return $"Replay:Speed (--speed) must be a finite number >= 0 (0: as fast as possible), got {speed.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
        }

        if (string.IsNullOrWhiteSpace(Output))
        {
            yield return "Replay:Output must be set.";
        }

        if (RecordsFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"Replay:RecordsFolder has a character that is not allowed in a path: '{Echo(RecordsFolder)}'.";
        }

        if (DayRecordFormat.TryParseRegime(RecordsRegime) is null)
        {
            yield return $"Replay:RecordsRegime must be 'maintenance_replay' or 'prod_live', got '{Echo(RecordsRegime ?? string.Empty)}'.";
        }
    }

    /// <summary>Problems with what a replay reads and writes on this machine, checked before any work: the data folder
    /// must exist, and the output folder must not be an existing file and must be creatable.</summary>
    public IEnumerable<string> ValidateInputs()
    {
        if (!Directory.Exists(DataFolder))
        {
            yield return $"Replay:DataFolder (--data) '{Echo(DataFolder)}' does not exist: give a Lean data folder (holding equity/usa/tick/<symbol>/<yyyyMMdd>_quote.zip).";
        }

        if (File.Exists(Output))
        {
            yield return $"Replay:Output (--out) '{Echo(Output)}' is an existing file: give a folder for orders.csv, fills.csv and summary.json.";
        }
        else if (CreateProblem(Output) is { } problem)
        {
            yield return $"Replay:Output (--out) '{Echo(Output)}' cannot be created: {problem}";
        }

        if (Records && File.Exists(RecordsFolder))
        {
            yield return $"Replay:RecordsFolder '{Echo(RecordsFolder)}' is an existing file: give a folder for the day records.";
        }
        else if (Records && CreateProblem(RecordsFolder) is { } recordsProblem)
        {
            yield return $"Replay:RecordsFolder '{Echo(RecordsFolder)}' cannot be created: {recordsProblem}";
        }
    }

    /// <summary>Echoed input, capped at 80 characters.</summary>
    private static string Echo(string text) => text.Length <= 80 ? text : $"{text[..80]}…({text.Length} characters)";

    private static string? CreateProblem(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>The days From..To, weekends skipped (files for missing days are reported by the feed).</summary>
    public IEnumerable<DateOnly> TradingDays()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                yield return d;
            }
        }
    }
}
