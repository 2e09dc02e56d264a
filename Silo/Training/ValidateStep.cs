using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Evaluation;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Research.Validation;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 3 of the <c>student</c> family, <c>validate</c> (between <c>evaluate</c> and <c>register</c>):
/// <list type="number">
/// <item><b>Walk-forward on held-back days</b> (AFML §11.2): the last <c>Training:ValidationDays</c> days of the range
/// (at most all days but the first) are held back one at a time; each is scored by a teacher and student trained
/// (<see cref="DistillationPipeline.Train"/>, the distillation's configuration) only on the days before it, so the
/// scored model never saw it. The student's positions give after-cost returns per evaluation step and symbol
/// (<see cref="ForecastScores.StrategyReturns"/>: <c>r = p·y − (fee + half-spread)·|Δp|</c>, the rule of the
/// <c>evaluate</c> step's Sortino), compounded equal-weight across symbols in time order (mark at sample time + trading
/// horizon) into an equity curve whose <see cref="PerformanceReport"/> gives the daily Sharpe, Sortino, profit factor,
/// maximum drawdown and observation days.</item>
/// <item><b>Purged k-fold of the student over session days</b> (AFML §7.4, <see cref="PurgedKFold"/>,
/// <see cref="SessionDayFolds"/>) over the training rows of the final model (every day's samples at the distillation's
/// sample stride, in time order): the acausal targets and the teacher's inputs read the whole rest of their symbol-day,
/// so a row's information span ends at its day's end and each session day is one unit (no training row shares a day
/// with a test row); k = 3 for <c>Training:Model tiny</c> and 5 otherwise, at most the number of days, no embargo
/// (nothing reaches across the night): on each fold a teacher and student are trained
/// (<see cref="DistillationPipeline.Train"/> with the fold's purged and embargoed training rows as its allowed samples,
/// the distillation's configuration and seed; early stopping on a purged split inside those rows) and the student
/// forecasts the fold's test rows (<see cref="DistillationPipeline.Forecast"/>). Out of fold: the student's hit rate
/// (sign of its point forecast against the golden return at the trading horizon), its R² against the zero forecast and
/// the per-period after-cost Sortino of its positions on the test rows at the evaluation stride
/// (<see cref="ForecastScores.StrategyReturns"/>, the walk-forward's rule, each symbol and day entering from flat);
/// beside them, at no extra training, the hit rate and R² of the ridge baseline those trainings fitted
/// (<c>purged_kfold.ridge_baseline.*</c>).</item>
/// <item><b>Deflated Sharpe</b> (Bailey &amp; López de Prado 2014): the walk-forward is recorded as a trial
/// (<see cref="TrialKind.WalkForward"/>) in the trial registry <c>&lt;Storage:Path&gt;/research/trials.sqlite</c>
/// under the family <c>training/&lt;family&gt;/&lt;symbols&gt;/&lt;calendar&gt;</c>, configuration hash of
/// (family, model size, seed, symbols, schema version); the N and V[SR] read back after recording are what the DSR
/// uses.</item>
/// <item><b>Gates</b>: the walk-forward as a <see cref="RunRecord"/> (score source <c>model</c>; run source
/// <c>prod</c> only for live data, else <c>maintenance</c>, from <see cref="TrainingData.Regime"/>) evaluated by
/// <see cref="PromotionGate"/> with its default options (only <c>prod</c> + <c>model</c> runs on <c>prod_live</c> data
/// are read). Replayed data is monitor-only: the report says so and the run appears only in its monitoring
/// section.</item>
/// </list>
/// Writes <c>&lt;work folder&gt;/validation.json</c> (<see cref="ValidationReport"/>) and <c>validate.log</c>.
/// Artefact: <c>validation.json</c> and its SHA-256.
/// </summary>
/// <param name="paths">Where the run's folders, the registry and the trial registry are.</param>
/// <param name="grains">The silo's grain factory, to report the night's gate outcome to the rollout grain; null outside
/// a silo (nothing is reported).</param>
public sealed class ValidateStep(StudentTrainingPaths paths, IGrainFactory? grains = null) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "validate";

    /// <summary>The report's file name in the work folder.</summary>
    public const string ReportFile = "validation.json";

    /// <summary>The lineage name of the validation runs (<c>training/&lt;family&gt;</c>).</summary>
    public const string LineagePrefix = "training/";

    /// <summary>The gates that say whether the evidence is adequate (enough nights, enough days) rather than how it
    /// performed; a night that fails one of them is not reported to the rollout.</summary>
    public static readonly IReadOnlySet<string> AdequacyGates = new HashSet<string>(StringComparer.Ordinal) { "min_completed_runs", "min_observation_days" };


    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(progress);
        var settings = paths.Settings;
        var input = TrainingData.Input(settings);
        var days = input.Days;
        if (days.Length < 2)
        {
            throw new InvalidOperationException($"Replay:From..Replay:To ({settings.Replay.From:yyyy-MM-dd}..{settings.Replay.To:yyyy-MM-dd}) has {days.Length} trading day(s); validation holds back at least one day after a training day.");
        }

        var report = await TrainingData.PublishAsync(context.WorkFolder, async temp =>
        {
            await using var log = new StreamWriter(Path.Combine(temp, "validate.log"), append: false);
            var report = await Task.Run(() => Validate(context.Family, days, input.Regime, log, progress, cancellationToken), cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(temp, ReportFile), JsonSerializer.SerializeToUtf8Bytes(report, RegistryJson.Indented), cancellationToken);
            return report;
        });
        await ReportGatesAsync(context.Family, report);
        var path = Path.Combine(context.WorkFolder, ReportFile);
        return new TrainingArtefact(
            path,
            ContentAddress.Sha256(await File.ReadAllBytesAsync(path, cancellationToken)),
            [
                new TrainingMetric("held_back_days", report.HeldBackDays.Length),
                new TrainingMetric("trials", report.Trials),
                new TrainingMetric("gates_passed", report.Gates.Count(g => g.Passed)),
                new TrainingMetric("monitor_only", report.MonitorOnly ? 1 : 0),
            ]);
    }

    /// <summary>With the staged rollout of this family (<c>Strategy:Rollout</c>) and production data, reports this
    /// night's gate outcome to the rollout grain against the family's live and canary versions: each night validates the
    /// training procedure they came from on the latest days, and <c>ConsecutiveGateFailures</c> failed nights in a row
    /// roll them back (docs/rollout.md). Only a night whose evidence is adequate is reported (the gates
    /// <see cref="AdequacyGates"/> passed): too few nights or days yet says nothing about the versions' performance.
    /// The report is keyed by the newest pooled day, so a re-run that night replaces it. Maintenance data says nothing
    /// about production and is not reported; without a grain factory (a step run outside a silo) nothing is
    /// reported.</summary>
    private async Task ReportGatesAsync(string family, ValidationReport report)
    {
        if (grains is null || !ShouldReport(report, paths.Settings, family))
        {
            return;
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"nightly validation on {string.Join(", ", report.HeldBackDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}: {(report.Promotable ? "every gate passed" : string.Join("; ", report.Gates.Where(g => !g.Passed)))}");
        var rolloutGrain = grains.GetGrain<Grains.Interfaces.Rollout.IModelRolloutGrain>(family);
        foreach (var version in (await paths.OpenRegistry().ReadStateAsync(family)).Versions.Where(v => v.Stage is RegistryStage.Live or RegistryStage.Canary))
        {
            await rolloutGrain.ReportGate(version.VersionId, report.Promotable, detail, report.EvidenceDays[^1]);
        }
    }

    /// <summary>Whether a night's outcome goes to the rollout grain: production data (<c>prod_live</c>), the staged
    /// rollout serving this family, pooled evidence present, and the adequacy gates (<see cref="AdequacyGates"/>)
    /// passed.</summary>
    /// <param name="report">The night's validation.</param>
    /// <param name="settings">The silo's settings.</param>
    /// <param name="family">The family validated.</param>
    /// <returns>True when it is reported.</returns>
    internal static bool ShouldReport(ValidationReport report, SiloSettings settings, string family) =>
        report.Regime == DataRegime.ProdLive
        && settings.Strategy.Rollout is { Enabled: true } rollout && rollout.Family == family
        && report.EvidenceDays.Length > 0
        && report.Gates.Where(g => AdequacyGates.Contains(g.Gate)).All(g => g.Passed);

    /// <summary>Reads the report a finished <c>validate</c> step wrote.</summary>
    /// <param name="context">A later step's context.</param>
    /// <returns>The report, or null when the pipeline has no finished <c>validate</c> step.</returns>
    /// <exception cref="InvalidDataException">The file is not a report.</exception>
    public static ValidationReport? Read(TrainingStepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Previous.FirstOrDefault(r => r.StepName == StepName)?.Artefact.ArtefactPath;
        if (path is null)
        {
            return null;
        }

        return JsonSerializer.Deserialize<ValidationReport>(File.ReadAllBytes(path), RegistryJson.Indented)
            ?? throw new InvalidDataException($"'{path}' holds no validation report.");
    }

    private ValidationReport Validate(string family, DateOnly[] days, DataRegime regime, TextWriter log, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var settings = paths.Settings;
        var training = settings.Training;
        var options = training.Distillation();
        var symbols = TrainingData.Symbols(settings);
        var runSource = TrainingData.RunSourceOf(regime);
        var heldBackCount = Math.Min(training.ValidationDays, days.Length - 1);
        var heldBack = days[^heldBackCount..];
        progress.Report(new TrainingProgress(0, heldBackCount, double.NaN, null, $"building data sets of {string.Join(",", symbols)} on {days[0]:yyyy-MM-dd}..{days[^1]:yyyy-MM-dd}"));
        var data = DistillationPipeline.BuildDays(Path.GetFullPath(settings.Replay.DataFolder), symbols, days, options.Dataset, cancellationToken);
        log.WriteLine($"validation of family '{family}': regime {Snake(regime)}, run source {Snake(runSource)}; held-back days {string.Join(", ", heldBack.Select(Day))}");

        // 1. Walk-forward on the held-back days.
        var marks = new List<(long Time, double Return, double Turnover)>();
        var horizonNs = options.Dataset.Horizons[options.TradingHorizon].Ticks * 100;
        for (var f = 0; f < heldBack.Length; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var day = heldBack[f];
            progress.Report(new TrainingProgress(f, heldBack.Length, double.NaN, null, $"walk-forward: training on the days before {Day(day)}"));
            var trainDays = data.Where(d => d.Day < day).ToArray();
            var models = DistillationPipeline.Train(trainDays, options, null, null, log, cancellationToken);
            var test = new DistillationSamples(data.Where(d => d.Day == day).ToArray(), options, options.EvaluationStride);
            test.Standardise(models.StudentScaler, models.TeacherScaler);
            var evaluation = Enumerable.Range(0, test.Count).ToArray();
            var student = DistillationPipeline.Forecast(models, test, evaluation, options).Single(s => s.Name == "student");
            var before = marks.Count;
            foreach (var rows in evaluation.GroupBy(i => test.DayOf(i).Symbol, StringComparer.Ordinal))
            {
                var r = rows.ToArray();
                var p = r.Select(i => student.Positions[i]).ToArray();
                var y = r.Select(i => (double)test.MidReturn(i, options.TradingHorizon)).ToArray();
                var c = r.Select(i => (double)test.HalfSpread(i)).ToArray();
                var returns = new double[r.Length];
                ForecastScores.StrategyReturns(p, y, c, options.Dataset.FeeRate, returns);
                for (var k = 0; k < r.Length; k++)
                {
                    var sample = r[k];
                    var time = test.DayOf(sample).Times[test.StepOf(sample)] + horizonNs;
                    marks.Add((time, returns[k] / symbols.Length, Math.Abs(p[k] - (k == 0 ? 0 : p[k - 1])) / symbols.Length));
                }
            }

            log.WriteLine(FormattableString.Invariant($"walk-forward {Day(day)}: trained on {string.Join(", ", models.TrainingDays.Select(Day))}, {marks.Count - before} after-cost returns"));
        }

        marks.Sort((a, b) => a.Time.CompareTo(b.Time));
        var times = marks.Select(m => m.Time).ToArray();
        var equity = new double[marks.Count];
        var level = 1.0;
        var traded = 0.0;
        for (var i = 0; i < marks.Count; i++)
        {
            traded += marks[i].Turnover * level;
            level *= Math.Exp(marks[i].Return);
            equity[i] = level;
        }

        var untracked = PerformanceReport.Compute(times, equity, 1.0, traded);

        // 2. The trial registry: this walk-forward is one trial; the N read back is the DSR's.
        var configuration = ConfigurationHash.OfText(string.Create(CultureInfo.InvariantCulture, $"{family}\n{training.Model}\n{training.Seed}\n{string.Join(",", symbols)}\n{DistillationSchemas.Version}"));
        var trialFamily = TrialRecord.FamilyOf(LineagePrefix + family, symbols, TradingCalendar.UsEquity);
        var registryPath = TrialRegistry.DefaultPath(settings.Storage.Path);
        TrialStatistics statistics;
        IReadOnlyList<TrialRecord> recorded;
        using (var trials = TrialRegistry.Open(registryPath))
        {
            trials.Record(TrialRecord.FromReport(trialFamily, configuration, TrialKind.WalkForward, runSource, heldBack[0], heldBack[^1], untracked));
            statistics = trials.Statistics(trialFamily);
            recorded = trials.Trials(trialFamily);
        }

        var report = untracked.WithTrials(statistics);
        log.WriteLine($"trials: {statistics}");

        // 3. Purged k-fold with embargo over the final model's training rows: the student refitted on each fold.
        cancellationToken.ThrowIfCancellationRequested();
        var folds = training.Model == "tiny" ? 3 : 5;
        var kfold = PurgedKFoldMetrics(data, options, folds, log, progress, cancellationToken);

        // 4. Gates on the pooled nightly evidence of this configuration: prod + model runs only; replayed data is
        //    monitor-only.
        var gateSettings = training.Gates;
        var evidence = WalkForwardEvidence.Pool(recorded, configuration, runSource, gateSettings.LookbackDays);
        var pooled = evidence.Report(statistics, gateSettings.MinimumObservations);
        var (evidenceFrom, evidenceTo) = evidence.Days.Length > 0 ? (evidence.Days[0], evidence.Days[^1]) : (heldBack[0], heldBack[^1]);
        var run = RunRecord.Create(LineagePrefix + family, runSource, regime, ScoreSource.Model, evidenceFrom, evidenceTo, symbols, configuration, completed: true, pooled, inSample: null, DateRange.Of(evidenceFrom, evidenceTo));
        var gate = NightlyGate(run, evidence, gateSettings);
        log.WriteLine($"gate evidence: {evidence.Days.Length} pooled session days ({(evidence.Days.Length > 0 ? $"{Day(evidence.Days[0])}..{Day(evidence.Days[^1])}" : "none")}) from {evidence.Nights} nightly walk-forward(s) of configuration {configuration[..12]}, run source {Snake(runSource)}, lookback {gateSettings.LookbackDays} days");
        var monitorOnly = regime != DataRegime.ProdLive;
        var gateText = (monitorOnly
            ? $"monitor-only: trained and validated on {Snake(regime)} data (run source {Snake(runSource)}); the promotion gates read only prod + model runs on prod_live data, so this version can never be promoted automatically.\n"
            : string.Empty) + gate;
        log.WriteLine(gateText);

        var metrics = new List<ModelMetric>();
        var where = $"walk-forward on held-back days {string.Join(", ", heldBack.Select(Day))}, each scored by a student trained only on the days before it; after-cost returns r = p·y − (fee + half-spread)·|Δp| at the {options.Dataset.Horizons[options.TradingHorizon].TotalSeconds:0}s horizon, equal-weight across {symbols.Length} symbol(s)";
        foreach (var (name, m) in new[]
        {
            ("sharpe_daily_agg", report.SharpeDailyAgg), ("sortino", report.Sortino), ("profit_factor", report.ProfitFactor), ("max_drawdown", report.MaxDrawdown),
            ("observation_days", report.ObservationDays), ("sharpe_step_raw", report.SharpeStepRaw), ("deflated_sharpe", report.DeflatedSharpe),
        })
        {
            var copy = ModelMetric.Of(m) with { Name = name };
            var method = m == report.DeflatedSharpe
                ? $"{copy.Method}; N = {statistics.Trials} trials of '{trialFamily}' in {registryPath} (V[SR] {(statistics.SharpeVariance is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "undefined")})"
                : copy.Method;
            metrics.Add(copy with { Name = "validation." + copy.Name, Method = $"{method}; {where}" + (m.Note.Length > 0 ? $"; {m.Note}" : string.Empty) });
        }

        var pooledWhere = string.Create(CultureInfo.InvariantCulture, $"pooled nightly walk-forward evidence of configuration {configuration[..12]} (run source {Snake(runSource)}): {evidence.Days.Length} session days from {evidence.Nights} night(s), each day's return from the latest night that held it back, newest {gateSettings.LookbackDays} days; equity marked at each session close (drawdown close to close); minimum {gateSettings.MinimumObservations} observations");
        foreach (var (name, m) in new[]
        {
            ("sharpe_daily_agg", pooled.SharpeDailyAgg), ("sortino", pooled.Sortino), ("profit_factor", pooled.ProfitFactor), ("max_drawdown", pooled.MaxDrawdown),
            ("observation_days", pooled.ObservationDays), ("deflated_sharpe", pooled.DeflatedSharpe),
        })
        {
            var copy = ModelMetric.Of(m) with { Name = name };
            metrics.Add(copy with { Name = "evidence." + copy.Name, Method = $"{copy.Method}; {pooledWhere}" + (m.Note.Length > 0 ? $"; {m.Note}" : string.Empty) });
        }

        metrics.AddRange(kfold);
        return new ValidationReport(
            family,
            regime,
            runSource,
            monitorOnly,
            heldBack,
            [.. metrics],
            gate.Gates,
            gate.Promote && !monitorOnly,
            gateText,
            statistics.Trials,
            trialFamily,
            configuration,
            report.DailyReturns,
            evidence.Days,
            evidence.Nights);
    }

    /// <summary>The promotion gates of one night: <see cref="PromotionGate"/> with <c>Training:Gates</c> on the pooled
    /// run, whose <c>min_completed_runs</c> counts the nights behind the evidence (the pooled run is one record; an
    /// ineligible run, e.g. maintenance data, counts none).</summary>
    internal static GateReport NightlyGate(RunRecord pooled, WalkForwardEvidence evidence, PromotionGateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.ToOptions();
        var report = new PromotionGate(options with { MinCompletedRuns = 1 }).Evaluate([pooled]);
        if (report.EligibleRuns.Length == 0)
        {
            // Not eligible (maintenance data, or filtered out): the gate's own reason names the filter; one run is 0 nights.
            return new PromotionGate(options).Evaluate([pooled]);
        }

        var gates = report.Gates
            .Select(g => g.Gate == "min_completed_runs"
                ? new GateResult(g.Gate, evidence.Nights >= options.MinCompletedRuns, string.Create(CultureInfo.InvariantCulture, $"{evidence.Nights} nightly walk-forwards behind the {evidence.Days.Length} pooled eligible days (prod + model runs on prod_live data), need ≥ {options.MinCompletedRuns}"))
                : g)
            .ToArray();
        return report with { Promote = gates.All(g => g.Passed), Gates = gates };
    }

    /// <summary>
    /// The student's purged k-fold (López de Prado 2018, AFML §7.4): the samples of every day at the distillation's
    /// sample stride in time order (the order of <see cref="DistillationSamples"/>), cut into at most
    /// <paramref name="folds"/> test blocks of whole session days (<see cref="SessionDayFolds"/>). Each fold trains a teacher and student on its
    /// training rows only (<see cref="DistillationPipeline.Train"/> with them as the allowed samples, the distillation's
    /// configuration and seed) and forecasts its test rows (<see cref="DistillationPipeline.Forecast"/>); the metrics
    /// pool the test rows of every fold. Progress is reported per fold; cancellation is honoured between folds and
    /// inside each training.
    /// </summary>
    /// <returns><c>purged_kfold.student.hit_rate</c>, <c>.r2_vs_zero</c>, <c>.sortino</c> and
    /// <c>purged_kfold.ridge_baseline.hit_rate</c>, <c>.r2_vs_zero</c>, each with its method.</returns>
    private static ModelMetric[] PurgedKFoldMetrics(IReadOnlyList<DistillationDay> data, DistillationOptions options, int folds, TextWriter log, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var samples = new DistillationSamples(data, options, options.SampleStride);
        var n = samples.Count;
        var (sessionDays, splits) = SessionDayFolds(samples, folds);
        var k = options.TradingHorizon;
        var h = options.Dataset.Horizons.Length;
        var actual = new double[n];
        var studentPoint = new double[n];
        var ridgePoint = new double[n];
        var scored = new List<int>(n);
        var strategy = new List<double>();
        var accounting = new List<string>(splits.Count);
        int purged = 0, embargoed = 0, trained = 0;
        for (var f = 0; f < splits.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fold = splits[f];
            progress.Report(new TrainingProgress(f, splits.Count, double.NaN, null, $"purged k-fold {f + 1}/{splits.Count}: training teacher and student on {fold.Train.Length} rows, scoring {fold.Test.Length}"));
            var models = DistillationPipeline.Train(data, options, null, null, log, cancellationToken, allowedSamples: fold.Train);
            samples.Standardise(models.StudentScaler, models.TeacherScaler);
            var forecasts = DistillationPipeline.Forecast(models, samples, fold.Test, options);
            var student = forecasts.Single(x => x.Name == "student");
            var ridge = forecasts.Single(x => x.Name == "ridge");
            for (var i = 0; i < fold.Test.Length; i++)
            {
                var s = fold.Test[i];
                actual[s] = samples.GoldenReturn(s, k);
                studentPoint[s] = student.Point[(i * h) + k];
                ridgePoint[s] = ridge.Point[(i * h) + k];
                scored.Add(s);
            }

            strategy.AddRange(EvaluationGridReturns(samples, fold.Test, student.Positions, options));
            purged += fold.Purged.Length;
            embargoed += fold.Embargoed.Length;
            trained += models.TrainingSamples;
            var line = $"fold {f + 1}: {fold.Train.Length} train, {fold.Test.Length} test, {fold.Purged.Length} purged, {fold.Embargoed.Length} embargoed";
            accounting.Add(line);
            log.WriteLine(FormattableString.Invariant($"purged k-fold {line}; the student trained on {models.TrainingSamples} of them, early-stopped on {models.ValidationSamples} (purged split inside the fold's training rows)"));
        }

        var rows = scored.ToArray();
        var method = string.Create(
            CultureInfo.InvariantCulture,
            $"purged k-fold with embargo (AFML §7.4) over session days: k = {splits.Count} of {sessionDays.Length} days ({string.Join(", ", sessionDays.Select(Day))}), embargo 0 days, {purged} rows purged and {embargoed} embargoed over the folds ({string.Join("; ", accounting)}); a row's information span is [t, its symbol-day's last grid time] because the acausal targets and the teacher's inputs read the rest of the day, so each session day is one unit and no training row shares a day with a test row; {n} rows of every day at stride {options.SampleStride}; on each fold a teacher and student trained only on the fold's training rows (the distillation's configuration, seed {options.Seed}, early stopping on a purged split inside them; {trained} training samples over the folds), scored out of fold against the golden return at the {options.Dataset.Horizons[k].TotalSeconds:0}s horizon");
        log.WriteLine(method);
        var studentHit = ForecastScores.HitRate(studentPoint, actual, rows);
        var ridgeHit = ForecastScores.HitRate(ridgePoint, actual, rows);
        var signedStudent = rows.Count(s => studentPoint[s] != 0 && actual[s] != 0);
        var signedRidge = rows.Count(s => ridgePoint[s] != 0 && actual[s] != 0);
        var returns = strategy.ToArray();
        var sortino = ForecastScores.Sortino(returns, Enumerable.Range(0, returns.Length).ToArray());
        const string HitText = "out-of-fold share of rows whose point forecast's sign equals the golden return's (rows where either is zero are not counted); ";
        const string R2Text = "out-of-fold 1 − Σ(y − ŷ)² / Σy² (against the zero forecast); ";
        var sortinoText = string.Create(CultureInfo.InvariantCulture, $"out-of-fold per-period after-cost Sortino (Sortino & Price 1994, target 0, not annualised) of the student's position head on the test rows at the evaluation stride ({options.EvaluationStride} steps: non-overlapping {options.Dataset.Horizons[k].TotalSeconds:0}s periods), r = p·y − (fee {options.Dataset.FeeRate} + half-spread)·|Δp| on the mid return (ForecastScores.StrategyReturns, the walk-forward's rule), each symbol and day of a test block entering from flat; ");
        var ridgeText = string.Create(CultureInfo.InvariantCulture, $"BASELINE, not the registered model: the ridge regression (λ = {DistillationPipeline.RidgePenalty}) on the student's regressor columns that each fold's training fitted on the student's training samples; ");
        return
        [
            Metric("purged_kfold.student.hit_rate", HitText + method, studentHit, signedStudent, "fraction"),
            Metric("purged_kfold.student.r2_vs_zero", R2Text + method, R2VsZero(studentPoint, actual, rows), rows.Length, "ratio"),
            Metric("purged_kfold.student.sortino", sortinoText + method, sortino, returns.Length, "ratio"),
            Metric("purged_kfold.ridge_baseline.hit_rate", ridgeText + HitText + method, ridgeHit, signedRidge, "fraction"),
            Metric("purged_kfold.ridge_baseline.r2_vs_zero", ridgeText + R2Text + method, R2VsZero(ridgePoint, actual, rows), rows.Length, "ratio"),
        ];

        static ModelMetric Metric(string name, string method, double value, int observations, string unit) =>
            new(name, method, double.IsFinite(value) ? value : null, double.IsFinite(value) ? "ok" : "undefined", observations, unit);
    }

    /// <summary>The purged k-fold's folds with each session day as one unit (<see cref="PurgedKFold"/> over the days, day
    /// span [first sample time, last grid time of the day's symbol-days], no embargo): the golden trajectory, the
    /// horizon returns and the barrier classes are computed by an acausal smoother over the whole symbol-day, and the
    /// teacher reads them, so a row's information reaches the end of its day and a test day must take every row of that
    /// day with it. k is at most the number of days.</summary>
    /// <param name="samples">The samples, in time order.</param>
    /// <param name="folds">The configured k.</param>
    /// <returns>The session days, ascending, and per fold the rows (sample indices, ascending) of its training, test,
    /// purged and embargoed days.</returns>
    /// <exception cref="InvalidOperationException">The samples span fewer than two session days.</exception>
    internal static (DateOnly[] Days, IReadOnlyList<Fold> Folds) SessionDayFolds(DistillationSamples samples, int folds)
    {
        var rowsByDay = Enumerable.Range(0, samples.Count).GroupBy(s => samples.DayOf(s).Day).OrderBy(g => g.Key).ToArray();
        if (rowsByDay.Length < 2)
        {
            throw new InvalidOperationException($"the purged k-fold over session days needs at least two days, the samples span {rowsByDay.Length}.");
        }

        var spans = rowsByDay
            .Select(g => new LabelSpan(g.Min(s => samples.DayOf(s).Times[samples.StepOf(s)]), g.Max(s => samples.DayOf(s).Times[^1])))
            .ToArray();
        int[] Rows(int[] days) => [.. days.SelectMany(d => rowsByDay[d]).Order()];
        var split = new PurgedKFold(Math.Min(folds, rowsByDay.Length), 0).Split(spans)
            .Select(f => new Fold(Rows(f.Train), Rows(f.Test), Rows(f.Purged), Rows(f.Embargoed)))
            .ToArray();
        return ([.. rowsByDay.Select(g => g.Key)], split);
    }

    /// <summary>R² against the zero forecast, <c>1 − Σ(y − ŷ)² / Σy²</c> over <paramref name="rows"/>; NaN when Σy² = 0.</summary>
    private static double R2VsZero(double[] forecast, double[] actual, int[] rows)
    {
        double sse = 0, sst = 0;
        foreach (var s in rows)
        {
            sse += (forecast[s] - actual[s]) * (forecast[s] - actual[s]);
            sst += actual[s] * actual[s];
        }

        return sst > 0 ? 1 - (sse / sst) : double.NaN;
    }

    /// <summary>After-cost returns (<see cref="ForecastScores.StrategyReturns"/>) of the positions of the test rows that
    /// lie on the evaluation grid (step a multiple of <see cref="DistillationOptions.EvaluationStride"/>, so the holding
    /// periods do not overlap), per symbol and day in time order, each sequence entering from flat.</summary>
    /// <param name="samples">The sample set.</param>
    /// <param name="test">The fold's test rows, ascending.</param>
    /// <param name="positions">The student's positions, shape (test rows).</param>
    /// <param name="options">The configuration.</param>
    /// <returns>The returns, sequence after sequence.</returns>
    private static IEnumerable<double> EvaluationGridReturns(DistillationSamples samples, int[] test, double[] positions, DistillationOptions options)
    {
        var onGrid = Enumerable.Range(0, test.Length).Where(i => samples.StepOf(test[i]) % options.EvaluationStride == 0);
        foreach (var sequence in onGrid.GroupBy(i => (samples.DayOf(test[i]).Symbol, samples.DayOf(test[i]).Day)))
        {
            var r = sequence.ToArray();
            var p = r.Select(i => positions[i]).ToArray();
            var y = r.Select(i => (double)samples.MidReturn(test[i], options.TradingHorizon)).ToArray();
            var c = r.Select(i => (double)samples.HalfSpread(test[i])).ToArray();
            var returns = new double[r.Length];
            ForecastScores.StrategyReturns(p, y, c, options.Dataset.FeeRate, returns);
            foreach (var value in returns)
            {
                yield return value;
            }
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>What the <c>validate</c> step found (<c>validation.json</c>).</summary>
/// <param name="Family">The family validated.</param>
/// <param name="Regime">The data regime (<see cref="TrainingData.Regime"/>).</param>
/// <param name="RunSource">The validation run's source (prod only for live data).</param>
/// <param name="MonitorOnly">True when the data was not live production data: the version is registered monitor-only
/// and can never be promoted automatically.</param>
/// <param name="HeldBackDays">The walk-forward's held-back days, ascending.</param>
/// <param name="Metrics">Walk-forward, deflated Sharpe and purged k-fold metrics, each with its method.</param>
/// <param name="Gates">The promotion gates' outcomes (<see cref="PromotionGate"/>, default thresholds).</param>
/// <param name="Promotable">True only when every gate passed on an eligible prod run and the data was live.</param>
/// <param name="GateReport">The gate report as text (with the monitor-only statement when it applies).</param>
/// <param name="Trials">N of the deflated Sharpe: the trials of <paramref name="TrialFamily"/> after this one was
/// recorded.</param>
/// <param name="TrialFamily">The trial registry family.</param>
/// <param name="ConfigurationHash">The configuration hash the trial was recorded under.</param>
/// <param name="DailyReturns">The walk-forward's session-day returns (held-back days with a mark), shape (days).</param>
/// <param name="EvidenceDays">The pooled session days the gates read (<see cref="WalkForwardEvidence"/>), ascending.</param>
/// <param name="EvidenceNights">The nightly walk-forwards behind <paramref name="EvidenceDays"/>.</param>
public sealed record ValidationReport(
    string Family,
    DataRegime Regime,
    RunSource RunSource,
    bool MonitorOnly,
    DateOnly[] HeldBackDays,
    ModelMetric[] Metrics,
    GateResult[] Gates,
    bool Promotable,
    string GateReport,
    int Trials,
    string TrialFamily,
    string ConfigurationHash,
    double[] DailyReturns,
    DateOnly[] EvidenceDays,
    int EvidenceNights);
