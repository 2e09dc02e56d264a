using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Tests.Models;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Onnx;

public sealed class OnnxStudentRunnerTests
{
    public static TheoryData<int> Sizes => [0, 1];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EqualsTheEngineForOneWindow(int which)
    {
        var student = OnnxExportTests.Student(which, 51);
        var c = student.Config;
        using var runner = new OnnxStudentRunner(OnnxExport.Student(student));
        Assert.Equal((c.Window, c.InputFeatures, c.Horizons, c.QuantileCount, c.Bins), (runner.Window, runner.Features, runner.Horizons, runner.QuantileCount, runner.Bins));
        var random = new DeterministicRandom(52);
        var (rq, rk, rb) = (new float[c.Horizons * c.QuantileCount], new float[c.Horizons * c.Bins], new float[3]);
        for (var trial = 0; trial < 3; trial++)
        {
            var x = Initializers.Normal(random, 0, 1, 1, c.Window, c.InputFeatures);
            float[] q, k, b, p;
            using (GradientTape.Inference())
            {
                student.Training = false;
                var y = student.Forward(x);
                (q, k, b, p) = (y.Quantiles.ToArray(), y.Logits.ToArray(), y.BarrierLogits.ToArray(), y.Position.ToArray());
            }

            var position = runner.Run(x.ToArray(), rq, rk, rb);

            // Float32 in another summation order and other erf/exp kernels: TorchParityFloat32's reason.
            Tolerance.AssertAllClose(Array.ConvertAll(q, v => (double)v), Array.ConvertAll(rq, v => (double)v), Tolerance.TorchParityFloat32, "quantiles");
            Tolerance.AssertAllClose(Array.ConvertAll(k, v => (double)v), Array.ConvertAll(rk, v => (double)v), Tolerance.TorchParityFloat32, "logits");
            Tolerance.AssertAllClose(Array.ConvertAll(b, v => (double)v), Array.ConvertAll(rb, v => (double)v), Tolerance.TorchParityFloat32, "barrier logits");
            Tolerance.AssertClose(p[0], position, Tolerance.TorchParityFloat32, "position");
        }
    }

    [Fact]
    public void LoadsAModelFileAndAllocatesNothingPerCall()
    {
        var student = OnnxExportTests.Student(1, 53);
        var path = Path.Combine(Path.GetTempPath(), $"qo-student-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var file = File.Create(path))
            {
                OnnxExport.WriteStudent(student, file);
            }

            using var runner = new OnnxStudentRunner(path);
            var window = Initializers.Normal(new DeterministicRandom(54), 0, 1, runner.Window * runner.Features).ToArray();
            var (q, k, b) = (new float[27], new float[192], new float[3]);
            for (var i = 0; i < 50; i++)
            {
                runner.Run(window, q, k, b);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 200; i++)
            {
                runner.Run(window, q, k, b);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RefusesBadInputAndAModelWithoutTheContract()
    {
        var student = OnnxExportTests.Student(0, 55);
        using var runner = new OnnxStudentRunner(OnnxExport.Student(student));
        var window = new float[runner.Window * runner.Features];
        var (q, k, b) = (new float[runner.Horizons * runner.QuantileCount], new float[runner.Horizons * runner.Bins], new float[3]);
        window[7] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => runner.Run(window, q, k, b));
        Assert.Contains("step 2, feature 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => runner.Run(window.AsSpan(1), q, k, b));
        Assert.Throws<ArgumentException>(() => runner.Run(new float[window.Length], q.AsSpan(1), k, b));

        var teacher = new ChronosTeacher(ChronosParityTests.FixtureTeacher, new DeterministicRandom(56));
        var missing = Assert.Throws<ArgumentException>(() => new OnnxStudentRunner(OnnxExport.Teacher(teacher)));
        Assert.Contains($"no output named '{OnnxExport.QuantilesName}'", missing.Message, StringComparison.Ordinal);

        runner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => runner.Run(new float[window.Length], q, k, b));
    }
}
