using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- learning</c>: the same workloads in Quant.Orleans.Learning and
/// in Debian's PyTorch (<c>/usr/bin/python3 learning_torch.py</c>, spawned by this command), best of several runs,
/// printed side by side with ratios: GEMM GFLOP/s at 256² and 1024², one AdamW training step of a 2-layer pre-norm
/// encoder (d 64, 4 heads, seq 64, batch 256, ff 256), single-sample inference (inside <see cref="GradientTape.Inference"/>), and bytes allocated per training step and
/// per inference (<see cref="GC.GetTotalAllocatedBytes(bool)"/>); then, for the inference bound, the single-core
/// GFLOP/s of a 64×64×64 product and the single-core FMA peak with 256- and 512-bit vectors. Last, engine vs ONNX
/// Runtime vs PyTorch for one sample (<see cref="ServingColumns"/>): the benchmark encoder and the default student
/// forecaster, µs per call and the ratio against the engine.
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
        ServingColumns(model, input);
    }

    /// <summary>
    /// Engine vs ONNX Runtime vs PyTorch on one sample, in one run: the benchmark encoder above (2 pre-norm layers,
    /// d 64, 4 heads, ff 256, t 64) on one and two threads — the engine's <see cref="TransformerEncoderInference"/>
    /// (<see cref="TransformerEncoderInference.UseSecondCore"/> off / on), ONNX Runtime on
    /// <see cref="OnnxExport.Encoder"/>'s export (intra-op threads 1 / 2, sequential, all graph optimisations, inputs
    /// and outputs bound once), PyTorch's same modules (<c>learning_torch.py</c>, <c>torch.set_num_threads</c> 1 / 2,
    /// <c>no_grad</c>); and the default student (F 8, L 64, P 8, d 64, 4 heads, 2 layers, ff 128, H 3, K 64, Q 9) on
    /// one thread — <see cref="StudentForecaster.TryForecast"/> with the engine's network and with
    /// <see cref="OnnxStudentRunner"/> (tokens, network, post-processing), and PyTorch's student module of
    /// <c>distill_torch.py</c> (the network alone). A figure is the median of 15 rounds (µs per call) of 200 calls
    /// (engine and ONNX Runtime, rounds interleaved in this process) or of 20 calls (PyTorch, in a child process just
    /// before, after 20 calls of warm-up).
    /// The ratio is time / engine time (above 1: slower than the engine).
    /// </summary>
    private static void ServingColumns(TransformerEncoder encoder, float[] window)
    {
        const int Rounds = 15, Calls = 200, TorchCalls = 20;
        var torch = RunTorchServing(Rounds, TorchCalls);
        var rows = new List<(string Workload, int Threads, double Engine, double Ort, double Torch)>();

        // The encoder: engine plan vs ONNX Runtime, one and two threads.
        var plan = new TransformerEncoderInference(encoder, 64);
        var (planned, exported) = (new float[64 * 64], new float[64 * 64]);
        var encoderModel = OnnxExport.Encoder(encoder, 64);
        foreach (var threads in new[] { 1, 2 })
        {
            plan.UseSecondCore = threads == 2;
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                IntraOpNumThreads = threads,
                ExecutionMode = Microsoft.ML.OnnxRuntime.ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(encoderModel, options);
            var x = GC.AllocateArray<float>(64 * 64, pinned: true);
            var y = GC.AllocateArray<float>(64 * 64, pinned: true);
            window.CopyTo(x, 0);
            using var xValue = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(x, [1, 64, 64]);
            using var yValue = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(y, [1, 64, 64]);
            using var binding = session.CreateIoBinding();
            using var run = new Microsoft.ML.OnnxRuntime.RunOptions();
            binding.BindInput(OnnxExport.InputName, xValue);
            binding.BindOutput(OnnxExport.EncoderOutputName, yValue);
            void Engine() => plan.Run(window, planned);
            void Ort() => session.RunWithBinding(run, binding);
            var (engineUs, ortUs) = Interleaved(Engine, Ort, Rounds, Calls);
            y.CopyTo(exported, 0);
            rows.Add(("encoder (d 64, t 64, 2 layers)", threads, engineUs, ortUs, torch.GetValueOrDefault($"encoder_{threads}t_us", double.NaN)));
        }

        var encoderError = 0.0;
        for (var i = 0; i < planned.Length; i++)
        {
            encoderError = Math.Max(encoderError, Math.Abs(planned[i] - exported[i]));
        }

        // The default student behind the forecaster the symbol grain calls, one thread.
        var student = new ChronosStudent(new ChronosStudentConfig(), new DeterministicRandom(5)) { Training = false };
        var c = student.Config;
        var f = c.InputFeatures - 1;
        var (mean, scale) = (new double[f], Enumerable.Repeat(1.0, f).ToArray());
        var levels = Enumerable.Range(1, c.QuantileCount).Select(i => i / (float)(c.QuantileCount + 1)).ToArray();
        int[] steps = [10, 60, 300];
        var bins = new MeanScaleQuantizer(c.Bins, -8, 8);
        using var engineForecaster = new StudentForecaster(new EngineStudentNetwork(student), mean, scale, bins, levels, steps, 1e-5f);
        using var ortForecaster = new StudentForecaster(new OnnxStudentRunner(OnnxExport.Student(student)), mean, scale, bins, levels, steps, 1e-5f);
        var random = new DeterministicRandom(6);
        var studentRows = Enumerable.Range(0, c.Window * f).Select(_ => (float)random.NextGaussian()).ToArray();
        var logMids = new double[c.Window + 1];
        logMids[0] = Math.Log(100);
        for (var i = 1; i < logMids.Length; i++)
        {
            logMids[i] = logMids[i - 1] + (1e-4 * random.NextGaussian());
        }

        StudentForecast viaEngine = default, viaOrt = default;
        void EngineForecast() => engineForecaster.TryForecast(studentRows, logMids, 1, out viaEngine);
        void OrtForecast() => ortForecaster.TryForecast(studentRows, logMids, 1, out viaOrt);
        var (engineStudentUs, ortStudentUs) = Interleaved(EngineForecast, OrtForecast, Rounds, Calls);
        rows.Add(("student forecaster (default)", 1, engineStudentUs, ortStudentUs, torch.GetValueOrDefault("student_1t_us", double.NaN)));

        Console.WriteLine();
        Console.WriteLine($"Engine vs ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()} (CPU provider) vs PyTorch {TorchVersion}: one sample, us per call, median of {Rounds} rounds of {Calls} calls ({TorchCalls} for PyTorch)");
        Console.WriteLine($"{"workload",-32}{"threads",8}{"engine",10}{"ONNX RT",10}{"PyTorch",10}{"ORT/eng",10}{"PT/eng",10}");
        foreach (var (workload, threads, engine, ort, pt) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload,-32}{threads,8}{engine,10:F1}{ort,10:F1}{pt,10:F1}{ort / engine,9:F2}x{pt / engine,9:F2}x"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio = time / engine time (above 1: slower than the engine). Encoder |ONNX Runtime - engine| max {encoderError:E1}; forecast (60 s) expected log return {viaEngine.ExpectedLogReturn:E6} engine, {viaOrt.ExpectedLogReturn:E6} ONNX Runtime."));
        Console.WriteLine("PyTorch's student row is the network alone (no tokens, no post-processing); the engine's and ONNX Runtime's are the whole TryForecast.");
    }

    private static string TorchVersion { get; set; } = "unknown";

    /// <summary>Median µs per call of <paramref name="a"/> and <paramref name="b"/>, timed in alternating rounds of
    /// <paramref name="calls"/> calls after one round of warm-up each.</summary>
    private static (double A, double B) Interleaved(Action a, Action b, int rounds, int calls)
    {
        var (ta, tb) = (new double[rounds], new double[rounds]);
        for (var round = -1; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                a();
            }

            var middle = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                b();
            }

            var end = Stopwatch.GetTimestamp();
            if (round >= 0)
            {
                ta[round] = Stopwatch.GetElapsedTime(start, middle).TotalSeconds * 1e6 / calls;
                tb[round] = Stopwatch.GetElapsedTime(middle, end).TotalSeconds * 1e6 / calls;
            }
        }

        Array.Sort(ta);
        Array.Sort(tb);
        return (ta[rounds / 2], tb[rounds / 2]);
    }

    /// <summary>PyTorch's side of <see cref="ServingColumns"/>: the encoder of <c>learning_torch.py</c> and the student of
    /// <c>distill_torch.py</c> (both beside this program), one sample under <c>no_grad</c> in evaluation mode, median µs
    /// per call of <paramref name="rounds"/> rounds of <paramref name="calls"/> calls, on 1 and 2 threads
    /// (<c>torch.set_num_threads</c>; <c>OPENBLAS_NUM_THREADS=1</c>).</summary>
    private static Dictionary<string, double> RunTorchServing(int rounds, int calls)
    {
        var script = string.Join('\n',
            "import sys, time, torch",
            $"sys.path.insert(0, {System.Text.Json.JsonSerializer.Serialize(AppContext.BaseDirectory)})",
            "import learning_torch as lt, distill_torch as dt",
            "def per_call(fn):",
            "    ts = []",
            $"    for _ in range({rounds}):",
            "        t0 = time.perf_counter()",
            $"        for _ in range({calls}): fn()",
            $"        ts.append((time.perf_counter() - t0) / {calls})",
            "    ts.sort(); return ts[len(ts) // 2]",
            "torch.manual_seed(0)",
            "print('torch_version', 0, torch.__version__)",
            "enc = torch.nn.Sequential(lt.Layer(64, 4, 256), lt.Layer(64, 4, 256), torch.nn.LayerNorm(64)).eval()",
            "st = dt.Student().eval()",
            "one, w = torch.randn(1, 64, 64), torch.randn(1, 64, 8)",
            "with torch.no_grad():",
            "    for threads in (1, 2):",
            "        torch.set_num_threads(threads)",
            $"        for _ in range({calls}): enc(one); st(w)",
            "        print(f'encoder_{threads}t_us', per_call(lambda: enc(one)) * 1e6)",
            "        print(f'student_{threads}t_us', per_call(lambda: st(w)) * 1e6)");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-");

        // OpenBLAS's own thread pool off, so that torch.set_num_threads is the one thread setting (with it on, each
        // product also wakes OpenBLAS's threads, and on a loaded 2-core machine a 1-thread call took 8 ms instead of 0.7).
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var result = new Dictionary<string, double>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            var parts = line.Split(' ');
            if (parts[0] == "torch_version" && parts.Length == 3)
            {
                TorchVersion = parts[2];
            }
            else if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                result[parts[0]] = v;
            }
        }

        p.WaitForExit();
        return result;
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
