using System.Globalization;
using System.Text.Json;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Numerics.Regression;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Evaluation;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;
using Quant.Orleans.Research.Validation;

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
/// <item><b>Purged k-fold with embargo</b> (AFML §7.4, <see cref="PurgedKFold"/>) over the training rows of the final
/// model (every day's samples at the distillation's sample stride), label span [t, t + longest horizon] in UTC ns: the
/// ridge baseline on the student's regressor columns (<see cref="DistillationPipeline.RidgeColumns"/>, penalty
/// <see cref="DistillationPipeline.RidgePenalty"/>) fitted on each fold's purged and embargoed training rows, scored
/// out of fold at the trading horizon (hit rate and R² against the zero forecast). The student itself cannot be
/// refitted on row subsets (it trains on whole days), so this measures the leakage-controlled signal of its inputs.</item>
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

    /// <summary>Embargo of the purged k-fold as a fraction of the rows (AFML's suggestion).</summary>
    public const double EmbargoFraction = 0.01;

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
    /// roll them back (docs/rollout.md). Maintenance data says nothing about production and is not reported; without a
    /// grain factory (a step run outside a silo) nothing is reported.</summary>
    private async Task ReportGatesAsync(string family, ValidationReport report)
    {
        var settings = paths.Settings;
        if (grains is null || report.Regime != DataRegime.ProdLive || settings.Strategy.Rollout is not { Enabled: true } rollout || rollout.Family != family)
        {
            return;
        }

        var detail = string.Create(CultureInfo.InvariantCulture, $"nightly validation on {string.Join(", ", report.HeldBackDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}: {(report.Promotable ? "every gate passed" : string.Join("; ", report.Gates.Where(g => !g.Passed)))}");
        var rolloutGrain = grains.GetGrain<Grains.Interfaces.Rollout.IModelRolloutGrain>(family);
        foreach (var version in new FileModelRegistry(paths.RegistryRoot).ReadState(family).Versions.Where(v => v.Stage is RegistryStage.Live or RegistryStage.Canary))
        {
            await rolloutGrain.ReportGate(version.VersionId, report.Promotable, detail);
        }
    }

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
        using (var trials = TrialRegistry.Open(registryPath))
        {
            trials.Record(TrialRecord.FromReport(trialFamily, configuration, TrialKind.WalkForward, runSource, heldBack[0], heldBack[^1], untracked));
            statistics = trials.Statistics(trialFamily);
        }

        var report = untracked.WithTrials(statistics);
        log.WriteLine($"trials: {statistics}");

        // 3. Purged k-fold with embargo over the final model's training rows.
        progress.Report(new TrainingProgress(heldBack.Length, heldBack.Length, double.NaN, null, "purged k-fold with embargo (ridge baseline)"));
        var folds = training.Model == "tiny" ? 3 : 5;
        var kfold = PurgedKFoldMetrics(data, options, folds, log);

        // 4. Gates: prod + model runs only; replayed data is monitor-only.
        DateRange? inSample = heldBack[0] > days[0] ? DateRange.Of(days[0], days.Last(d => d < heldBack[0])) : null;
        var run = RunRecord.Create(LineagePrefix + family, runSource, regime, ScoreSource.Model, days[0], days[^1], symbols, configuration, completed: true, report, inSample, DateRange.Of(heldBack[0], heldBack[^1]));
        var gate = new PromotionGate().Evaluate([run]);
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
            report.DailyReturns);
    }

    /// <summary>Out-of-fold hit rate and R² (against the zero forecast) of the ridge baseline under purged k-fold with
    /// embargo over every day's samples, label span [t, t + longest horizon] (UTC ns).</summary>
    private static ModelMetric[] PurgedKFoldMetrics(IReadOnlyList<DistillationDay> data, DistillationOptions options, int folds, TextWriter log)
    {
        var samples = new DistillationSamples(data, options, options.SampleStride);
        var longest = options.Dataset.Horizons.Max().Ticks * 100;
        var order = Enumerable.Range(0, samples.Count)
            .OrderBy(s => samples.DayOf(s).Times[samples.StepOf(s)])
            .ThenBy(s => samples.DayOf(s).Symbol, StringComparer.Ordinal)
            .ToArray();
        var spans = order.Select(s => { var t = samples.DayOf(s).Times[samples.StepOf(s)]; return new LabelSpan(t, t + longest); }).ToArray();
        var embargo = PurgedKFold.EmbargoFromFraction(order.Length, EmbargoFraction);
        var splits = new PurgedKFold(folds, embargo).Split(spans);
        var width = DistillationPipeline.RidgeColumns.Length;
        var k = options.TradingHorizon;
        double hits = 0, signed = 0, sse = 0, sst = 0;
        var purged = 0;
        var embargoed = 0;
        foreach (var fold in splits)
        {
            purged += fold.Purged.Length;
            embargoed += fold.Embargoed.Length;
            var x = new double[fold.Train.Length, width];
            var y = new double[fold.Train.Length];
            for (var i = 0; i < fold.Train.Length; i++)
            {
                var s = order[fold.Train[i]];
                Row(samples, s, x, i);
                y[i] = samples.GoldenReturn(s, k);
            }

            var model = new RidgeModel(RidgeRegression.Fit(x, y, DistillationPipeline.RidgePenalty));
            var features = new double[width];
            foreach (var t in fold.Test)
            {
                var s = order[t];
                var day = samples.DayOf(s);
                var step = samples.StepOf(s);
                for (var j = 0; j < width; j++)
                {
                    features[j] = day.Student[(step * DistillationSchemas.Student.Width) + DistillationPipeline.RidgeColumns[j]];
                }

                var prediction = model.Predict(features);
                double actual = samples.GoldenReturn(s, k);
                sse += (prediction - actual) * (prediction - actual);
                sst += actual * actual;
                if (actual != 0 && prediction != 0)
                {
                    signed++;
                    hits += Math.Sign(prediction) == Math.Sign(actual) ? 1 : 0;
                }
            }
        }

        var method = string.Create(
            CultureInfo.InvariantCulture,
            $"purged k-fold with embargo (AFML §7.4): k = {folds}, embargo {embargo} rows ({EmbargoFraction:P0}), {purged} rows purged and {embargoed} embargoed over the folds; label span [t, t + {options.Dataset.Horizons.Max().TotalSeconds:0}s]; ridge baseline (λ = {DistillationPipeline.RidgePenalty}) on the student's regressor columns, golden return at the {options.Dataset.Horizons[k].TotalSeconds:0}s horizon; {order.Length} rows of every day at stride {options.SampleStride}");
        log.WriteLine(method);
        var hitRate = signed > 0 ? hits / signed : double.NaN;
        var r2 = sst > 0 ? 1 - (sse / sst) : double.NaN;
        return
        [
            new ModelMetric("purged_kfold.ridge.hit_rate", "out-of-fold share of rows whose forecast sign equals the golden return's; " + method, double.IsFinite(hitRate) ? hitRate : null, double.IsFinite(hitRate) ? "ok" : "undefined", (int)signed, "fraction"),
            new ModelMetric("purged_kfold.ridge.r2_vs_zero", "out-of-fold 1 − Σ(y − ŷ)² / Σy² (against the zero forecast); " + method, double.IsFinite(r2) ? r2 : null, double.IsFinite(r2) ? "ok" : "undefined", order.Length, "ratio"),
        ];
    }

    private static void Row(DistillationSamples samples, int sample, double[,] x, int row)
    {
        var day = samples.DayOf(sample);
        var step = samples.StepOf(sample);
        for (var j = 0; j < DistillationPipeline.RidgeColumns.Length; j++)
        {
            x[row, j] = day.Student[(step * DistillationSchemas.Student.Width) + DistillationPipeline.RidgeColumns[j]];
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
    double[] DailyReturns);
