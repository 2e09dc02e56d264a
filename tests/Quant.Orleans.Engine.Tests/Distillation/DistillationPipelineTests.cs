using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Engine.Tests.Distillation;

public sealed class DistillationPipelineTests : IDisposable
{
    private static readonly DateOnly Monday = new(2013, 10, 7);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qo-distill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static DistillationDay[] Days(int count, int steps = 1500) =>
        Enumerable.Range(0, count).Select(d => SyntheticDays.Day("AAA", Monday.AddDays(d), steps, (ulong)(d + 1))).ToArray();

    [Fact]
    public void StudentInputsDependOnlyOnThePastWhileTeacherInputsSeeTheFuture()
    {
        var options = SyntheticDays.TinyOptions();
        var day = SyntheticDays.Day("AAA", Monday, 1500, 9);
        var samples = new DistillationSamples([day], options, options.SampleStride);
        var all = Enumerable.Range(0, samples.Count).ToArray();
        var (studentScaler, teacherScaler) = samples.FitScalers(all);
        samples.Standardise(studentScaler, teacherScaler);
        var s = samples.Count / 2;
        var i = samples.StepOf(s);
        var studentBefore = new float[options.StudentWindow * DistillationSamples.StudentTokenWidth];
        var teacherBefore = new float[options.TeacherTokens * DistillationSamples.TeacherTokenWidth];
        samples.FillStudent([s], studentBefore);
        samples.FillTeacher([s], teacherBefore);

        // Rewrite everything after step i: the student's window must not move, the teacher's must.
        for (var k = i + 1; k < day.Steps; k++)
        {
            day.LogMid[k] += 0.01;
            day.GoldenLevel[k] -= 0.01;
            for (var j = 0; j < DistillationSchemas.Student.Width; j++)
            {
                day.Student[(k * DistillationSchemas.Student.Width) + j] += 1f;
            }
        }

        samples.Standardise(studentScaler, teacherScaler);
        var studentAfter = new float[studentBefore.Length];
        var teacherAfter = new float[teacherBefore.Length];
        samples.FillStudent([s], studentAfter);
        samples.FillTeacher([s], teacherAfter);
        Assert.Equal(studentBefore, studentAfter);
        Assert.NotEqual(teacherBefore, teacherAfter);
    }

    [Fact]
    public void TheValidationSplitIsPurgedAndNoTrainingLabelReachesIntoIt()
    {
        var options = SyntheticDays.TinyOptions();
        var samples = new DistillationSamples(Days(2), options, options.SampleStride);
        var (train, validation) = samples.PurgedValidationSplit();
        Assert.NotEmpty(validation);
        var longest = options.Dataset.Horizons.Max().Ticks * 100L;
        long Time(int x) => samples.DayOf(x).Times[samples.StepOf(x)];
        var first = validation.Min(Time);
        var last = validation.Max(Time);
        foreach (var t in train)
        {
            var span = new LabelSpan(Time(t), Time(t) + longest);
            Assert.False(span.Overlaps(new LabelSpan(first, last + longest)), $"training sample at {Time(t)} overlaps the validation block [{first}, {last + longest}]");
        }

        // The split is the last block in time, and samples were removed around it (purge + embargo).
        Assert.True(train.Max(Time) < first || train.Min(Time) > last);
        Assert.True(train.Length + validation.Length < samples.Count);
    }

    [Fact]
    public void TrainingIsBitForBitRepeatableForASeed()
    {
        var days = Days(2);
        var a = DistillationPipeline.Train(days, SyntheticDays.TinyOptions(5), null, null, TextWriter.Null, default);
        var b = DistillationPipeline.Train(days, SyntheticDays.TinyOptions(5), null, null, TextWriter.Null, default);
        var c = DistillationPipeline.Train(days, SyntheticDays.TinyOptions(6), null, null, TextWriter.Null, default);
        Assert.Equal(SafeTensors.Serialize(a.Student.StateDict()), SafeTensors.Serialize(b.Student.StateDict()));
        Assert.Equal(SafeTensors.Serialize(a.Teacher.StateDict()), SafeTensors.Serialize(b.Teacher.StateDict()));
        Assert.NotEqual(SafeTensors.Serialize(a.Student.StateDict()), SafeTensors.Serialize(c.Student.StateDict()));
    }

    [Fact]
    public void ModelFoldersRoundTripAndRefuseOptionsTheyWereNotTrainedWith()
    {
        var options = SyntheticDays.TinyOptions();
        var days = Days(2);
        var models = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);
        var written = DistillationModelStore.Write(_folder, models, days, options, new { note = "test" }, previous: null);
        Assert.Equal(written.Teacher.Version, written.Student.ParentTeacherVersion);
        Assert.Equal(DistillationModelStore.SourceHash(days), written.Student.Data.SourceHash);
        Assert.Equal([Monday, Monday.AddDays(1)], written.Student.Data.Days);

