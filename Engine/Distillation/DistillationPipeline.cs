using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Numerics.Regression;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>
/// The teacher–student distillation (seed 000): builds the data sets of recorded days, trains the teacher (ACAUSAL
/// inputs: the smoothed golden trajectory and the depth view), distils the causal student from it, and forecasts
/// with both, the ridge baseline and the zero forecast. Deterministic for a seed: the same days and options give the
/// same weights bit for bit.
/// </summary>
public static class DistillationPipeline
{
    /// <summary>Training steps between two checkpoints (besides every epoch end).</summary>
    public const int CheckpointEverySteps = 50;

    /// <summary>Ridge penalty of the baseline (the grid baseline's default, <c>TrainingSetOptions.RidgePenalty</c>).</summary>
    public const double RidgePenalty = 10.0;

    /// <summary>The student columns the ridge baseline regresses on: the grid baseline's default regressors (slope,
    /// standardised innovation, realised volatility, level gap).</summary>
    public static readonly int[] RidgeColumns =
        [DistillationSchemas.StudentSlope, DistillationSchemas.StudentStandardisedInnovation, DistillationSchemas.StudentRealisedVolatility, DistillationSchemas.StudentLevelGap];

    /// <summary>Builds the data set of every symbol and day, in parallel, in a fixed order (symbols as given, days
    /// ascending).</summary>
    /// <param name="leanRoot">The folder that holds <c>equity/usa/tick</c>.</param>
    /// <param name="symbols">Symbols.</param>
    /// <param name="days">Trading days.</param>
    /// <param name="options">Grid and targets.</param>
    /// <param name="cancellationToken">Stops the builds.</param>
    /// <returns>The data sets, symbol-major.</returns>
    public static IReadOnlyList<DistillationDay> BuildDays(string leanRoot, IReadOnlyList<string> symbols, IReadOnlyList<DateOnly> days, DistillationDatasetOptions options, CancellationToken cancellationToken)
    {
        var items = symbols.SelectMany(s => days.Select(d => (s, d))).ToArray();
        return DistillationDatasetBuilder.BuildMany(leanRoot, items, options, Environment.ProcessorCount, cancellationToken);
    }

