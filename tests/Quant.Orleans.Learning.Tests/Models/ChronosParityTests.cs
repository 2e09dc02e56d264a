using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Serialization;
using Quant.Orleans.Learning.Tensors;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Models;

/// <summary>Teacher and student against the PyTorch modules of Fixtures/make_chronos_fixtures.py (forward outputs,
/// input gradient and every parameter gradient of Σ_head Σ out·r), at Tolerance.TorchParityFloat32.</summary>
public sealed class ChronosParityTests
{
    internal static readonly ChronosTeacherConfig FixtureTeacher = new()
    {
        InputFeatures = 3, Window = 12, Model = 8, Heads = 2, Layers = 2, FeedForward = 16, Horizons = 2, Bins = 5,
    };

    internal static readonly ChronosStudentConfig FixtureStudent = new()
    {
        InputFeatures = 3, Window = 12, PatchLength = 4, Model = 8, Heads = 2, Layers = 2, FeedForward = 16, Horizons = 2, Bins = 5, QuantileCount = 3,
    };

    [Fact]
    public void TeacherForwardAndGradientsMatchTorch()
    {
        var f = Load("chronos.safetensors");
        var teacher = new ChronosTeacher(FixtureTeacher, new DeterministicRandom(1));
        LoadParameters(teacher, f, "teacher");
        var x = Leaf(f["teacher.x"]);
        GradientTape.Current.Clear();
        var logits = teacher.Forward(x);
        Assert.Equal([2, 2, 5], logits.Shape);
        AssertClose(f["teacher.out.logits"], logits, "teacher logits");
        Ops.SumAll(Ops.Mul(logits, f["teacher.r.logits"])).Backward();
        AssertGradients(teacher, x, f, "teacher");
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void StudentForwardAndGradientsMatchTorch()
    {
        var f = Load("chronos.safetensors");
        var student = new ChronosStudent(FixtureStudent, new DeterministicRandom(1));
        LoadParameters(student, f, "student");
        var x = Leaf(f["student.x"]);
        GradientTape.Current.Clear();
        var y = student.Forward(x);
        AssertClose(f["student.out.quantiles"], y.Quantiles, "quantiles");
        AssertClose(f["student.out.logits"], y.Logits, "logits");
        AssertClose(f["student.out.position"], y.Position, "position");
        AssertClose(f["student.out.barrier"], y.BarrierLogits, "barrier logits");
        var loss = Ops.Add(
            Ops.Add(Ops.SumAll(Ops.Mul(y.Quantiles, f["student.r.quantiles"])), Ops.SumAll(Ops.Mul(y.Logits, f["student.r.logits"]))),
            Ops.Add(Ops.SumAll(Ops.Mul(y.Position, f["student.r.position"])), Ops.SumAll(Ops.Mul(y.BarrierLogits, f["student.r.barrier"]))));
        loss.Backward();
        AssertGradients(student, x, f, "student");
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void StateDictNamesAreTheTorchPathsAndRoundTripThroughSafeTensors()
    {
        var f = Load("chronos.safetensors");
        var student = new ChronosStudent(FixtureStudent, new DeterministicRandom(1));
        var torchNames = f.Keys.Where(k => k.StartsWith("student.param.", StringComparison.Ordinal)).Select(k => k["student.param.".Length..]).Order(StringComparer.Ordinal);
        Assert.Equal(torchNames, student.StateDict().Keys.Order(StringComparer.Ordinal));
        var teacher = new ChronosTeacher(FixtureTeacher, new DeterministicRandom(1));
        var teacherNames = f.Keys.Where(k => k.StartsWith("teacher.param.", StringComparison.Ordinal)).Select(k => k["teacher.param.".Length..]).Order(StringComparer.Ordinal);
        Assert.Equal(teacherNames, teacher.StateDict().Keys.Order(StringComparer.Ordinal));

        var bytes = SafeTensors.Serialize(student.StateDict());
        var copy = new ChronosStudent(FixtureStudent, new DeterministicRandom(99));
        copy.LoadStateDict(SafeTensors.Read(bytes));
        foreach (var (name, p) in student.NamedParameters())
        {
            Assert.Equal(p.ToArray(), copy.StateDict()[name].ToArray());
        }
    }

    private static void LoadParameters(Module model, Dictionary<string, Tensor> f, string prefix)
    {
        var p = $"{prefix}.param.";
        model.LoadStateDict(f.Where(kv => kv.Key.StartsWith(p, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[p.Length..], kv => kv.Value));
    }

    private static void AssertGradients(Module model, Tensor x, Dictionary<string, Tensor> f, string prefix)
    {
        AssertClose(f[$"{prefix}.x.grad"], x.Grad!, $"{prefix} input grad");
        foreach (var (name, p) in model.NamedParameters())
        {
            Assert.NotNull(p.Grad);
            AssertClose(f[$"{prefix}.grad.{name}"], p.Grad!, $"{prefix} grad {name}");
        }
    }
}
