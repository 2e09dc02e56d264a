using System.Globalization;
using System.Text;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Engine.Research;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Judge;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// The <c>compare</c> command: walk-forward evaluations of strategy profiles (Sniper, Audited, Reckless, Baseline) over
/// the same out-of-sample days, one table. The Audited profile's judge for test day d is trained only on candidates
/// recorded out of sample on the days before d (a recording pass of the Reckless profile over the whole range, one
/// fresh silo per day, keeps each window's test day), so every profile is compared on the test days from the second
/// out-of-sample day on. Each profile's evaluation is a trial of one family in the trial registry, so the deflated
/// Sharpe's N counts the profiles compared plus any earlier trials of the family.
/// </summary>
public static class CompareCommand
{
    /// <summary>The profiles and the judge's training grid.</summary>
    /// <param name="Profiles">Profiles to compare, in table order.</param>
    /// <param name="TrainDays">Trading days replayed before each test day.</param>
    /// <param name="TrialRegistry">Trial registry file.</param>
    /// <param name="Judge">The judge's hyperparameter grid, folds and seed.</param>
    public sealed record Options(StrategyProfile[] Profiles, int TrainDays, string TrialRegistry, JudgeTrainingOptions Judge);

    /// <summary>Parses <c>sniper,audited,reckless</c> (case-insensitive).</summary>
    /// <param name="text">Comma-separated profile names.</param>
    /// <returns>The profiles, or the problem.</returns>
    public static (StrategyProfile[]? Profiles, string? Problem) ParseProfiles(string text)
    {
        var result = new List<StrategyProfile>();
        foreach (var name in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<StrategyProfile>(name, ignoreCase: true, out var p) || !Enum.IsDefined(p) || int.TryParse(name, out _))
            {
                return (null, $"--profiles: '{name}' is not one of {string.Join(", ", Enum.GetNames<StrategyProfile>().Select(n => n.ToLowerInvariant()))}.");
            }

            if (!result.Contains(p))
            {
                result.Add(p);
            }
        }