    /// <summary>Trains a teacher and distils a student on the given days, or on a subset of their samples.</summary>
    /// <remarks>
    /// With <paramref name="allowedSamples"/> only those samples of <c>new DistillationSamples(days, options,
    /// options.SampleStride)</c> are used: the purged validation split for early stopping is made inside them
    /// (<see cref="DistillationSamples.PurgedValidationSplit(int[])"/>), the scalers, the teacher, the teacher's logits,
    /// the student, the naive scales and the ridge baseline see only their rows (each sample's own windows and
    /// targets: the student's window i − L + 1 … i, the teacher's ACAUSAL window and the targets at i). This is sound
    /// because the student is not stateful across samples: a sample's forecast is a function of its own feature window
    /// (<see cref="ChronosStudent"/> carries no recurrent state; <see cref="BatchOrder.ContiguousBlocks"/> only orders
    /// the batches). The one coupling is inside the training loss: the trading term's |p_t − p_{t−1}| pairs
    /// consecutive samples of a batch, which across a hole left by a removed block pairs two samples that are not
    /// adjacent in time (as it already does at a symbol's boundary). Rows that no allowed sample's windows reach are
    /// never read, so the purged k-fold of the nightly validation can train on a fold's training rows
    /// (López de Prado 2018, §7.4). Without a subset the training is exactly what it always was (bit for bit).
    /// </remarks>
    /// <param name="days">Training data sets (without <paramref name="allowedSamples"/> every day here is trained on and
    /// none may be a test day; with it, only the allowed samples' rows are read).</param>
    /// <param name="options">The configuration.</param>
    /// <param name="warmStart">Models whose weights start the training (a nightly refresh), or null to start from the seed.</param>
    /// <param name="progress">Progress of each training, or null.</param>
    /// <param name="log">Where the stages are written.</param>
    /// <param name="cancellationToken">Stops the training.</param>
    /// <param name="checkpointDirectory">Where both trainings keep checkpoints (subfolders <c>teacher</c> and
    /// <c>student</c>, every <see cref="CheckpointEverySteps"/> steps and at each epoch end), so a killed run started
    /// again with the same days and options resumes and ends with the same weights; null for none.</param>
    /// <param name="allowedSamples">Indices of the samples to train on (of <c>new DistillationSamples(days, options,
    /// options.SampleStride)</c>), strictly ascending; null for every sample.</param>
    /// <returns>The trained models; with a subset, <see cref="TrainedModels.TrainingDays"/> are the days its samples lie on.</returns>
    /// <exception cref="InvalidOperationException">The days (or the subset) hold too few samples to train.</exception>
    /// <exception cref="ArgumentException"><paramref name="allowedSamples"/> holds an index out of range, is not
    /// strictly ascending, or holds fewer samples than <see cref="DistillationOptions.ValidationFolds"/>.</exception>
    public static TrainedModels Train(IReadOnlyList<DistillationDay> days, DistillationOptions options, LoadedModels? warmStart, IProgress<TrainingProgress>? progress, TextWriter log, CancellationToken cancellationToken, string? checkpointDirectory = null, int[]? allowedSamples = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var samples = new DistillationSamples(days, options, options.SampleStride);
        if (allowedSamples is not null)
        {
            samples.CheckSubset(allowedSamples, nameof(allowedSamples));
        }

        var (train, validation) = allowedSamples is null ? samples.PurgedValidationSplit() : samples.PurgedValidationSplit(allowedSamples);
        var pool = allowedSamples is null ? $"{samples.Count} samples" : $"{allowedSamples.Length} allowed of {samples.Count} samples";
        if (train.Length < options.StudentTraining.BatchSize || validation.Length == 0)
        {
            throw new InvalidOperationException($"{pool} on {days.Count} symbol-days leave {train.Length} for training and {validation.Length} for validation; more data is needed.");
        }

        var (studentScaler, teacherScaler) = samples.FitScalers(train);
        samples.Standardise(studentScaler, teacherScaler);
        var bins = new MeanScaleQuantizer(options.Bins, options.BinLow, options.BinHigh);
        var h = options.Dataset.Horizons.Length;
        var random = new DeterministicRandom(options.Seed);
        var teacher = new ChronosTeacher(TeacherConfig(options), random);
        var student = new ChronosStudent(StudentConfig(options), random);
        var loss = new StudentTradingLoss(options.Loss with { FeeRate = (float)options.Dataset.FeeRate });
        if (warmStart is not null)
        {
            teacher.LoadStateDict(warmStart.Teacher.StateDict());
            student.LoadStateDict(warmStart.Student.StateDict());
            loss.LoadStateDict(warmStart.Loss.StateDict());
        }

        var trainingDays = allowedSamples is null
            ? days.Select(d => d.Day).Distinct().Order().ToArray()
            : allowedSamples.Select(s => samples.DayOf(s).Day).Distinct().Order().ToArray();
        var warmText = warmStart is null ? string.Empty : $", warm start from {warmStart.StudentManifest.Version} and {warmStart.TeacherManifest.Version}";
        var subsetText = allowedSamples is null ? string.Empty : FormattableString.Invariant($" (inside {allowedSamples.Length:N0} allowed of {samples.Count:N0} samples)");
        var dayText = string.Join(", ", trainingDays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var symbolDays = allowedSamples is null ? days.Count : allowedSamples.Select(s => samples.DayOf(s)).Distinct().Count();
        log.WriteLine(FormattableString.Invariant($"training on {symbolDays} symbol-days ({dayText}): {train.Length:N0} samples, {validation.Length:N0} validation (purged, embargoed){subsetText}{warmText}"));

        var watch = Stopwatch.StartNew();
        var teacherReport = new Trainer().Run(
            new TeacherTrainingTask(teacher, samples, train, validation, bins, options),
            options.TeacherTraining with { Seed = options.Seed, Order = BatchOrder.Shuffled, CheckpointDirectory = Stage(checkpointDirectory, "teacher"), CheckpointEverySteps = CheckpointEverySteps },
            progress,
            cancellationToken);
        log.WriteLine(FormattableString.Invariant($"teacher: {teacherReport.EpochsRun} epochs, best {teacherReport.BestEpoch} (validation cross-entropy {teacherReport.BestValidationLoss:F4}), {teacherReport.SamplesPerSecond:F0} samples/s, {watch.Elapsed.TotalSeconds:F1} s"));

        // The teacher's logits for every sample the student sees (computed once, in evaluation mode): every sample,
        // or the allowed ones only (row r of the logits is allowedSamples[r]).
        var logitSamples = allowedSamples ?? Enumerable.Range(0, samples.Count).ToArray();
        var teacherLogits = TeacherLogits(teacher, samples, logitSamples, options);
        Func<int, int> teacherRow = allowedSamples is null ? s => s : s => Array.BinarySearch(allowedSamples, s);

        // The student's samples in symbol-then-time order, so contiguous batches are one symbol's sequence.
        var bySymbol = Comparer<int>.Create((a, b) =>
        {
            var c = string.CompareOrdinal(samples.DayOf(a).Symbol, samples.DayOf(b).Symbol);
            return c != 0 ? c : a.CompareTo(b);
        });
        var studentTrain = train.Order(bySymbol).ToArray();
        var studentValidation = validation.Order(bySymbol).ToArray();
        watch.Restart();
        var studentReport = new Trainer().Run(
            new StudentTrainingTask(student, loss, samples, studentTrain, studentValidation, teacherLogits, teacherRow, options),
            options.StudentTraining with { Seed = options.Seed + 1, Order = BatchOrder.ContiguousBlocks, CheckpointDirectory = Stage(checkpointDirectory, "student"), CheckpointEverySteps = CheckpointEverySteps },
            progress,
            cancellationToken);
        log.WriteLine(FormattableString.Invariant($"student: {studentReport.EpochsRun} epochs, best {studentReport.BestEpoch} (validation loss {studentReport.BestValidationLoss:F4}), {studentReport.SamplesPerSecond:F0} samples/s, {watch.Elapsed.TotalSeconds:F1} s"));

        var naive = new double[h];
        var ridge = new RidgeModel[h];
        for (var k = 0; k < h; k++)
        {
            var x = new double[train.Length, RidgeColumns.Length];
            var y = new double[train.Length];
            for (var i = 0; i < train.Length; i++)
            {
                var s = train[i];
                var day = samples.DayOf(s);
                var step = samples.StepOf(s);
                for (var j = 0; j < RidgeColumns.Length; j++)
                {
                    x[i, j] = day.Student[(step * DistillationSchemas.Student.Width) + RidgeColumns[j]];
                }

                y[i] = samples.GoldenReturn(s, k);
                naive[k] += Math.Abs(y[i]);
            }

            naive[k] /= train.Length;
            ridge[k] = new RidgeModel(RidgeRegression.Fit(x, y, RidgePenalty));
        }

        return new TrainedModels(teacher, student, loss, studentScaler, teacherScaler, bins, teacherReport, studentReport, trainingDays, train.Length, validation.Length, naive, ridge);
    }

    /// <summary>The forecasts of the student, the teacher, the ridge baseline and the zero forecast on samples of a
    /// set standardised with the models' scalers (call <see cref="DistillationSamples.Standardise"/> first).</summary>
    /// <param name="models">The trained models.</param>
    /// <param name="samples">The sample set.</param>
    /// <param name="evaluation">Sample indices to forecast.</param>
    /// <param name="options">The configuration.</param>
    /// <returns>Four forecast sets, in the order student, teacher, ridge, zero.</returns>
    public static IReadOnlyList<ForecastSet> Forecast(TrainedModels models, DistillationSamples samples, int[] evaluation, DistillationOptions options)
    {
        ArgumentNullException.ThrowIfNull(models);
        var n = evaluation.Length;
        var h = options.Dataset.Horizons.Length;
        var q = options.Loss.Quantiles.Length;
        var k = options.Bins;
        var trading = options.TradingHorizon;
        var tradingSeconds = options.Dataset.Horizons[trading].TotalSeconds.ToString(CultureInfo.InvariantCulture);

        // Student: quantiles (scaled) → returns; the point forecast is the median quantile (interpolated).
        var studentQ = new double[n * h * q];
        var studentPoint = new double[n * h];
        var studentPosition = new double[n];
        var levels = options.Loss.Quantiles;
        models.Student.Training = false;
        for (var start = 0; start < n; start += 256)
        {
            var ids = evaluation.AsSpan(start, Math.Min(256, n - start)).ToArray();
            var x = Tensor.Zeros(ids.Length, options.StudentWindow, DistillationSamples.StudentTokenWidth);
            samples.FillStudent(ids, x.Span);
            using (GradientTape.Inference())
            {
                var output = models.Student.Forward(x);
                var quantiles = output.Quantiles.ToArray();
                var positions = output.Position.ToArray();
                for (var b = 0; b < ids.Length; b++)
                {
                    var row = start + b;
                    studentPosition[row] = positions[b];
                    for (var j = 0; j < h; j++)
                    {
                        var scale = samples.HorizonScale(ids[b], j);
                        for (var l = 0; l < q; l++)
                        {
                            studentQ[(((row * h) + j) * q) + l] = quantiles[(((b * h) + j) * q) + l] * scale;
                        }

                        studentPoint[(row * h) + j] = Median(studentQ.AsSpan(((row * h) + j) * q, q), levels);
                    }
                }
            }
        }

        models.Student.Training = true;

        // Teacher (ACAUSAL upper bound): the bin distribution's mean and quantiles.
        var logits = TeacherLogits(models.Teacher, samples, evaluation, options);
        var centers = new float[k];
        models.Bins.BinCenters(centers);
        var teacherQ = new double[n * h * q];
        var teacherPoint = new double[n * h];
        var teacherPosition = new double[n];
        var p = new double[k];
        for (var row = 0; row < n; row++)
        {
            for (var j = 0; j < h; j++)
            {
                Softmax(logits.AsSpan(((row * h) + j) * k, k), p);
                var scale = samples.HorizonScale(evaluation[row], j);
                double mean = 0;
                for (var c = 0; c < k; c++)
                {
                    mean += p[c] * centers[c];
                }

                teacherPoint[(row * h) + j] = mean * scale;
                for (var l = 0; l < q; l++)
                {
                    teacherQ[(((row * h) + j) * q) + l] = BinQuantile(p, models.Bins, levels[l]) * scale;
                }
            }

            teacherPosition[row] = Math.Sign(teacherPoint[(row * h) + trading]);
        }

        // Ridge baseline: point forecasts from the raw student columns.
        var ridgePoint = new double[n * h];
        var ridgePosition = new double[n];
        Span<double> features = stackalloc double[RidgeColumns.Length];
        for (var row = 0; row < n; row++)
        {
            var day = samples.DayOf(evaluation[row]);
            var step = samples.StepOf(evaluation[row]);
            for (var j = 0; j < RidgeColumns.Length; j++)
            {
                features[j] = day.Student[(step * DistillationSchemas.Student.Width) + RidgeColumns[j]];
            }

            for (var j = 0; j < h; j++)
            {
                ridgePoint[(row * h) + j] = models.Ridge[j].Predict(features);
            }

            ridgePosition[row] = Math.Sign(ridgePoint[(row * h) + trading]);
        }

        return
        [
            new ForecastSet("student", studentPoint, studentQ, studentPosition, "position head"),
            new ForecastSet("teacher", teacherPoint, teacherQ, teacherPosition, $"sign of the {tradingSeconds} s mean forecast (acausal)"),
            new ForecastSet("ridge", ridgePoint, null, ridgePosition, $"sign of the {tradingSeconds} s forecast"),
            new ForecastSet("zero", new double[n * h], new double[n * h * q], new double[n], "flat"),
        ];
    }

    /// <summary>The teacher configuration the options imply.</summary>
    /// <param name="options">The configuration.</param>
    /// <returns>The config.</returns>
    public static ChronosTeacherConfig TeacherConfig(DistillationOptions options) => options.Teacher with
    {
        InputFeatures = DistillationSamples.TeacherTokenWidth,
        Window = options.TeacherTokens,
        Horizons = options.Dataset.Horizons.Length,
        Bins = options.Bins,
    };

    /// <summary>The student configuration the options imply.</summary>
    /// <param name="options">The configuration.</param>
    /// <returns>The config.</returns>
    public static ChronosStudentConfig StudentConfig(DistillationOptions options) => options.Student with
    {
        InputFeatures = DistillationSamples.StudentTokenWidth,
        Window = options.StudentWindow,
        PatchLength = options.PatchLength,
        Horizons = options.Dataset.Horizons.Length,
        Bins = options.Bins,
        QuantileCount = options.Loss.Quantiles.Length,
    };

    private static string? Stage(string? root, string stage) => root is null ? null : Path.Combine(root, stage);

    private static float[] TeacherLogits(ChronosTeacher teacher, DistillationSamples samples, int[] ids, DistillationOptions options)
    {
        var h = options.Dataset.Horizons.Length;
        var k = options.Bins;
        var result = new float[ids.Length * h * k];
        teacher.Training = false;
        try
        {
            for (var start = 0; start < ids.Length; start += 256)
            {
                var batch = ids.AsSpan(start, Math.Min(256, ids.Length - start)).ToArray();
                var x = Tensor.Zeros(batch.Length, options.TeacherTokens, DistillationSamples.TeacherTokenWidth);
                samples.FillTeacher(batch, x.Span);
                using (GradientTape.Inference())
                {
                    teacher.Forward(x).CopyTo(result.AsSpan(start * h * k, batch.Length * h * k));
                }
            }
        }
        finally
        {
            teacher.Training = true;
        }

        return result;
    }

    private static void Softmax(ReadOnlySpan<float> logits, Span<double> p)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            p[i] = Math.Exp(logits[i] - max);
            sum += p[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            p[i] /= sum;
        }
    }