        var loaded = DistillationModelStore.Load(written.StudentFolder, options);
        Assert.Equal(SafeTensors.Serialize(models.Student.StateDict()), SafeTensors.Serialize(loaded.Student.StateDict()));
        Assert.Equal(SafeTensors.Serialize(models.Teacher.StateDict()), SafeTensors.Serialize(loaded.Teacher.StateDict()));
        Assert.Equal(models.Loss.LogVariances.ToArray(), loaded.Loss.LogVariances.ToArray());

        var horizons = Assert.Throws<ModelManifestMismatchException>(() => DistillationModelStore.Load(
            written.StudentFolder, options with { Dataset = options.Dataset with { Horizons = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)] } }));
        Assert.Contains("'horizons_seconds'", horizons.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ModelManifestMismatchException>(() => DistillationModelStore.Load(
            written.StudentFolder, options with { Student = options.Student with { Model = 32 } }));
        Assert.Contains("'architecture.model'", width.Message, StringComparison.Ordinal);

        // A refresh starts from the loaded weights and names what it refreshed.
        var refreshed = DistillationPipeline.Train(days, options, loaded, null, TextWriter.Null, default);
        var second = DistillationModelStore.Write(_folder, refreshed, days, options, new { note = "refresh" }, loaded);
        Assert.Equal(written.Student.Version, second.Student.PreviousVersion);
        Assert.Equal(written.Teacher.Version, second.Teacher.PreviousVersion);
    }

    [Fact]
    public void TheZeroForecastScoresOneOnWqlAndTheFlatPositionHasNoSortino()
    {
        var options = SyntheticDays.TinyOptions();
        var days = Days(3);
        var models = DistillationPipeline.Train(days[..2], options, null, null, TextWriter.Null, default);
        var test = new DistillationSamples([days[2]], options, options.EvaluationStride);
        test.Standardise(models.StudentScaler, models.TeacherScaler);
        var evaluation = Enumerable.Range(0, test.Count).ToArray();
        var forecasts = DistillationPipeline.Forecast(models, test, evaluation, options);
        Assert.Equal(["student", "teacher", "ridge", "zero"], forecasts.Select(f => f.Name));
        var fold = DistillationEvaluation.Score(days[2].Day, models.TrainingDays, models.TrainingSamples, test, evaluation, forecasts, models.NaiveScales, options);
        var zero = fold.Forecasters.Single(f => f.Name == "zero");
        Assert.All(zero.Horizons, h => Assert.Equal(1.0, h.WeightedQuantileLoss.Value, 6)); // levels are float32 (0.1f ≠ 0.1)
        Assert.True(double.IsNaN(zero.Sortino.Value));
        Assert.DoesNotContain(days[2].Day, fold.TrainingDays);
        Assert.All(forecasts.Single(f => f.Name == "student").Positions, p => Assert.InRange(p, -1, 1));

        // MASE of the zero forecast is mean |y| over the naive scale, computed independently here.
        for (var k = 0; k < options.Dataset.Horizons.Length; k++)
        {
            var meanAbs = evaluation.Average(s => Math.Abs(test.GoldenReturn(s, k)));
            Assert.Equal(meanAbs / models.NaiveScales[k], zero.Horizons[k].Mase.Value, 1e-6);
        }
    }

    [Fact]
    public void ARunKilledDuringTheStudentsTrainingResumesFromItsCheckpointsToTheSameWeights()
    {
        var options = SyntheticDays.TinyOptions(8);
        var days = Days(2);
        var uninterrupted = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);

        var checkpoints = Path.Combine(_folder, "checkpoints");
        using var cancel = new CancellationTokenSource();
        var epochEnds = 0;
        var killer = new Progress(p =>
        {
            epochEnds += p.EpochEnd ? 1 : 0;
            if (epochEnds == 2 && !p.EpochEnd)
            {
                cancel.Cancel(); // the teacher's epoch and the student's first are done
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => DistillationPipeline.Train(days, options, null, killer, TextWriter.Null, cancel.Token, checkpoints));
        Assert.True(Directory.Exists(Path.Combine(checkpoints, "student")));

        var resumed = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default, checkpoints);
        Assert.True(resumed.StudentReport.Resumed);
        Assert.Equal(SafeTensors.Serialize(uninterrupted.Teacher.StateDict()), SafeTensors.Serialize(resumed.Teacher.StateDict()));
        Assert.Equal(SafeTensors.Serialize(uninterrupted.Student.StateDict()), SafeTensors.Serialize(resumed.Student.StateDict()));
    }

    /// <summary>A synchronous progress sink (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(Action<Quant.Orleans.Learning.Training.TrainingProgress> report) : IProgress<Quant.Orleans.Learning.Training.TrainingProgress>
    {
        public void Report(Quant.Orleans.Learning.Training.TrainingProgress value) => report(value);
    }
}
