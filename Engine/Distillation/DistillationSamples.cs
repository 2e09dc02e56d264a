using Quant.Orleans.Learning.Models;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>
/// The samples of a set of <see cref="DistillationDay"/>s (symbols × days) and how a batch of them becomes network
/// inputs and targets. A sample is a grid step i of one day where: the student's window i − L + 1 … i is warm and
/// finite, the teacher's window (ACAUSAL: it reaches <see cref="DistillationOptions.TeacherFuture"/> tokens past i)
/// lies inside the session and is finite, every horizon's target is known and the triple-barrier label is known.
/// Samples are ordered by time (day, then step, then symbol), so the order is the time order the purged split and
/// the time-ordered batches of the trading loss need.
/// </summary>
public sealed class DistillationSamples
{
    private readonly DistillationOptions _options;
    private readonly int[] _day;
    private readonly int[] _step;
    private readonly int[] _horizonSteps;
    private readonly float[] _meanScale;
    private float[][]? _studentZ;
    private FittedScaler? _studentScaler;
    private float[][]? _teacherZ;

    /// <summary>Selects the samples.</summary>
    /// <param name="days">The data sets; all with the options' cadence and horizons.</param>
    /// <param name="options">Windows and strides.</param>
    /// <param name="stride">Grid steps between samples of one day (the first sample is the first eligible step
    /// whose index is a multiple of the stride).</param>
    /// <exception cref="ArgumentException">A day's horizons or cadence differ from the options.</exception>
    public DistillationSamples(IReadOnlyList<DistillationDay> days, DistillationOptions options, int stride)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        _options = options;
        Days = days;
        _horizonSteps = options.HorizonSteps;
        var picked = new List<(long Time, int Day, int Step)>();
        for (var d = 0; d < days.Count; d++)
        {
            var day = days[d];
            if (day.Cadence != options.Dataset.Cadence || !day.Horizons.SequenceEqual(options.Dataset.Horizons))
            {
                throw new ArgumentException($"{day.Symbol} {day.Day:yyyy-MM-dd}: data set cadence {day.Cadence} and horizons [{string.Join(", ", day.Horizons)}] differ from the options' {options.Dataset.Cadence} and [{string.Join(", ", options.Dataset.Horizons)}].", nameof(days));
            }

            var finiteStudent = FiniteRunEnds(day.Student, DistillationSchemas.Student.Width, day.Steps, day.Warm);
            var finiteTeacher = FiniteRunEnds(day.Teacher, DistillationSchemas.Teacher.Width, day.Steps, null);
            var finiteLevels = new int[day.Steps];
            for (int i = 0, run = 0; i < day.Steps; i++)
            {
                run = double.IsFinite(day.LogMid[i]) && double.IsFinite(day.GoldenLevel[i]) ? run + 1 : 0;
                finiteLevels[i] = run;
            }

            var past = (options.TeacherPast - 1) * options.TeacherStride;
            var future = options.TeacherFuture * options.TeacherStride;
            for (var i = 0; i < day.Steps; i += stride)
            {
                if (i - options.StudentWindow + 1 < 1 || i - past < 0 || i + future >= day.Steps)
                {
                    continue;
                }

                // Every row of the student window warm and finite (the run of good rows ending at i is long enough).
                var span = Math.Max(past, options.StudentWindow) + future + 1;
                if (finiteStudent[i] < options.StudentWindow || finiteTeacher[i + future] < past + future + 1 || finiteLevels[i + future] < span)
                {
                    continue;
                }

                if (day.Barrier[i] < 0 || !TargetsKnown(day, i))
                {
                    continue;
                }

                picked.Add((day.Times[i], d, i));
            }
        }

