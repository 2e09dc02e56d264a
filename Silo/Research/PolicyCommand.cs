using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Research;
using Quant.Orleans.Grains;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Policy;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// The <c>policy</c> command: (1) records every out-of-sample candidate of a walk-forward (one fresh silo per test day,
/// <see cref="CompareCommand.RecordOutOfSampleAsync"/>); (2) for each test day d from the second out-of-sample day on,
/// trains a Beta policy head with GRPO (Shao et al. 2024) on the rotten apples (<see cref="RottenApples"/>) of the days
/// before d only and writes its folder; (3) runs the walk-forward twice on the same test days, sized by fractional
/// Kelly and by <c>policy@&lt;folder of d&gt;</c>, and prints one table. Both variants are trials of one family in the
/// trial registry, so the deflated Sharpe's N counts both (and earlier trials of the family).
/// </summary>
public static class PolicyCommand
{
    /// <summary>The GRPO training of each day's policy.</summary>
    /// <param name="TrainDays">Trading days replayed before each test day (the primary's fit).</param>
    /// <param name="TrialRegistry">Trial registry file.</param>
    /// <param name="Epochs">Maximum epochs per day (early stopping on the validation serving reward, patience 5).</param>
    /// <param name="BatchSize">States per GRPO step.</param>
    /// <param name="GroupSize">G, actions sampled per state.</param>
    /// <param name="ClipEpsilon">ε of the clipped ratio.</param>
    /// <param name="KlCoefficient">β of the k3 KL penalty to the reference (the initial head).</param>
    /// <param name="LearningRate">AdamW peak learning rate.</param>
    /// <param name="Hidden">Hidden layer widths of the head (tanh).</param>
    /// <param name="FeeBasisPoints">Fee per unit of |position| in the reward, basis points of notional.</param>
    /// <param name="RiskAversion">λ of the reward's risk penalty λ·p²·σ² (σ the forecast's noise over the horizon).</param>
    /// <param name="Seed">Seed of the head's initialisation, batch order and action sampling.</param>
    public sealed record Options(
        int TrainDays, string TrialRegistry, int Epochs = 20, int BatchSize = 64, int GroupSize = 16, float ClipEpsilon = 0.2f, float KlCoefficient = 0.04f,
        float LearningRate = 3e-3f, int[]? Hidden = null, double FeeBasisPoints = 0.5, double RiskAversion = 50, ulong Seed = 7);

    /// <summary>What one day's training produced.</summary>
    /// <param name="Day">The test day the policy trades.</param>
    /// <param name="Folder">The written policy folder.</param>
    /// <param name="TrainedOn">The session dates of its apples (all before <paramref name="Day"/>).</param>
    /// <param name="Set">The rotten apples (training plus validation) and what was dropped.</param>
    /// <param name="Report">The trainer's report; null when there were too few apples to train (the initial head is written).</param>
    /// <param name="SecondsPerEpoch">Wall seconds of training divided by the epochs run.</param>
    /// <param name="ServingPositions">The written head's serving position (α − β)/(α + β) on each apple, in apple order.</param>
    public sealed record DayPolicy(DateOnly Day, string Folder, DateOnly[] TrainedOn, RottenAppleSet Set, TrainingReport? Report, double SecondsPerEpoch, float[] ServingPositions)
    {
        /// <summary>Number of apples.</summary>
        public int Apples => Set.Apples.Length;
    }

    /// <summary>Fewest apples a day's policy is trained on; below it the seeded initial head is written and said so.</summary>
    public const int MinimumApples = 16;

    /// <summary>Runs the command; 0 when every evaluation completed, 1 when one failed, 2 when the range is too short.</summary>
    /// <param name="settings">Validated settings (data, symbols, range, output, strategy).</param>
    /// <param name="options">Training days, registry, GRPO settings.</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, Options options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var replay = settings.Replay;
        var trainDays = options.TrainDays;
        if (await CompareCommand.RecordedDaysAsync(replay, trainDays, "policy", "the policy", output) is not { } days)
        {
            return 2;
        }

