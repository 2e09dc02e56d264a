using System.CommandLine;
using Quant.Orleans.Silo.Cluster;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Replay;
using Spectre.Console;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>The silo's commands: <c>replay</c> (the main job), <c>serve</c> (a silo with its gateway), <c>bench</c>,
/// <c>bench-orders</c> (order path throughput and kill switch timings), <c>research</c>, <c>compare</c> (strategy profiles), <c>policy</c> (Kelly vs a GRPO policy) and <c>distill</c>.
/// Options override <c>appsettings.json</c>; bad settings print every problem and exit with code 2.</summary>
public static class SiloCommandLine
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var config = new Option<string?>("--config") { Description = "A JSON settings file to use instead of appsettings.json.", Recursive = true };
        var data = new Option<string?>("--data") { Description = "Lean-format data folder (default ../shared/data/lean)." };
        var symbols = new Option<string?>("--symbols") { Description = "Comma-separated tickers (default AIG,BAC,IBM)." };
        var from = new Option<string?>("--from") { Description = "First trading day, yyyy-MM-dd (default 2013-10-07)." };
        var to = new Option<string?>("--to") { Description = "Last trading day, yyyy-MM-dd (default 2013-10-10)." };
        var output = new Option<string?>("--out") { Description = "Output folder for orders.csv, fills.csv, summary.json (default runs/latest)." };
        var speed = new Option<string?>("--speed") { Description = "Pace: real time x this factor; 0 or absent for as fast as possible." };
        var replayOptions = new Option[] { data, symbols, from, to, output, speed };
        var student = new Option<string?>("--student") { Description = "Forecast with this distilled student (a model folder written by distill; Strategy:StudentModel) instead of the ridge baseline, which stays as the fallback." };

        var replay = new Command("replay", "Replay recorded ticks through the grid: signals, risk-checked orders, simulated fills and a PnL report.");
        var serve = new Command("serve", "Run a silo with its HTTP gateway on loopback until stopped.");
        var journalOption = new Option<bool>("--journal") { Description = "Journal the account's orders and fills in Journal:Path and resume an interrupted replay from it." };
        replay.Options.Add(journalOption);
        var feed = new Option<bool>("--replay") { Description = "Also replay the configured data (paced by --speed) so the market moves; in a cluster one silo at a time drives it." };
        var clusterMode = new Option<bool>("--cluster") { Description = "Join a cluster of silos over Azure Storage (Cluster:Enabled; needs Cluster:ConnectionString)." };
        var urls = new Option<string?>("--urls") { Description = "Gateway URL (loopback), e.g. http://127.0.0.1:5080." };
        var chaos = new Command("chaos", "Start an Azurite (unless Cluster:ConnectionString is set) and several silos replaying on loopback, kill one with SIGKILL and restart it every --interval for --duration, then check that nothing acknowledged was lost (exit 1 if an invariant fails).");
        var chaosSilos = new Option<int>("--silos") { Description = "Silos in the cluster.", DefaultValueFactory = _ => 3 };
        var chaosInterval = new Option<double>("--interval") { Description = "Seconds between two kills.", DefaultValueFactory = _ => 20 };
        var chaosDuration = new Option<double>("--duration") { Description = "Seconds of killing and restarting.", DefaultValueFactory = _ => 600 };
        var chaosSeed = new Option<int>("--seed") { Description = "Seed of the random choices.", DefaultValueFactory = _ => 1 };
        var chaosOrders = new Option<double>("--order-interval") { Description = "Seconds between two client orders.", DefaultValueFactory = _ => 0.5 };
        chaos.Options.Add(chaosSilos);
        chaos.Options.Add(chaosInterval);
        chaos.Options.Add(chaosDuration);
        chaos.Options.Add(chaosSeed);
        chaos.Options.Add(chaosOrders);
        var benchCluster = new Command("bench-cluster", "Replay as fast as it goes through clusters of 1..--silos silo processes on loopback (Azurite unless Cluster:ConnectionString is set) and print events/s per size.");
        var benchClusterSilos = new Option<int>("--silos") { Description = "Largest cluster measured.", DefaultValueFactory = _ => 3 };
        benchCluster.Options.Add(benchClusterSilos);
        var bench = new Command("bench", "Measure records/s of decoding alone and of the whole grid, in one run.");
        var benchOrders = new Command("bench-orders", "Measure orders/s through the risk engine, order manager and venue, directly and through the grains, and the kill switch's block and cancel times.");
        var benchOrderCount = new Option<int>("--orders") { Description = "Orders per throughput measurement.", DefaultValueFactory = _ => 100_000 };
        var benchResting = new Option<int>("--resting") { Description = "Resting orders per account for the kill switch.", DefaultValueFactory = _ => 10_000 };
        var benchRounds = new Option<int>("--rounds") { Description = "Rounds; the best is reported.", DefaultValueFactory = _ => 3 };
        benchOrders.Options.Add(benchOrderCount);
        benchOrders.Options.Add(benchResting);
        benchOrders.Options.Add(benchRounds);
        var rounds = new Option<int>("--rounds") { Description = "Runs of each measurement; the best is reported (the median with --dashboard).", DefaultValueFactory = _ => 3 };
        var dashboard = new Option<bool>("--dashboard") { Description = "Measure the dashboard's overhead instead: the same replay with and without a connected stream client, alternating." };
        var research = new Command("research", "Walk-forward evaluation of the current strategy (fit on day d-1, trade day d, one fresh silo per day) with metrics and a promotion gate report.");
        var trainDays = new Option<int>("--train-days") { Description = "Trading days replayed before each test day.", DefaultValueFactory = _ => 1 };
        var trials = new Option<string?>("--trials") { Description = "Trial registry file (SQLite) every window and the evaluation are recorded in; the deflated Sharpe uses its family's trials (default {Storage:Path}/research/trials.sqlite, i.e. state/research/trials.sqlite)." };
        var distill = new Command("distill", "Teacher-student distillation: build the data sets of the symbols and days, score student vs teacher vs ridge vs zero walk-forward (train before day d, test d), train the final teacher and student on every day and write their model folders.");
        var models = new Option<string>("--models") { Description = "Folder the model folders are written to.", DefaultValueFactory = _ => "runs/models" };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Skip the walk-forward evaluation (the nightly refresh)." };
        var warmStart = new Option<string?>("--warm-start") { Description = "A student model folder to refresh (its teacher must lie beside it): training starts from their weights." };
        var distillSeed = new Option<ulong>("--seed") { Description = "Seed of initialisation and batch order.", DefaultValueFactory = _ => 17UL };
        distill.Options.Add(models);
        distill.Options.Add(noEvaluate);
        distill.Options.Add(warmStart);
        distill.Options.Add(distillSeed);
        var compare = new Command("compare", "Walk-forward comparison of strategy profiles (sniper, audited, reckless, baseline) over the same out-of-sample days: the audited judge for day d is trained on candidates recorded out of sample before d; one table with return, Sharpe, Sortino, trades, win rate, max drawdown, profit factor and deflated Sharpe.");
        var profiles = new Option<string>("--profiles") { Description = "Comma-separated profiles, in table order.", DefaultValueFactory = _ => "sniper,audited,reckless" };
        var quickJudge = new Option<bool>("--quick-judge") { Description = "Train the audited judge with one grid point (100 trees, 15 leaves, rate 0.05) and 3 folds instead of the full grid (for smoke runs)." };
        compare.Options.Add(profiles);
        compare.Options.Add(quickJudge);
        var includeMaintenance = new Option<bool>("--include-maintenance") { Description = "Removed: maintenance runs are monitor-only and never count toward promotion (they are listed in the gate report's monitoring section).", Hidden = true };
        foreach (var option in replayOptions)
        {
            replay.Options.Add(option);
            serve.Options.Add(option);
            bench.Options.Add(option);
            research.Options.Add(option);
            if (option != speed)
            {
                compare.Options.Add(option);
            }

            chaos.Options.Add(option);
            if (option != speed && option != output)
            {
                distill.Options.Add(option);
            }

            if (option != speed && option != output)
            {
                benchCluster.Options.Add(option);
            }
        }

        replay.Options.Add(student);
        serve.Options.Add(student);
        research.Options.Add(student);
        research.Options.Add(trainDays);
        research.Options.Add(trials);
        research.Options.Add(includeMaintenance);
        compare.Options.Add(student);
        compare.Options.Add(trainDays);
        compare.Options.Add(trials);

        serve.Options.Add(feed);
        serve.Options.Add(clusterMode);
        serve.Options.Add(urls);
        bench.Options.Add(rounds);
        bench.Options.Add(dashboard);
        var control = new Option<bool>("--control") { Description = "With --dashboard: an A/A control in which no run connects a client (the benchmark's own noise)." };
        bench.Options.Add(control);

        Dictionary<string, string?> Overrides(ParseResult r)
        {
            var values = new Dictionary<string, string?>();
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    values[key] = value;
                }
            }

            Set("Replay:DataFolder", r.GetValue(data));
            Set("Replay:From", r.GetValue(from));
            Set("Replay:To", r.GetValue(to));
            Set("Replay:Output", r.GetValue(output));
            Set("Replay:Speed", r.GetValue(speed));
            Set("Strategy:StudentModel", r.GetValue(student));
            if (r.GetValue(symbols) is { } list)
            {
                var tickers = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < tickers.Length; i++)
                {
                    values[$"Replay:Symbols:{i}"] = tickers[i];
                }

                values["Replay:SymbolsCount"] = null;
            }

            values.Remove("Replay:SymbolsCount");
            return values;
        }

        var root = new RootCommand("Quant.Orleans silo: an actor-based trading grid.");
        root.Options.Add(config);
        replay.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s => ReplayConsole.RunAsync(s, SiloConsole.Output(), ct, r.GetValue(journalOption))));
        serve.SetAction((r, ct) => WithSettings(r, config, WithCluster(WithUrls(Overrides(r), r.GetValue(urls)), r.GetValue(clusterMode)), s => ServeCommand.RunAsync(s, r.GetValue(feed), ct), replayInputs: r.GetValue(feed)));
        bench.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s => r.GetValue(dashboard)
            ? DashboardBenchCommand.RunAsync(s, r.GetValue(rounds), r.GetValue(control), Console.Out, ct)
            : BenchCommand.RunAsync(s, r.GetValue(rounds), ct)));
        root.Subcommands.Add(replay);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(bench);
        benchOrders.SetAction((r, ct) => OrderBenchCommand.RunAsync(r.GetValue(benchOrderCount), r.GetValue(benchResting), r.GetValue(benchRounds), Console.Out, ct));
        root.Subcommands.Add(benchOrders);
        research.SetAction(async (r, ct) =>
        {
            if (r.GetValue(includeMaintenance))
            {
                await Console.Error.WriteLineAsync("--include-maintenance was removed: maintenance, smoke and test runs are monitor-only and never count toward promotion; the gate report lists them in its monitoring section (docs/research.md).");
                return 2;
            }

            return await WithSettings(r, config, Overrides(r), s => Research.ResearchCommand.RunAsync(
                s, r.GetValue(trainDays), Path.GetFullPath(r.GetValue(trials) ?? Quant.Orleans.Research.Trials.TrialRegistry.DefaultPath(s.Storage.Path), SettingsLoader.BaseDirectory()), Console.Out, ct));
        });
        root.Subcommands.Add(research);
        compare.SetAction(async (r, ct) =>
        {
            var (parsed, problem) = Research.CompareCommand.ParseProfiles(r.GetValue(profiles)!);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            var judge = r.GetValue(quickJudge)
                ? new Quant.Orleans.Research.Judge.JudgeTrainingOptions { TreeCounts = [100], LeafCounts = [15], LearningRates = [0.05], Folds = 3 }
                : new Quant.Orleans.Research.Judge.JudgeTrainingOptions();
            return await WithSettings(r, config, Overrides(r), s => Research.CompareCommand.RunAsync(
                s,
                new Research.CompareCommand.Options(parsed!, r.GetValue(trainDays), Path.GetFullPath(r.GetValue(trials) ?? Quant.Orleans.Research.Trials.TrialRegistry.DefaultPath(s.Storage.Path), SettingsLoader.BaseDirectory()), judge),
                Console.Out,
                ct));
        });
        root.Subcommands.Add(compare);
        var policy = new Command("policy", "Walk-forward Kelly vs a GRPO-trained policy head: record out-of-sample candidates per test day, train the policy for day d on the rotten apples of the days before d, then size by kelly and by policy@<folder of d> on the same test days; one table with return, Sharpe, Sortino, max drawdown, turnover, trades and deflated Sharpe.");
        var policyEpochs = new Option<int>("--epochs") { Description = "Maximum GRPO epochs per day's policy.", DefaultValueFactory = _ => 20 };
        var policyGroup = new Option<int>("--group-size") { Description = "G: actions sampled per state.", DefaultValueFactory = _ => 16 };
        var policySeed = new Option<ulong>("--seed") { Description = "Seed of initialisation, batch order and action sampling.", DefaultValueFactory = _ => 7UL };
        foreach (var option in replayOptions.Where(o => o != speed))
        {
            policy.Options.Add(option);
        }

        policy.Options.Add(student);
        policy.Options.Add(trainDays);
        policy.Options.Add(trials);
        policy.Options.Add(policyEpochs);
        policy.Options.Add(policyGroup);
        policy.Options.Add(policySeed);
        policy.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s => Research.PolicyCommand.RunAsync(
            s,
            new Research.PolicyCommand.Options(
                r.GetValue(trainDays),
                Path.GetFullPath(r.GetValue(trials) ?? Quant.Orleans.Research.Trials.TrialRegistry.DefaultPath(s.Storage.Path), SettingsLoader.BaseDirectory()),
                Epochs: r.GetValue(policyEpochs),
                GroupSize: r.GetValue(policyGroup),
                Seed: r.GetValue(policySeed)),
            Console.Out,
            ct)));
        root.Subcommands.Add(policy);
        distill.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s => Research.DistillCommand.RunAsync(
            s, Path.GetFullPath(r.GetValue(models)!, SettingsLoader.BaseDirectory()), !r.GetValue(noEvaluate), r.GetValue(warmStart) is { } w ? Path.GetFullPath(w) : null, r.GetValue(distillSeed), Console.Out, ct)));
        root.Subcommands.Add(distill);
        chaos.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s =>
        {
            var options = new ChaosOptions(r.GetValue(chaosSilos), TimeSpan.FromSeconds(r.GetValue(chaosInterval)), TimeSpan.FromSeconds(r.GetValue(chaosDuration)), r.GetValue(chaosSeed), TimeSpan.FromSeconds(r.GetValue(chaosOrders)));
            return ChaosCommand.RunAsync(s, options, Console.Out, ct);
        }));
        root.Subcommands.Add(chaos);
        benchCluster.SetAction((r, ct) => WithSettings(r, config, Overrides(r), s => ClusterBench.RunAsync(s, r.GetValue(benchClusterSilos), Console.Out, ct)));
        root.Subcommands.Add(benchCluster);
        return root;
    }

    private static Dictionary<string, string?> WithCluster(Dictionary<string, string?> overrides, bool cluster)
    {
        if (cluster)
        {
            overrides["Cluster:Enabled"] = "true";
        }

        return overrides;
    }

    private static Dictionary<string, string?> WithUrls(Dictionary<string, string?> overrides, string? urls)
    {
        if (urls is not null)
        {
            overrides["Gateway:Urls"] = urls;
        }

        return overrides;
    }

    /// <summary>Loads the settings and runs <paramref name="run"/>; bad settings, and (for the commands that replay)
    /// a missing data folder or an output path that cannot be a folder, are refused before any work with every
    /// problem named, exit code 2.</summary>
    private static async Task<int> WithSettings(ParseResult result, Option<string?> config, Dictionary<string, string?> overrides, Func<SiloSettings, Task<int>> run, bool replayInputs = true)
    {
        SiloSettings settings;
        try
        {
            settings = SettingsLoader.Load(result.GetValue(config), overrides);
        }
        catch (SettingsException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var problems = replayInputs ? settings.Replay.ValidateInputs().ToArray() : [];
        if (problems.Length > 0)
        {
            await Console.Error.WriteLineAsync("Invalid options:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
            return 2;
        }

        return await run(settings);
    }
}