    /// <summary>The τ-quantile of a bin distribution, uniform inside each bin (edge bins included).</summary>
    private static double BinQuantile(ReadOnlySpan<double> p, MeanScaleQuantizer bins, float tau)
    {
        var width = (bins.High - bins.Low) / (double)bins.Bins;
        double cumulative = 0;
        for (var c = 0; c < p.Length; c++)
        {
            if (cumulative + p[c] >= tau && p[c] > 0)
            {
                return bins.Low + ((c + ((tau - cumulative) / p[c])) * width);
            }

            cumulative += p[c];
        }

        return bins.High;
    }

    /// <summary>The median of quantile forecasts: the 0.5 level, or linear interpolation between the levels around it.</summary>
    private static double Median(ReadOnlySpan<double> quantiles, float[] levels)
    {
        for (var l = 0; l < levels.Length; l++)
        {
            if (Math.Abs(levels[l] - 0.5f) < 1e-6f)
            {
                return quantiles[l];
            }

            if (levels[l] > 0.5f && l > 0)
            {
                var w = (0.5 - levels[l - 1]) / (levels[l] - levels[l - 1]);
                return quantiles[l - 1] + (w * (quantiles[l] - quantiles[l - 1]));
            }
        }

        return quantiles[levels.Length / 2];
    }
}
