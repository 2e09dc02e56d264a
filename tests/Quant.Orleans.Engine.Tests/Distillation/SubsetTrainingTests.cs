using Quant.Orleans.Core;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Engine.Tests.Distillation;

/// <summary><see cref="DistillationPipeline.Train"/> on a subset of its samples (the purged k-fold of the nightly
/// validation): the subset's rows are all it reads, and without a subset it trains as it always did.</summary>
public sealed class SubsetTrainingTests
{
    private static readonly DateOnly Monday = new(2013, 10, 7);

    /// <summary>Two symbols on two days: samples of both symbols interleave in time, as the grid's do.</summary>
    private static DistillationDay[] Days() =>
    [
        SyntheticDays.Day("AAA", Monday, 1500, 1),
        SyntheticDays.Day("AAA", Monday.AddDays(1), 1500, 2),
        SyntheticDays.Day("BBB", Monday, 1500, 11),
        SyntheticDays.Day("BBB", Monday.AddDays(1), 1500, 12),
    ];

    /// <summary>The middle fold's training rows of a 3-fold purged k-fold with a 1 % embargo (a hole in time, as
    /// the validation step trains on).</summary>
    private static Fold MiddleFold(DistillationSamples samples, DistillationOptions options)
    {
        var longest = options.Dataset.Horizons.Max().Ticks * 100L;
        var spans = Enumerable.Range(0, samples.Count).Select(s =>
        {
            var t = samples.DayOf(s).Times[samples.StepOf(s)];
            return new LabelSpan(t, t + longest);
        }).ToArray();
        return new PurgedKFold(3, PurgedKFold.EmbargoFromFraction(spans.Length, 0.01)).Split(spans)[1];
    }

    private static void AssertSameModels(TrainedModels expected, TrainedModels actual)
    {
        Assert.Equal(SafeTensors.Serialize(expected.Student.StateDict()), SafeTensors.Serialize(actual.Student.StateDict()));
        Assert.Equal(SafeTensors.Serialize(expected.Teacher.StateDict()), SafeTensors.Serialize(actual.Teacher.StateDict()));
        Assert.Equal(SafeTensors.Serialize(expected.Loss.StateDict()), SafeTensors.Serialize(actual.Loss.StateDict()));
        Assert.Equal(expected.StudentScaler.Mean, actual.StudentScaler.Mean);
        Assert.Equal(expected.StudentScaler.Scale, actual.StudentScaler.Scale);
        Assert.Equal(expected.TeacherScaler.Mean, actual.TeacherScaler.Mean);
        Assert.Equal(expected.TeacherScaler.Scale, actual.TeacherScaler.Scale);
        Assert.Equal(expected.NaiveScales, actual.NaiveScales);
        Assert.Equal(expected.Ridge.Select(r => (r.RawWeights.ToArray(), r.RawOffset)), actual.Ridge.Select(r => (r.RawWeights.ToArray(), r.RawOffset)));
        Assert.Equal((expected.TrainingSamples, expected.ValidationSamples), (actual.TrainingSamples, actual.ValidationSamples));
        Assert.Equal(expected.TrainingDays, actual.TrainingDays);
    }

