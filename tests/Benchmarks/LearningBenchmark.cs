using System.Diagnostics;
using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- learning</c>: the same workloads in Quant.Orleans.Learning and
/// in Debian's PyTorch (<c>/usr/bin/python3 learning_torch.py</c>, spawned by this command), best of several runs,
/// printed side by side with ratios: GEMM GFLOP/s at 256² and 1024², one AdamW training step of a 2-layer pre-norm
/// encoder (d 64, 4 heads, seq 64, batch 256, ff 256), single-sample inference (inside <see cref="GradientTape.Inference"/>), and bytes allocated per training step and
/// per inference (<see cref="GC.GetTotalAllocatedBytes(bool)"/>).
/// </summary>
public static class LearningBenchmark
{
    /// <summary>Runs both sides and prints the table.</summary>
    public static void Run()
    {
        var torch = RunTorch();
        var ours = new Dictionary<string, double>();
        foreach (var n in new[] { 256, 1024 })
        {
            var rng = new DeterministicRandom(1);
            var a = Initializers.Uniform(rng, -1, 1, n, n);
            var b = Initializers.Uniform(rng, -1, 1, n, n);
            var (ab, bb, c) = (a.ToArray(), b.ToArray(), new float[n * n]);
            void Mm() => Gemm.Multiply(false, false, n, n, n, ab, 0, n, bb, 0, n, c, 0, n, accumulate: false);
            ours[$"gemm{n}_gflops"] = 2.0 * n * n * n / Best(Mm, n == 256 ? 50 : 8) / 1e9;
        }

        var random = new DeterministicRandom(2);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var opt = new AdamW(model.Parameters(), 1e-3f);
        var x = Initializers.Normal(random, 0, 1, 256, 64, 64);
        var y = Initializers.Normal(random, 0, 1, 256, 64, 64);
        void Step()
        {
            opt.ZeroGrad();
            MseLoss.Compute(model.Forward(x), y).Backward();
            opt.Step();
            GradientTape.Current.EndStep();
        }

        Step();
        Step();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        ours["train_step_ms"] = Best(Step, 5) * 1e3;
        ours["alloc_bytes_per_step"] = (GC.GetTotalAllocatedBytes(precise: true) - before) / 5.0;
        var one = Initializers.Normal(random, 0, 1, 1, 64, 64);
        var result = new float[64 * 64];
        void Infer()
        {
            using (GradientTape.Inference())
            {
                model.Forward(one).CopyTo(result);
            }
        }

        for (var i = 0; i < 200; i++)
        {
            Infer();
        }

        before = GC.GetTotalAllocatedBytes(precise: true);
        ours["inference_us"] = Best(Infer, 500) * 1e6;
        ours["alloc_bytes_per_inference"] = (GC.GetTotalAllocatedBytes(precise: true) - before) / 500.0;

        Console.WriteLine($"PyTorch {torch.GetValueOrDefault("threads")} threads; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"figure",-24}{"Learning",14}{"PyTorch",14}{"ratio",10}");
        foreach (var (key, higherIsBetter) in new[] { ("gemm256_gflops", true), ("gemm1024_gflops", true), ("train_step_ms", false), ("inference_us", false) })
        {
            var t = torch.GetValueOrDefault(key, double.NaN);
            var speed = higherIsBetter ? ours[key] / t : t / ours[key];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-24}{ours[key],14:F2}{t,14:F2}{speed,9:F2}x"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alloc_bytes_per_step",-24}{ours["alloc_bytes_per_step"],14:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alloc_bytes_per_infer",-24}{ours["alloc_bytes_per_inference"],14:F0}"));
        Console.WriteLine("ratio = Learning speed / PyTorch speed (above 1: Learning is faster).");
        Console.WriteLine($"PyTorch BLAS: {TorchBlas}");
    }

    private static string TorchBlas { get; set; } = "unknown";

    private static double Best(Action action, int reps)
    {
        var best = double.MaxValue;
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static Dictionary<string, double> RunTorch()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "learning_torch.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", script) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var result = new Dictionary<string, double>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            var parts = line.Split(' ', 2);
            if (parts[0] == "torch_blas_info")
            {
                TorchBlas = parts[1];
            }
            else if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                result[parts[0]] = v;
            }
        }

        p.WaitForExit();
        return result;
    }
}
