using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Models;

/// <summary>Shapes, ranges, configuration checks and finite-difference gradients of the teacher and the student.</summary>
public sealed class ChronosModelTests
{
    [Fact]
    public void TeacherGivesLogitsPerHorizonAndBin()
    {
        var config = new ChronosTeacherConfig { InputFeatures = 5, Window = 20, Model = 16, Heads = 4, Layers = 2, FeedForward = 32, Horizons = 3, Bins = 7 };
        var teacher = new ChronosTeacher(config, new DeterministicRandom(1));
        using (GradientTape.NoGrad())
        {
            var logits = teacher.Forward(Initializers.Normal(new DeterministicRandom(2), 0, 1, 4, 20, 5));
            Assert.Equal([4, 3, 7], logits.Shape);
            Assert.All(logits.ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void StudentGivesItsFourHeadsAndPositionStaysWithinPlusMinusOne()
    {
        var student = new ChronosStudent(new ChronosStudentConfig(), new DeterministicRandom(1));
        using (GradientTape.NoGrad())
        {
            // Large inputs push tanh to its limits: still within [-1, 1].
            var y = student.Forward(Initializers.Normal(new DeterministicRandom(3), 0, 30, 5, 64, 8));
            Assert.Equal([5, 3, 9], y.Quantiles.Shape);
            Assert.Equal([5, 3, 64], y.Logits.Shape);
            Assert.Equal([5], y.Position.Shape);
            Assert.Equal([5, 3], y.BarrierLogits.Shape);
            Assert.All(y.Position.ToArray(), p => Assert.InRange(p, -1f, 1f));
        }
    }

    [Fact]
    public void StudentWithAnAllOnesMaskEqualsNoMaskAndAMaskChangesTheOutput()
    {
        var config = ChronosParityTests.FixtureStudent;
        var student = new ChronosStudent(config, new DeterministicRandom(4));
        var x = Initializers.Normal(new DeterministicRandom(5), 0, 1, 2, 12, 3);
        using (GradientTape.NoGrad())
        {
            var plain = student.Forward(x).Quantiles.ToArray();
            Assert.Equal(plain, student.Forward(x, Tensor.Ones(2, 12, 3)).Quantiles.ToArray());
            var mask = Tensor.Ones(2, 12, 3);
            mask[0] = 0f;
            Assert.NotEqual(plain, student.Forward(x, mask).Quantiles.ToArray());
        }
    }

    [Fact]
    public void ConfigurationsAndInputsAreCheckedWithTheSettingNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChronosStudentConfig { Window = 60, PatchLength = 8 }.Validate());
        Assert.Contains("Window 60 must be a multiple of PatchLength (8)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChronosTeacherConfig { Model = 30, Heads = 4 }.Validate());
        Assert.Contains("Model width 30 must be a multiple of Heads (4)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChronosTeacherConfig { Bins = 1 }.Validate());
        Assert.Contains("Bins must be at least 2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChronosStudentConfig { QuantileCount = 0 }.Validate());
        Assert.Contains("QuantileCount must be positive; got 0", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new ChronosTeacher(new ChronosTeacherConfig { Dropout = 1f }, new DeterministicRandom(1)));
        Assert.Contains("Dropout must lie in [0, 1)", e.Message, StringComparison.Ordinal);

        var student = new ChronosStudent(ChronosParityTests.FixtureStudent, new DeterministicRandom(1));
        var bad = Assert.Throws<ArgumentException>(() => student.Forward(Tensor.Zeros(2, 11, 3)));
        Assert.Contains("(batch, 12, 3)", bad.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => student.Forward(Tensor.Zeros(2, 12, 3), Tensor.Ones(2, 12, 2)));
    }

    [Fact]
    public void TeacherGradientsMatchFiniteDifferences()
    {
        var config = new ChronosTeacherConfig { InputFeatures = 2, Window = 5, Model = 4, Heads = 2, Layers = 1, FeedForward = 6, Horizons = 2, Bins = 3 };
        var teacher = new ChronosTeacher(config, new DeterministicRandom(11));
        var x = GradCheck.Input(12, 2, 5, 2);
        GradCheck.Check(a => teacher.Forward(a[0]), [x]);
        var parameters = teacher.Parameters().ToArray();
        GradCheck.Check(_ => teacher.Forward(x), parameters);
    }

    [Fact]
    public void StudentGradientsMatchFiniteDifferences()
    {
        var config = new ChronosStudentConfig { InputFeatures = 2, Window = 6, PatchLength = 2, Model = 4, Heads = 2, Layers = 1, FeedForward = 6, Horizons = 2, Bins = 3, QuantileCount = 2 };
        var student = new ChronosStudent(config, new DeterministicRandom(13));
        var x = GradCheck.Input(14, 2, 6, 2);
        foreach (var head in new Func<StudentOutput, Tensor>[] { o => o.Quantiles, o => o.Logits, o => o.Position, o => o.BarrierLogits })
        {
            GradCheck.Check(a => head(student.Forward(a[0])), [x]);
        }

        GradCheck.Check(_ => All(student.Forward(x)), student.Parameters().ToArray());
    }

    /// <summary>Every output flattened into one (n) vector (so one cotangent covers all four heads).</summary>
    private static Tensor All(StudentOutput o) => Ops.Concat(
        Ops.Concat(Ops.Reshape(o.Quantiles, -1), Ops.Reshape(o.Logits, -1), 0),
        Ops.Concat(o.Position, Ops.Reshape(o.BarrierLogits, -1), 0),
        0);
}