        picked.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Day.CompareTo(b.Day));
        _day = picked.Select(p => p.Day).ToArray();
        _step = picked.Select(p => p.Step).ToArray();

        // Each sample's mean scale once (every target, every horizon and every batch reads it again).
        var l = options.StudentWindow;
        _meanScale = new float[_day.Length];
        for (var s = 0; s < _meanScale.Length; s++)
        {
            _meanScale[s] = StudentTokens.MeanScale(days[_day[s]].LogMid.AsSpan(_step[s] - l, l + 1), options.ScaleFloor);
        }
    }

    /// <summary>The data sets.</summary>
    public IReadOnlyList<DistillationDay> Days { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _day.Length;

    /// <summary>The data set of a sample.</summary>
    /// <param name="sample">Sample index.</param>
    /// <returns>The day.</returns>
    public DistillationDay DayOf(int sample) => Days[_day[sample]];

    /// <summary>The grid step of a sample in its day.</summary>
    /// <param name="sample">Sample index.</param>
    /// <returns>The step.</returns>
    public int StepOf(int sample) => _step[sample];

    /// <summary>Samples whose trading day is <paramref name="day"/>.</summary>
    /// <param name="day">The trading day.</param>
    /// <returns>Sample indices in time order.</returns>
    public int[] SamplesOn(DateOnly day) => Enumerable.Range(0, Count).Where(s => DayOf(s).Day == day).ToArray();

    /// <summary>
    /// Splits the samples for early stopping: the last of <see cref="DistillationOptions.ValidationFolds"/> purged
    /// k-fold blocks in time is the validation split; training samples whose label span [t, t + longest horizon]
    /// overlaps it are purged and those just after it embargoed (López de Prado 2018, §7.4).
    /// </summary>
    /// <returns>Training and validation sample indices.</returns>
    public (int[] Train, int[] Validation) PurgedValidationSplit() => PurgedValidationSplit(Enumerable.Range(0, Count).ToArray());

    /// <summary>
    /// <see cref="PurgedValidationSplit()"/> inside a subset of the samples: the subset's samples alone are cut into
    /// <see cref="DistillationOptions.ValidationFolds"/> blocks in time, the last block is the validation split, and
    /// the subset's training samples whose label span [t, t + longest horizon] overlaps it are purged and the
    /// embargo's samples after it dropped (López de Prado 2018, §7.4). Samples outside the subset are never returned
    /// and their values are never read (only the subset's times are). The whole set as the subset gives exactly
    /// <see cref="PurgedValidationSplit()"/>.
    /// </summary>
    /// <param name="allowed">Sample indices, strictly ascending (time order), each in [0, <see cref="Count"/>), at
    /// least <see cref="DistillationOptions.ValidationFolds"/> of them.</param>
    /// <returns>Training and validation sample indices (subsets of <paramref name="allowed"/>, ascending).</returns>
    /// <exception cref="ArgumentException">An index is out of range or not above the one before it, or the subset
    /// holds fewer samples than <see cref="DistillationOptions.ValidationFolds"/>.</exception>
    public (int[] Train, int[] Validation) PurgedValidationSplit(int[] allowed)
    {
        CheckSubset(allowed, nameof(allowed));
        var longest = _options.Dataset.Horizons.Max().Ticks * 100L;
        var spans = new LabelSpan[allowed.Length];
        for (var k = 0; k < allowed.Length; k++)
        {
            var t = DayOf(allowed[k]).Times[StepOf(allowed[k])];
            spans[k] = new LabelSpan(t, t + longest);
        }

        var embargo = Math.Max(1, (int)Math.Ceiling(_options.Dataset.Horizons.Max().Ticks / (double)_options.Dataset.Cadence.Ticks / _options.SampleStride));
        var folds = new PurgedKFold(_options.ValidationFolds, embargo).Split(spans);
        var last = folds[^1];
        return (Array.ConvertAll(last.Train, k => allowed[k]), Array.ConvertAll(last.Test, k => allowed[k]));
    }

    /// <summary>Checks that <paramref name="subset"/> is a strictly ascending list of sample indices.</summary>
    /// <param name="subset">Sample indices.</param>
    /// <param name="name">The argument's name, for the exception.</param>
    /// <exception cref="ArgumentException">An index is out of [0, <see cref="Count"/>) or not above the one before it.</exception>
    public void CheckSubset(int[] subset, string name)
    {
        ArgumentNullException.ThrowIfNull(subset, name);
        for (var k = 0; k < subset.Length; k++)
        {
            if (subset[k] < 0 || subset[k] >= Count)
            {
                throw new ArgumentException($"{name}[{k}] = {subset[k]} is not a sample index in [0, {Count}).", name);
            }

            if (k > 0 && subset[k] <= subset[k - 1])
            {
                throw new ArgumentException($"{name}[{k}] = {subset[k]} is not above {name}[{k - 1}] = {subset[k - 1]}: sample indices must be strictly ascending (time order).", name);
            }
        }
    }

    /// <summary>Fits both scalers on the rows of the given samples only (the feature-store contract).</summary>
    /// <param name="trainingSamples">The training samples.</param>
    /// <returns>The student's and the teacher's scalers.</returns>
    public (FittedScaler Student, FittedScaler Teacher) FitScalers(ReadOnlySpan<int> trainingSamples)
    {
        var sw = DistillationSchemas.Student.Width;
        var tw = DistillationSchemas.Teacher.Width;
        var student = new double[trainingSamples.Length * sw];
        var teacher = new double[trainingSamples.Length * tw];
        var rows = new int[trainingSamples.Length];
        for (var k = 0; k < trainingSamples.Length; k++)
        {
            var day = DayOf(trainingSamples[k]);
            var i = StepOf(trainingSamples[k]);
            for (var j = 0; j < sw; j++)
            {
                student[(k * sw) + j] = day.Student[(i * sw) + j];
            }

            for (var j = 0; j < tw; j++)
            {
                teacher[(k * tw) + j] = day.Teacher[(i * tw) + j];
            }

            rows[k] = k;
        }

        return (FittedScaler.Fit(DistillationSchemas.Student, student, rows), FittedScaler.Fit(DistillationSchemas.Teacher, teacher, rows));
    }

    /// <summary>Standardises every day's features with the given scalers (done once per fit; the windows are then
    /// copied from the standardised rows).</summary>
    /// <param name="student">The student's scaler.</param>
    /// <param name="teacher">The teacher's scaler.</param>
    public void Standardise(FittedScaler student, FittedScaler teacher)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        _studentScaler = student;
        _studentZ = new float[Days.Count][];
        _teacherZ = new float[Days.Count][];
        for (var d = 0; d < Days.Count; d++)
        {
            _studentZ[d] = Transform(student, DistillationSchemas.Student, Days[d].Student);
            _teacherZ[d] = Transform(teacher, DistillationSchemas.Teacher, Days[d].Teacher);
        }
    }

    /// <summary>The columns of a student token (<see cref="DistillationSchemas.StudentInput"/>).</summary>
    public static FeatureSchema StudentInputSchema => DistillationSchemas.StudentInput;

    /// <summary>The columns of a teacher token (<see cref="DistillationSchemas.TeacherInput"/>).</summary>
    public static FeatureSchema TeacherInputSchema => DistillationSchemas.TeacherInput;

    /// <summary>Width of a student token.</summary>
    public static int StudentTokenWidth => StudentInputSchema.Width;

    /// <summary>Width of a teacher token.</summary>
    public static int TeacherTokenWidth => TeacherInputSchema.Width;

    /// <summary>Student inputs of a batch, shape (B, L, <see cref="StudentTokenWidth"/>), causal: steps i − L + 1 … i.</summary>
    /// <param name="batch">Sample indices.</param>
    /// <param name="destination">B·L·W floats.</param>
    public void FillStudent(ReadOnlySpan<int> batch, Span<float> destination)
    {
        var scaler = _studentScaler ?? throw new InvalidOperationException("Standardise the samples before filling inputs.");
        var f = DistillationSchemas.Student.Width;
        var w = StudentTokenWidth;
        var l = _options.StudentWindow;
        for (var b = 0; b < batch.Length; b++)
        {
            var s = batch[b];
            var day = DayOf(s);
            var first = StepOf(s) - l + 1;
            StudentTokens.Fill(day.Student.AsSpan(first * f, l * f), day.LogMid.AsSpan(first - 1, l + 1), scaler.Mean, scaler.Scale, _options.ScaleFloor, destination.Slice(b * l * w, l * w));
        }
    }

    /// <summary>ACAUSAL: teacher inputs of a batch, shape (B, T, <see cref="TeacherTokenWidth"/>): tokens at steps
    /// i − (P − 1)·stride … i + F·stride.</summary>
    /// <param name="batch">Sample indices.</param>
    /// <param name="destination">B·T·W floats.</param>
    public void FillTeacher(ReadOnlySpan<int> batch, Span<float> destination)
    {
        var zs = _studentZ ?? throw new InvalidOperationException("Standardise the samples before filling inputs.");
        var zt = _teacherZ!;
        var fs = DistillationSchemas.Student.Width;
        var ft = DistillationSchemas.Teacher.Width;
        var w = TeacherTokenWidth;
        var tokens = _options.TeacherTokens;
        var stride = _options.TeacherStride;
        for (var b = 0; b < batch.Length; b++)
        {
            var s = batch[b];
            var d = _day[s];
            var day = DayOf(s);
            var i = StepOf(s);
            var scale = MeanScale(s);
            var first = i - ((_options.TeacherPast - 1) * stride);
            for (var k = 0; k < tokens; k++)
            {
                var row = first + (k * stride);
                var o = ((b * tokens) + k) * w;
                zt[d].AsSpan(row * ft, ft).CopyTo(destination.Slice(o, ft));
                zs[d].AsSpan(row * fs, fs).CopyTo(destination.Slice(o + ft, fs));
                destination[o + ft + fs] = (float)((day.GoldenLevel[row] - day.GoldenLevel[i]) / scale);
                destination[o + ft + fs + 1] = (float)((day.LogMid[row] - day.LogMid[i]) / scale);
            }
        }
    }

    /// <summary>
    /// The Chronos mean scale of a sample (Ansari et al. 2024, §3.1, applied to returns): the mean absolute one-step
    /// log-mid return over the student's window (causal, so the student can compute it live), at least
    /// <see cref="DistillationOptions.ScaleFloor"/>. A horizon's target is scaled by this times √(horizon steps).
    /// </summary>
    /// <param name="sample">Sample index.</param>
    /// <returns>The scale, a log return.</returns>
    public float MeanScale(int sample) => _meanScale[sample];

    /// <summary>The scale of horizon h for a sample: <see cref="MeanScale"/> · √(horizon steps).</summary>
    /// <param name="sample">Sample index.</param>
    /// <param name="horizon">Horizon index.</param>
    /// <returns>The scale.</returns>
    public float HorizonScale(int sample, int horizon) => MeanScale(sample) * MathF.Sqrt(_horizonSteps[horizon]);

    /// <summary>ACAUSAL target: the golden trajectory's future log return of a sample at a horizon.</summary>
    /// <param name="sample">Sample index.</param>
    /// <param name="horizon">Horizon index.</param>
    /// <returns>The return.</returns>
    public float GoldenReturn(int sample, int horizon) => DayOf(sample).GoldenReturn[(StepOf(sample) * _horizonSteps.Length) + horizon];

    /// <summary>The realised log-mid return of a sample at a horizon (what a position held over it earns).</summary>
    /// <param name="sample">Sample index.</param>
    /// <param name="horizon">Horizon index.</param>
    /// <returns>The return.</returns>
    public float MidReturn(int sample, int horizon) => DayOf(sample).MidReturn[(StepOf(sample) * _horizonSteps.Length) + horizon];

    /// <summary>Relative half spread at the sample.</summary>
    /// <param name="sample">Sample index.</param>
    /// <returns>(ask − bid) / 2 / mid.</returns>
    public float HalfSpread(int sample) => DayOf(sample).HalfSpread[StepOf(sample)];

    /// <summary>Triple-barrier class: 0 lower, 1 vertical, 2 upper.</summary>
    /// <param name="sample">Sample index.</param>
    /// <returns>The class.</returns>
    public int Barrier(int sample) => DayOf(sample).Barrier[StepOf(sample)];

    private bool TargetsKnown(DistillationDay day, int i)
    {
        var h = _horizonSteps.Length;
        for (var k = 0; k < h; k++)
        {
            if (!float.IsFinite(day.GoldenReturn[(i * h) + k]) || !float.IsFinite(day.MidReturn[(i * h) + k]))
            {
                return false;
            }
        }

        return float.IsFinite(day.HalfSpread[i]) && double.IsFinite(day.LogMid[i]) && (i == 0 || double.IsFinite(day.LogMid[i - 1]));
    }

    /// <summary>For each row, the length of the run of good rows (finite, and warm when given) ending at it.</summary>
    private static int[] FiniteRunEnds(float[] rows, int width, int steps, bool[]? warm)
    {
        var run = new int[steps];
        var length = 0;
        for (var i = 0; i < steps; i++)
        {
            var ok = warm is null || warm[i];
            for (var j = 0; ok && j < width; j++)
            {
                ok = float.IsFinite(rows[(i * width) + j]);
            }

            length = ok ? length + 1 : 0;
            run[i] = length;
        }

        return run;
    }

    private static float[] Transform(FittedScaler scaler, FeatureSchema schema, float[] rows)
    {
        var d = schema.Width;
        var result = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var j = i % d;
            var v = (rows[i] - scaler.Mean[j]) / scaler.Scale[j];
            result[i] = float.IsFinite((float)v) ? (float)v : 0f;
        }

        return result;
    }
}