    [Fact]
    public void EverySampleAsTheSubsetTrainsExactlyAsNoSubset()
    {
        var options = SyntheticDays.TinyOptions(5);
        var days = Days();
        var all = Enumerable.Range(0, new DistillationSamples(days, options, options.SampleStride).Count).ToArray();
        var plain = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);
        var subset = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default, allowedSamples: all);
        AssertSameModels(plain, subset);
    }

    [Fact]
    public void RowsThatNoAllowedSampleReadsAreNeverRead()
    {
        var options = SyntheticDays.TinyOptions(5);
        var clean = Days();
        var samples = new DistillationSamples(clean, options, options.SampleStride);
        var allowed = MiddleFold(samples, options).Train;
        Assert.InRange(allowed.Length, 1, samples.Count - 1);

        // Every row some allowed sample's windows reach (student i − L … i, teacher i − (P − 1)·stride … i + F·stride),
        // per data set; targets are read at the sample's own step only.
        var reach = clean.Select(d => new bool[d.Steps]).ToArray();
        var own = clean.Select(d => new bool[d.Steps]).ToArray();
        var back = Math.Max(options.StudentWindow, (options.TeacherPast - 1) * options.TeacherStride);
        var ahead = options.TeacherFuture * options.TeacherStride;
        foreach (var s in allowed)
        {
            var d = Array.IndexOf(clean, samples.DayOf(s));
            var i = samples.StepOf(s);
            own[d][i] = true;
            for (var r = Math.Max(0, i - back); r <= Math.Min(clean[d].Steps - 1, i + ahead); r++)
            {
                reach[d][r] = true;
            }
        }

        // Finite garbage everywhere else (finite, and barriers keep their known/unknown pattern, so the sample set and
        // its indices do not move): features and levels outside the reach, targets and labels at every other step,
        // the test block's and the purged and embargoed rows' included.
        var corrupted = Days();
        var random = new DeterministicRandom(99);
        var changedTargets = 0;
        for (var d = 0; d < corrupted.Length; d++)
        {
            var day = corrupted[d];
            var h = day.Horizons.Length;
            for (var i = 0; i < day.Steps; i++)
            {
                if (!reach[d][i])
                {
                    for (var j = 0; j < DistillationSchemas.Student.Width; j++)
                    {
                        day.Student[(i * DistillationSchemas.Student.Width) + j] = (float)(1000 * random.NextGaussian());
                    }

                    for (var j = 0; j < DistillationSchemas.Teacher.Width; j++)
                    {
                        day.Teacher[(i * DistillationSchemas.Teacher.Width) + j] = (float)(1000 * random.NextGaussian());
                    }

                    day.LogMid[i] += random.NextGaussian();
                    day.GoldenLevel[i] -= random.NextGaussian();
                }

                if (!own[d][i])
                {
                    for (var k = 0; k < h; k++)
                    {
                        if (float.IsFinite(day.GoldenReturn[(i * h) + k]))
                        {
                            day.GoldenReturn[(i * h) + k] = (float)random.NextGaussian();
                            day.MidReturn[(i * h) + k] = (float)random.NextGaussian();
                            changedTargets++;
                        }
                    }

                    day.HalfSpread[i] = (float)Math.Abs(random.NextGaussian());
                    day.Barrier[i] = day.Barrier[i] < 0 ? day.Barrier[i] : (sbyte)random.NextInt(3);
                }
            }
        }

        var after = new DistillationSamples(corrupted, options, options.SampleStride);
        Assert.Equal(samples.Count, after.Count);
        Assert.True(changedTargets > samples.Count);

        var a = DistillationPipeline.Train(clean, options, null, null, TextWriter.Null, default, allowedSamples: allowed);
        var b = DistillationPipeline.Train(corrupted, options, null, null, TextWriter.Null, default, allowedSamples: allowed);
        AssertSameModels(a, b);

        // The garbage is material: without the subset it moves the weights, and the subset trains another model.
        var everything = DistillationPipeline.Train(corrupted, options, null, null, TextWriter.Null, default);
        Assert.NotEqual(SafeTensors.Serialize(a.Student.StateDict()), SafeTensors.Serialize(everything.Student.StateDict()));
        Assert.True(a.TrainingSamples + a.ValidationSamples <= allowed.Length);
    }

    [Fact]
    public void TheValidationSplitInsideASubsetIsItsLastBlockPurgedAndEveryWholeSetSplitIsUnchanged()
    {
        var options = SyntheticDays.TinyOptions();
        var samples = new DistillationSamples(Days(), options, options.SampleStride);
        var whole = samples.PurgedValidationSplit();
        var wholeAsSubset = samples.PurgedValidationSplit(Enumerable.Range(0, samples.Count).ToArray());
        Assert.Equal(whole.Train, wholeAsSubset.Train);
        Assert.Equal(whole.Validation, wholeAsSubset.Validation);

        var allowed = MiddleFold(samples, options).Train;
        var (train, validation) = samples.PurgedValidationSplit(allowed);
        Assert.Subset(allowed.ToHashSet(), train.ToHashSet());
        Assert.Subset(allowed.ToHashSet(), validation.ToHashSet());
        Assert.NotEmpty(validation);

        // The last of ValidationFolds blocks of the allowed samples (numpy array_split sizes), and no training label
        // reaches into it.
        var size = allowed.Length / options.ValidationFolds;
        var extra = allowed.Length % options.ValidationFolds;
        var firstOfLast = ((options.ValidationFolds - 1) * size) + Math.Min(options.ValidationFolds - 1, extra);
        Assert.Equal(allowed[firstOfLast..], validation);
        var longest = options.Dataset.Horizons.Max().Ticks * 100L;
        long Time(int x) => samples.DayOf(x).Times[samples.StepOf(x)];
        var block = new LabelSpan(Time(validation[0]), Time(validation[^1]) + longest);
        Assert.All(train, t => Assert.False(new LabelSpan(Time(t), Time(t) + longest).Overlaps(block)));
        Assert.True(train.Length + validation.Length < allowed.Length);
    }

    [Fact]
    public void ABadSubsetFailsNamingThePosition()
    {
        var options = SyntheticDays.TinyOptions();
        var days = Days();
        var unsorted = Assert.Throws<ArgumentException>(() => DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default, allowedSamples: [0, 5, 5, 6]));
        Assert.Equal("allowedSamples", unsorted.ParamName);
        Assert.Contains("allowedSamples[2] = 5 is not above allowedSamples[1] = 5", unsorted.Message, StringComparison.Ordinal);
        var outside = Assert.Throws<ArgumentException>(() => DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default, allowedSamples: [0, -1]));
        Assert.Contains("allowedSamples[1] = -1 is not a sample index", outside.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default, allowedSamples: [.. Enumerable.Range(0, 40)]));
    }
}
