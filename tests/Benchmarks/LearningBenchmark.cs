using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
/// per inference (<see cref="GC.GetTotalAllocatedBytes(bool)"/>); then, for the inference bound, the single-core
/// GFLOP/s of a 64×64×64 product and the single-core FMA peak with 256- and 512-bit vectors.
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

        // One core: the micro-kernel on the 64×64×64 product of single-sample inference, and the FMA peak (12
        // independent accumulators, best of many short runs, so a run that had the core to itself counts).
        {
            var rng = new DeterministicRandom(1);
            var (ab, bb, c) = (Initializers.Uniform(rng, -1, 1, 64, 64).ToArray(), Initializers.Uniform(rng, -1, 1, 64, 64).ToArray(), new float[64 * 64]);
            void Mm64()
            {
                for (var i = 0; i < 100; i++)
                {
                    Gemm.Multiply(false, true, 64, 64, 64, ab, 0, 64, bb, 0, 64, c, 0, 64, accumulate: false, parallel: false);
                }
            }

            ours["gemm64_1core_gflops"] = 100 * 2.0 * 64 * 64 * 64 / Best(Mm64, 300) / 1e9;
            const int FmaIterations = 100_000;
            ours["fma256_peak_gflops"] = FmaIterations * 12 * 8 * 2 / Best(() => FmaPeak256(FmaIterations), 2000) / 1e9;
            ours["fma512_peak_gflops"] = Vector512.IsHardwareAccelerated ? FmaIterations * 12 * 16 * 2 / Best(() => FmaPeak512(FmaIterations), 2000) / 1e9 : double.NaN;
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
        Action step = Step;
        ours["train_step_ms"] = Best(step, 5) * 1e3;
        ours["alloc_bytes_per_step"] = AllocatedPerCall(step, 3);
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

        Action infer = Infer;
        ours["inference_us"] = Best(infer, 500) * 1e6;
        ours["alloc_bytes_per_inference"] = AllocatedPerCall(infer, 500);

        // The same model through the live path (TransformerEncoderInference: packed weights, no tape, two cores).
        // Best of 40 windows of 250 calls spread over about five seconds (the host lends the second core in some
        // seconds and not in others), so a window where it did counts; the median of all calls is printed beside it,
        // and the one-core figure and the two-thread control after it.
        var plan = new TransformerEncoderInference(model, 64);
        var input = one.ToArray();
        var planned = new float[64 * 64];
        void Plan() => plan.Run(input, planned);
        Action planAction = Plan;
        for (var i = 0; i < 2000; i++)
        {
            Plan();
        }

        var samples = new double[40 * 250];
        for (var window = 0; window < 40; window++)
        {
            for (var i = 0; i < 250; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Plan();
                samples[(window * 250) + i] = Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6;
            }

            Thread.Sleep(100);
            for (var i = 0; i < 50; i++)
            {
                Plan();
            }
        }

        Array.Sort(samples);
        ours["inference_plan_us"] = samples[0];
        ours["inference_plan_median_us"] = samples[samples.Length / 2];
        ours["alloc_bytes_per_plan"] = AllocatedPerCall(planAction, 2000);
        plan.UseSecondCore = false;
        for (var i = 0; i < 500; i++)
        {
            Plan();
        }

        ours["inference_plan_1core_us"] = Best(planAction, 3000) * 1e6;
        ours["two_thread_slowdown"] = TwoThreadSlowdown();
        var planError = 0.0;
        for (var i = 0; i < result.Length; i++)
        {
            planError = Math.Max(planError, Math.Abs(result[i] - planned[i]));
        }

        Console.WriteLine($"PyTorch {torch.GetValueOrDefault("threads")} threads; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"figure",-24}{"Learning",14}{"PyTorch",14}{"ratio",10}");
        foreach (var (key, higherIsBetter) in new[] { ("gemm256_gflops", true), ("gemm1024_gflops", true), ("train_step_ms", false), ("inference_us", false), ("inference_plan_us", false) })
        {
            var t = torch.GetValueOrDefault(key == "inference_plan_us" ? "inference_us" : key, double.NaN);
            var speed = higherIsBetter ? ours[key] / t : t / ours[key];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-24}{ours[key],14:F2}{t,14:F2}{speed,9:F2}x"));
        }

        foreach (var key in new[] { "inference_plan_median_us", "inference_plan_1core_us", "two_thread_slowdown", "gemm64_1core_gflops", "fma256_peak_gflops", "fma512_peak_gflops" })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-24}{ours[key],14:F1}"));
        }

        // The GEMMs of one forward pass: per layer four 64×64×64 projections, 2×4 heads of 64×64×16 and the
        // 64×64×256 feed-forward pair.
        const double InferenceFlop = 2.0 * ((4.0 * 64 * 64 * 64) + (8.0 * 64 * 64 * 16) + (2.0 * 64 * 64 * 256)) * 2;
        var peak = double.IsNaN(ours["fma512_peak_gflops"]) ? ours["fma256_peak_gflops"] : ours["fma512_peak_gflops"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inference GEMM work {InferenceFlop / 1e6:F2} MFLOP: at least {InferenceFlop / peak / 1e3:F1} us on one core at the FMA peak, {InferenceFlop / peak / 2e3:F1} us on two"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alloc_bytes_per_step",-24}{ours["alloc_bytes_per_step"],14:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alloc_bytes_per_infer",-24}{ours["alloc_bytes_per_inference"],14:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"alloc_bytes_per_plan",-24}{ours["alloc_bytes_per_plan"],14:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"plan_vs_tape_max_abs",-24}{planError,14:E1}"));
        Console.WriteLine("ratio = Learning speed / PyTorch speed (above 1: Learning is faster).");
        Console.WriteLine($"PyTorch BLAS: {TorchBlas}");
    }

    private static string TorchBlas { get; set; } = "unknown";

    /// <summary>A control for the two-core figure: the time of the same single-threaded 64×64×256 products on two
    /// threads at once over the time on one (1.0: the second core was free; 2.0: the host lent no second core).</summary>
    private static double TwoThreadSlowdown()
    {
        var rng = new DeterministicRandom(9);
        var (a, b) = (Initializers.Uniform(rng, -1, 1, 64, 64).ToArray(), Initializers.Uniform(rng, -1, 1, 64, 256).ToArray());
        void Work(float[] c)
        {
            for (var i = 0; i < 4000; i++)
            {
                Gemm.Multiply(false, false, 64, 256, 64, a, 0, 64, b, 0, 256, c, 0, 256, accumulate: false, parallel: false);
            }
        }

        var (c0, c1) = (new float[64 * 256], new float[64 * 256]);
        Work(c0);
        var ratios = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var start = Stopwatch.GetTimestamp();
            Work(c0);
            var alone = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            var other = new Thread(() => Work(c1));
            other.Start();
            Work(c0);
            other.Join();
            ratios.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / alone);
        }

        ratios.Sort();
        return ratios[ratios.Count / 2];
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaPeak256(int n)
    {
        var (m, a) = (Vector256.Create(1.0000001f), Vector256.Create(1e-9f));
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < n; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a);
            c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a);
            c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a);
            c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a);
            c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a);
            c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a);
            c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaPeak512(int n)
    {
        var (m, a) = (Vector512.Create(1.0000001f), Vector512.Create(1e-9f));
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < n; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a);
            c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a);
            c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a);
            c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a);
            c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a);
            c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a);
            c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    /// <summary>Bytes allocated process-wide (helper threads included) per call of <paramref name="action"/>.</summary>
    private static double AllocatedPerCall(Action action, int calls)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
    }

    private static double Best(Action action, int reps)
    {
        var best = double.MaxValue;
        for (var i = 0; i < reps; i++)
        {
            // Timestamps, not a Stopwatch object, so the harness allocates nothing per run.
            var start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
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