        return result.Count == 0 ? (null, "--profiles: name at least one profile.") : ([.. result], null);
    }

    /// <summary>Runs the comparison; 0 when every evaluation completed, 1 when one failed, 2 when the range is too short.</summary>
    /// <param name="settings">Validated settings (data, symbols, range, output, strategy).</param>
    /// <param name="options">Profiles, training days, registry, judge grid.</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the comparison.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, Options options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var replay = settings.Replay;
        var trainDays = options.TrainDays;
        if (await RecordedDaysAsync(replay, trainDays, "compare", "the judge", output) is not { } days)
        {
            return 2;
        }

        var root = Path.GetFullPath(Path.Combine(replay.Output, "compare"));
        var compared = days[(trainDays + 1)..];
        await output.WriteLineAsync($"compare: {string.Join(", ", options.Profiles)} over {string.Join(",", replay.Symbols)}; test days {compared[0]:yyyy-MM-dd}..{compared[^1]:yyyy-MM-dd} ({compared.Length}), each fitted on the {trainDays} day(s) before it");

        // 1. Recording pass: every candidate the grid meets out of sample, with the judge's grid steps, per test day.
        var recordingSettings = settings.Strategy.WithProfile(StrategyProfile.Reckless, null);
        await output.WriteLineAsync($"recording candidates out of sample on {days[trainDays]:yyyy-MM-dd}..{days[^2]:yyyy-MM-dd} (Reckless profile, one fresh silo per day)");
        var recordings = await RecordOutOfSampleAsync(settings, recordingSettings, Window(replay, days[0], days[^2], Path.Combine(root, "recording")), trainDays, cancellationToken);

        // 2. One walk-forward per profile over the compared days.
        using var trials = TrialRegistry.Open(options.TrialRegistry);
        var comparedReplay = Window(replay, days[1], days[^1], replay.Output);
        var rows = new List<(StrategyProfile Profile, WalkForwardResult Result, RoundTripStatistics Trips, int Fills)>();
        foreach (var profile in options.Profiles)
        {
            await output.WriteLineAsync($"profile {profile}:");
            var profileSettings = settings.Strategy.WithProfile(profile, null);
            var result = await WalkForwardRunner.RunAsync(
                Window(comparedReplay, comparedReplay.From, comparedReplay.To, Path.Combine(root, profile.ToString().ToLowerInvariant())),
                trainDays,
                async (day, ct) =>
                {
                    StrategyOptions strategy;
                    if (profile == StrategyProfile.Audited)
                    {
                        // The Reckless options have the Audited profile's confidence threshold and regime gate, without a judge to load.
                        var folder = await TrainJudgeAsync(recordings.Values.ToList(), day, recordingSettings.ToOptions(settings.Risk), options.Judge, Path.Combine(root, "judges", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), output);
                        strategy = folder is null
                            ? recordingSettings.ToOptions(settings.Risk) with { Profile = StrategyProfile.Audited }
                            : profileSettings.WithProfile(StrategyProfile.Audited, folder).ToOptions(settings.Risk);
                    }
                    else
                    {
                        strategy = profileSettings.ToOptions(settings.Risk);
                    }

                    return await GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true, Strategy = strategy }, ct);
                },
                profileSettings,
                trials,
                window => TestDayLine(output, window),
                cancellationToken);
            var fills = result.Windows.SelectMany(w => w.Result.Record.Fills).ToList();
            rows.Add((profile, result, RoundTripStatistics.Of(fills), fills.Count));
        }

        await WriteTableAsync(output, Table(rows, compared.Length, trials), Path.Combine(root, "compare.txt"), cancellationToken);
        return rows.All(r => r.Result.Windows.All(w => w.Summary.RunRecord.Completed)) ? 0 : 1;
    }

    /// <summary>Replays a walk-forward with one fresh in-memory silo per test day and a fresh
    /// <see cref="JudgeCandidateRecorder"/> per window (<see cref="StrategyOptions.JudgeRecorder"/>), keeping each
    /// window's test day (<see cref="JudgeSymbolRecording.AppendDay"/>): every candidate the grid met out of sample,
    /// with the judge's grid steps (the <c>compare</c> and <c>policy</c> commands' recording pass).</summary>
    /// <param name="settings">Validated settings (hosting, risk).</param>
    /// <param name="recordingSettings">The strategy to record with.</param>
    /// <param name="replay">The recording range (its windows' test days are recorded) and output folder.</param>
    /// <param name="trainDays">Trading days replayed before each test day.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    /// <returns>One recording per symbol, test days in order.</returns>
    internal static async Task<Dictionary<string, JudgeSymbolRecording>> RecordOutOfSampleAsync(
        SiloSettings settings, StrategySettings recordingSettings, ReplaySettings replay, int trainDays, CancellationToken cancellationToken)
    {
        var recordings = new Dictionary<string, JudgeSymbolRecording>(StringComparer.Ordinal);
        var calendar = recordingSettings.ToOptions(settings.Risk).JudgeFeatures.Calendar;
        JudgeCandidateRecorder? recorder = null;
        await WalkForwardRunner.RunAsync(
            replay,
            trainDays,
            (day, ct) =>
            {
                recorder = new JudgeCandidateRecorder();
                var strategy = recordingSettings.ToOptions(settings.Risk) with { JudgeRecorder = recorder };
                return GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true, Strategy = strategy }, ct);
            },
            recordingSettings,
            null,
            window =>
            {
                foreach (var r in recorder!.Snapshot())
                {
                    if (!recordings.TryGetValue(r.Symbol, out var all))
                    {
                        recordings[r.Symbol] = all = new JudgeSymbolRecording(r.Symbol);
                    }

                    all.AppendDay(r, window.TestDay, calendar);
                }

                return Task.CompletedTask;
            },
            cancellationToken);
        return recordings;
    }

    /// <summary>The replay's trading days when they hold, after the <paramref name="trainDays"/> fitting days, one
    /// recorded out-of-sample day before the first compared one (what <c>compare</c> and <c>policy</c> need); otherwise
    /// null, with the reason written to <paramref name="output"/>.</summary>
    /// <param name="replay">The replay's range.</param>
    /// <param name="trainDays">Trading days replayed before each test day.</param>
    /// <param name="command">The command's name, for the message.</param>
    /// <param name="model">What is trained on the recorded days, for the message.</param>
    /// <param name="output">Where the reason goes.</param>
    /// <returns>The days, or null.</returns>
    internal static async Task<DateOnly[]?> RecordedDaysAsync(ReplaySettings replay, int trainDays, string command, string model, TextWriter output)
    {
        var days = replay.TradingDays().ToArray();
        if (days.Length >= trainDays + 2)
        {
            return days;
        }

        await output.WriteLineAsync($"{command}: {days.Length} trading days in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}; with {trainDays} training day(s) {model} needs one recorded out-of-sample day before the first compared day, so at least {trainDays + 2}.");
        return null;
    }

    /// <summary>How recorded candidates become the judge's training set: the strategy's feature columns and cadence,
    /// triple-barrier meta-labels with the forecast horizon as the vertical barrier, every candidate that passed the
    /// regime gate, sessions before <paramref name="until"/> (all when null).</summary>
    /// <param name="strategy">The strategy the candidates were recorded under.</param>
    /// <param name="until">The first session left out (the test day), or null.</param>
    /// <returns>The options.</returns>
    internal static JudgeRecordingOptions JudgeRecordingOptions(StrategyOptions strategy, DateOnly? until) => new()
    {
        Features = strategy.JudgeFeatures,
        Cadence = strategy.JudgeCadence,
        Labels = new JudgeLabelOptions { Barriers = new Quant.Orleans.Research.Labels.TripleBarrierOptions { MaxHoldingObservations = (int)Math.Round(strategy.Session.Training.Horizon / strategy.JudgeCadence) } },
        Eligible = c => c.RegimePassed,
        Until = until,
    };

    /// <summary>Trains the judge for a test day on the candidates recorded out of sample on the days before it that
    /// passed the regime gate (every trade the primary proposed there: the meta-labelling set of AFML §3.6; the profile's
    /// confidence threshold is applied before the judge when serving) and writes its folder; null, said on the output,
    /// when they cannot train one (too few rows or one outcome only): the Audited profile then takes nothing that day.</summary>
    private static async Task<string?> TrainJudgeAsync(
        IReadOnlyList<JudgeSymbolRecording> recordings, DateOnly testDay, StrategyOptions strategy, JudgeTrainingOptions training, string folder, TextWriter output)
    {
        var set = JudgeRecordingTrainer.Build(recordings, JudgeRecordingOptions(strategy, testDay));
        var data = set.Data;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  judge for {testDay:yyyy-MM-dd}: {data.Rows} candidates of {string.Join(",", set.Days.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)))} ({data.Labels.Count(l => l == 1)} positive), d = {set.FractionalDifference.Order:0.00}"));
        JudgeModel model;
        try
        {
            model = JudgeRecordingTrainer.Train(set, training);
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"  no judge for {testDay:yyyy-MM-dd}: {e.Message} The Audited profile takes no trade that day.");
            return null;
        }

        JudgeModelFolder.Write(folder, model, data, [.. Enumerable.Range(0, data.Rows)]);
        var report = model.CvReport;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  judge trained: out-of-fold AUC {report.OutOfFoldAuc:0.000}, threshold {model.Threshold:0.00} -> {folder}; gain importance:"));
        foreach (var line in model.FormatGainImportance().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await output.WriteLineAsync("    " + line.TrimEnd());
        }

        return folder;
    }

    internal static ReplaySettings Window(ReplaySettings replay, DateOnly from, DateOnly to, string output) => new()
    {
        DataFolder = replay.DataFolder,
        Symbols = replay.Symbols,
        From = from,
        To = to,
        Output = output,
        Account = replay.Account,
        BatchSize = replay.BatchSize,
        Speed = null,
    };

    private static string Table(List<(StrategyProfile Profile, WalkForwardResult Result, RoundTripStatistics Trips, int Fills)> rows, int days, TrialRegistry trials)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"profile",-10} {"return",9} {"sharpe",8} {"sortino",8} {"fills",6} {"trips",6} {"win rate",9} {"max dd",8} {"profit f.",9} {"deflated",9}");
        foreach (var (profile, result, trips, fills) in rows)
        {
            var report = result.OutOfSample;
            var ret = ChainedReturn(result);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{profile,-10} {ret,9:P3} {Value(report.SharpeStepRaw),8} {Value(report.Sortino),8} {fills,6} {trips.RoundTrips,6} {Ratio(trips.WinRate, "P1"),9} {Value(report.MaxDrawdown, "P3"),8} {Ratio(trips.ProfitFactor, "0.00"),9} {Value(report.DeflatedSharpe, "0.000"),9}");
        }

        var first = rows[0].Result.OutOfSample;
        text.AppendLine(CultureInfo.InvariantCulture, $"Sharpe and Sortino: {first.SharpeStepRaw.Method} ({first.SharpeStepRaw.Note}); max drawdown of the chained out-of-sample equity.");
        text.AppendLine("Trips: FIFO round trips per symbol after fees; win rate and profit factor are over them (docs/judge.md).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Deflated Sharpe: N = {rows[0].Result.Trials.Trials} and later trials of family {rows[0].Result.Family} (registry {trials.Path}); each profile's N is the count when it was recorded.");
        text.AppendLine(CultureInfo.InvariantCulture, $"{days} out-of-sample day(s) per profile: a small sample; these differences are not evidence that one profile is better.");
        return text.ToString();
    }

    internal static double ChainedReturn(WalkForwardResult result)
    {
        var initial = result.Windows.Length > 0 ? (double)result.Windows[0].Result.Portfolio.InitialCash : 0;
        var equity = 1.0;
        foreach (var w in result.Windows)
        {
            equity *= 1 + ((double)w.Summary.NetPnl / initial);
        }

        return initial > 0 ? equity - 1 : double.NaN;
    }

    internal static string Value(Metric metric, string format = "0.00") =>
        metric.Value is { } v && metric.Status == MetricStatus.Ok ? v.ToString(format, CultureInfo.InvariantCulture) : metric.StatusName;

    internal static string Ratio(double value, string format) =>
        double.IsNaN(value) ? "n/a" : double.IsPositiveInfinity(value) ? "inf" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The progress line of one walk-forward test day: orders, fills and net PnL.</summary>
    /// <param name="output">Where it goes.</param>
    /// <param name="window">The finished test day.</param>
    /// <returns>The write.</returns>
    internal static Task TestDayLine(TextWriter output, WalkForwardWindow window) => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
        $"  test day {window.TestDay:yyyy-MM-dd}: {window.Result.Record.Orders.Length} orders, {window.Result.Record.Fills.Length} fills, net PnL {window.Summary.NetPnl:N2} USD"));

    /// <summary>Prints a result table and writes it to <paramref name="path"/> (its folder created).</summary>
    /// <param name="output">Where it is printed.</param>
    /// <param name="table">The table's text.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    internal static async Task WriteTableAsync(TextWriter output, string table, string path, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(table);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, table, cancellationToken);
        await output.WriteLineAsync($"wrote {path}");
    }

}