        var root = Path.GetFullPath(Path.Combine(replay.Output, "policy"));
        var compared = days[(trainDays + 1)..];
        var baseline = settings.Strategy.WithProfile(StrategyProfile.Baseline, null);
        baseline.Sizing = "kelly";
        var strategyOptions = baseline.ToOptions(settings.Risk);
        var horizon = strategyOptions.Session.Training.Horizon;
        await output.WriteLineAsync($"policy: kelly vs policy@<GRPO head of d> over {string.Join(",", replay.Symbols)}; test days {compared[0]:yyyy-MM-dd}..{compared[^1]:yyyy-MM-dd} ({compared.Length}), each fitted on the {trainDays} day(s) before it (Baseline profile)");

        // 1. Recording pass: every candidate the primary produced out of sample, per test day.
        await output.WriteLineAsync($"recording candidates out of sample on {days[trainDays]:yyyy-MM-dd}..{days[^2]:yyyy-MM-dd} (one fresh silo per day)");
        var recordings = (await CompareCommand.RecordOutOfSampleAsync(settings, baseline, CompareCommand.Window(replay, days[0], days[^2], Path.Combine(root, "recording")), trainDays, cancellationToken)).Values.ToList();

        // 2. One policy per compared day, trained on the rotten apples of the days before it.
        var apples = new RottenAppleOptions
        {
            Horizon = horizon,
            Cadence = strategyOptions.JudgeCadence,
            Calendar = strategyOptions.JudgeFeatures.Calendar,
            Eligible = BaselineEligible(strategyOptions.JudgeMinimumRatio),
        };
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"GRPO: head [4, {string.Join(", ", options.Hidden ?? [32, 32])}, 2] tanh; G = {options.GroupSize}, clip ε = {options.ClipEpsilon}, KL β = {options.KlCoefficient}, batch {options.BatchSize}, ≤ {options.Epochs} epochs, lr {options.LearningRate}, seed {options.Seed}; reward = p·R − (half-spread + {options.FeeBasisPoints} bp)·|p| − {options.RiskAversion}·p²·σ²"));
        var policies = new Dictionary<DateOnly, DayPolicy>();
        foreach (var day in compared)
        {
            var policy = TrainDay(recordings, apples with { Until = day }, day, options, Path.Combine(root, "policies", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            policies[day] = policy;
            await output.WriteLineAsync(Describe(policy));
        }

        // 3. Kelly vs policy on the same test days, one fresh silo per day.
        using var trials = TrialRegistry.Open(options.TrialRegistry);
        var comparedReplay = CompareCommand.Window(replay, days[1], days[^1], replay.Output);
        var rows = new List<(string Variant, WalkForwardResult Result, RoundTripStatistics Trips, int Fills)>();
        foreach (var variant in new[] { "kelly", "policy" })
        {
            await output.WriteLineAsync($"sizing {variant}:");
            var hashed = settings.Strategy.WithProfile(StrategyProfile.Baseline, null);
            hashed.Sizing = variant == "kelly" ? "kelly" : "policy@" + Path.Combine(root, "policies");
            var result = await WalkForwardRunner.RunAsync(
                CompareCommand.Window(comparedReplay, comparedReplay.From, comparedReplay.To, Path.Combine(root, variant)),
                trainDays,
                (day, ct) =>
                {
                    var daySettings = settings.Strategy.WithProfile(StrategyProfile.Baseline, null);
                    daySettings.Sizing = variant == "kelly" ? "kelly" : "policy@" + policies[day].Folder;
                    return GridHost.StartPrivateAsync(settings, new GridSiloOptions { MemoryStorage = true, Strategy = daySettings.ToOptions(settings.Risk) }, ct);
                },
                hashed,
                trials,
                window => CompareCommand.TestDayLine(output, window),
                cancellationToken);
            var fills = result.Windows.SelectMany(w => w.Result.Record.Fills).ToList();
            rows.Add((variant, result, RoundTripStatistics.Of(fills), fills.Count));
        }

        await CompareCommand.WriteTableAsync(output, Table(rows, compared.Length, trials), Path.Combine(root, "policy.txt"), cancellationToken);
        return rows.All(r => r.Result.Windows.All(w => w.Summary.RunRecord.Completed)) ? 0 : 1;
    }

    /// <summary>The candidates the Baseline profile sends to the portfolio: the regime gate passed and the rule judge's
    /// |μ|/σ ≥ <paramref name="minimumRatio"/> (<c>Strategy:JudgeMinimumRatio</c>).</summary>
    /// <param name="minimumRatio">The rule's minimum forecast-to-noise ratio.</param>
    /// <returns>The predicate.</returns>
    public static Func<JudgeRecordedCandidate, bool> BaselineEligible(double minimumRatio) =>
        c => c.RegimePassed && c.Sigma > 0 && Math.Abs(c.Mu) / c.Sigma >= minimumRatio;

    /// <summary>The GRPO reward of position p on an apple: <see cref="GrpoReward.Trading"/> with R = the forward log
    /// return, cost rate = half-spread + fee, variance σ² of the forecast's noise.</summary>
    /// <param name="apple">The apple.</param>
    /// <param name="position">p ∈ [−1, 1].</param>
    /// <param name="feeBasisPoints">Fee per unit of |p|, basis points.</param>
    /// <param name="riskAversion">λ.</param>
    /// <returns>The reward, ln-return units per unit of risk budget.</returns>
    public static double Reward(RottenApple apple, float position, double feeBasisPoints, double riskAversion)
    {
        ArgumentNullException.ThrowIfNull(apple);
        return GrpoReward.Trading(position, (float)apple.ForwardReturn, (float)(apple.HalfSpread + (feeBasisPoints * 1e-4)), (float)riskAversion, (float)(apple.Sigma * apple.Sigma));
    }

    /// <summary>Trains the policy of test day <paramref name="day"/> on the apples of the days before it (the last 20%
    /// of them in time validate: early stopping keeps the epoch whose serving positions earned most) and writes its
    /// folder. Deterministic for the same recordings and options.</summary>
    /// <param name="recordings">The out-of-sample recordings.</param>
    /// <param name="apples">How apples are built; its <c>Until</c> must be <paramref name="day"/>.</param>
    /// <param name="day">The test day.</param>
    /// <param name="options">GRPO settings.</param>
    /// <param name="folder">The policy folder to write.</param>
    /// <returns>What was trained.</returns>
    /// <exception cref="ArgumentException"><paramref name="apples"/> does not stop at <paramref name="day"/>.</exception>
    public static DayPolicy TrainDay(IReadOnlyList<JudgeSymbolRecording> recordings, RottenAppleOptions apples, DateOnly day, Options options, string folder)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(apples);
        ArgumentNullException.ThrowIfNull(options);
        if (apples.Until != day)
        {
            throw new ArgumentException($"The apples for {day:yyyy-MM-dd} must stop before it (Until = {apples.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"}).", nameof(apples));
        }

        var set = RottenApples.Build(recordings, apples);
        var config = new PolicyHeadConfig { Features = PolicyState.Width, Hidden = options.Hidden ?? [32, 32] };
        var policy = new PolicyHead(config, new DeterministicRandom(options.Seed));
        var version = "policy-beta-grpo-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var states = set.States(apples.Horizon);
        if (set.Apples.Length < MinimumApples)
        {
            PolicyModelFolder.Write(folder, policy, version, options.Seed, set.Hash(), DateTimeOffset.UtcNow);
            return new DayPolicy(day, folder, set.Days, set, null, double.NaN, Serving(policy, states));
        }

        var reference = new PolicyHead(config, new DeterministicRandom(options.Seed));
        var split = set.Apples.Length - Math.Max(1, set.Apples.Length / 5);
        var width = PolicyState.Width;
        var train = new GrpoDataSet(states.AsSpan(0, split * width), width, (i, p) => Reward(set.Apples[i], p, options.FeeBasisPoints, options.RiskAversion));
        var validation = new GrpoDataSet(states.AsSpan(split * width), width, (i, p) => Reward(set.Apples[split + i], p, options.FeeBasisPoints, options.RiskAversion));
        var task = new GrpoTask(policy, reference, train, validation, new GrpoTaskOptions
        {
            GroupSize = options.GroupSize,
            Loss = new GrpoLossOptions { ClipEpsilon = options.ClipEpsilon, KlCoefficient = options.KlCoefficient },
            Seed = options.Seed,
        });
        var clock = Stopwatch.StartNew();
        var report = new Trainer().Run(task, new TrainerOptions
        {
            MaxEpochs = options.Epochs,
            BatchSize = Math.Min(options.BatchSize, split),
            LearningRate = options.LearningRate,
            WeightDecay = 0f,
            Patience = 5,
            Seed = options.Seed,
        });
        var seconds = clock.Elapsed.TotalSeconds;
        PolicyModelFolder.Write(folder, policy, version, options.Seed, set.Hash(), DateTimeOffset.UtcNow);
        return new DayPolicy(day, folder, set.Days, set, report, seconds / Math.Max(1, report.EpochsRun), Serving(policy, states));
    }

    private static float[] Serving(PolicyHead head, float[] states) =>
        states.Length == 0 ? [] : GrpoTask.ServingPositions(head, new GrpoDataSet(states, PolicyState.Width, static (_, _) => 0));

    /// <summary>Σ over the test days' fills of |quantity × price|, divided by the initial equity and the number of test
    /// days (per day; 1.0 = the account's equity traded once a day).</summary>
    private static double Turnover(WalkForwardResult result)
    {
        if (result.Windows.Length == 0)
        {
            return double.NaN;
        }

        var initial = (double)result.Windows[0].Result.Portfolio.InitialCash;
        var notional = result.Windows.Sum(w => w.Result.Record.Fills.Sum(f => (double)Math.Abs(f.Notional)));
        return notional / initial / result.Windows.Length;
    }

    private static string Describe(DayPolicy p)
    {
        var on = string.Join(",", p.TrainedOn.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)));
        var positions = p.ServingPositions.Length == 0 ? "no apples" : string.Create(CultureInfo.InvariantCulture,
            $"serving |p| mean {p.ServingPositions.Average(x => Math.Abs(x)):0.000}, {p.ServingPositions.Count(x => Math.Abs(x) >= 0.25) / (double)p.ServingPositions.Length:P1} of apples at |p| >= 0.25");
        var dropped = $"dropped {p.Set.Ineligible} ineligible, {p.Set.Unusable} unusable, {p.Set.BeyondSession} past the session";
        if (p.Report is not { } r)
        {
            return $"  policy for {p.Day:yyyy-MM-dd}: {p.Apples} apples of {on} (< {MinimumApples}; {dropped}): not trained, the seeded initial head is written; {positions} -> {p.Folder}";
        }

        var last = r.Epochs[^1].Components;
        return string.Create(CultureInfo.InvariantCulture,
            $"  policy for {p.Day:yyyy-MM-dd}: {p.Apples} apples of {on} ({dropped}); {r.EpochsRun} epoch(s), {p.SecondsPerEpoch * 1000:0.0} ms per epoch; last epoch: mean reward {last["reward"] * 1e4:0.000} bp, KL {last["kl"]:0.00000}, clip fraction {last["clip"]:0.000}; best validation serving reward {-r.BestValidationLoss * 1e4:0.000} bp (epoch {r.BestEpoch}); {positions} -> {p.Folder}");
    }

    private static string Table(List<(string Variant, WalkForwardResult Result, RoundTripStatistics Trips, int Fills)> rows, int days, TrialRegistry trials)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"sizing",-8} {"return",9} {"sharpe",8} {"sortino",8} {"max dd",8} {"turnover",9} {"fills",6} {"trips",6} {"deflated",9}");
        foreach (var (variant, result, trips, fills) in rows)
        {
            var report = result.OutOfSample;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{variant,-8} {CompareCommand.ChainedReturn(result),9:P3} {CompareCommand.Value(report.SharpeStepRaw),8} {CompareCommand.Value(report.Sortino),8} {CompareCommand.Value(report.MaxDrawdown, "P3"),8} {Turnover(result),9:0.000} {fills,6} {trips.RoundTrips,6} {CompareCommand.Value(report.DeflatedSharpe, "0.000"),9}");
        }

        var first = rows[0].Result.OutOfSample;
        text.AppendLine(CultureInfo.InvariantCulture, $"Sharpe and Sortino: {first.SharpeStepRaw.Method}; max drawdown of the chained out-of-sample equity; turnover: Σ|fill notional| / initial equity / test day.");
        text.AppendLine("Trips: FIFO round trips per symbol after fees.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Deflated Sharpe: N = {rows[^1].Result.Trials.Trials} trials of family {rows[0].Result.Family} (registry {trials.Path}); each variant's N is the count when it was recorded.");
        text.AppendLine(CultureInfo.InvariantCulture, $"{days} out-of-sample day(s) per variant: a small sample; a difference here is not evidence that one sizing is better.");
        return text.ToString();
    }
}
