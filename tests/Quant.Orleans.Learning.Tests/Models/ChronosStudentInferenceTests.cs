using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Models;

public sealed class ChronosStudentInferenceTests
{
    public static TheoryData<int> Configs => [0, 1];

    private static ChronosStudentConfig Config(int which) => which == 0
        ? new ChronosStudentConfig()
        : ChronosParityTests.FixtureStudent; // d 8, ff 16, 3 patches: every dimension padded

    [Theory]
    [MemberData(nameof(Configs))]
    public void EqualsTheTapePathForOneWindow(int which)
    {
        var config = Config(which);
        var student = new ChronosStudent(config, new DeterministicRandom(21));
        var plan = new ChronosStudentInference(student);
        var random = new DeterministicRandom(22);
        for (var trial = 0; trial < 3; trial++)
        {
            var x = Initializers.Normal(random, 0, 1, 1, config.Window, config.InputFeatures);
            float[] q, k, b, p;
            using (GradientTape.Inference())
            {
                student.Training = false;
                var y = student.Forward(x);
                (q, k, b, p) = (y.Quantiles.ToArray(), y.Logits.ToArray(), y.BarrierLogits.ToArray(), y.Position.ToArray());
            }

            var (pq, pk, pb) = (new float[q.Length], new float[k.Length], new float[3]);
            var position = plan.Run(x.ToArray(), pq, pk, pb);
            // Float32 in another summation order (FMA tiles against the blocked GEMM): TorchParityFloat32's reason.
            Tolerance.AssertAllClose(Array.ConvertAll(q, v => (double)v), Array.ConvertAll(pq, v => (double)v), Tolerance.TorchParityFloat32, "quantiles");
            Tolerance.AssertAllClose(Array.ConvertAll(k, v => (double)v), Array.ConvertAll(pk, v => (double)v), Tolerance.TorchParityFloat32, "logits");
            Tolerance.AssertAllClose(Array.ConvertAll(b, v => (double)v), Array.ConvertAll(pb, v => (double)v), Tolerance.TorchParityFloat32, "barrier logits");
            Tolerance.AssertClose(p[0], position, Tolerance.TorchParityFloat32, "position");
        }
    }

    [Fact]
    public void AllocatesNothingPerCallAndRefusesBadInput()
    {
        var config = new ChronosStudentConfig();
        var plan = new ChronosStudentInference(new ChronosStudent(config, new DeterministicRandom(3))) { UseSecondCore = false };
        var window = Initializers.Normal(new DeterministicRandom(4), 0, 1, config.Window * config.InputFeatures).ToArray();
        var (q, k, b) = (new float[27], new float[192], new float[3]);
        for (var i = 0; i < 50; i++)
        {
            plan.Run(window, q, k, b);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            plan.Run(window, q, k, b);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        window[17] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => plan.Run(window, q, k, b));
        Assert.Contains("step 2, feature 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => plan.Run(window.AsSpan(1), q, k, b));
    }
}
