using BenchmarkDotNet.Attributes;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.Wavelets;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Per-tick cost of one UKF step (predict over Δt + update with one scalar observation) for n = 2, 4, 6, each against
/// <see cref="NaiveUnscentedKalmanFilter"/> on the same model and the same observations in the same process. n = 2 is
/// the symbols' <see cref="LocalLinearTrendModel"/>; n = 4 and 6 are blocks of 2 and 3 local linear trends observed
/// through their summed levels (<see cref="LinearGaussianModel"/>, F = blockdiag([[1, 1], [0, 1]]), H = [1, 0, 1, 0, …]).
/// Observations: a pre-generated ring of 4,096 random-walk values, Δt drawn in [0.01, 1) s.
/// Also the per-tick cost of the symbols' causal filter front end with W = 256, LA(8), J = 4, reflection boundary, soft
/// threshold: one <see cref="SlidingWaveletDenoiser.Push"/> + <see cref="SlidingWaveletDenoiser.DenoiseNewest"/>
/// (target ≤ 10 µs), and one <see cref="SlidingWaveletUkf.Step"/> with the denoising on every tick (interval 0) feeding
/// the n = 2 UKF; the window is full before measuring. One class so that the joined summary has one orderer.
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private const int Ring = 4_096;
    private readonly double[] _z = new double[Ring];
    private readonly double[] _dt = new double[Ring];
    private readonly double[] _obs = new double[1];
    private UnscentedKalmanFilter[] _fast = [];
    private NaiveUnscentedKalmanFilter[] _naive = [];
    private SlidingWaveletDenoiser _denoiser = null!;
    private SlidingWaveletUkf _wavelet = null!;
    private double _time;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new DeterministicRandom(17);
        var level = 0.0;
        for (var t = 0; t < Ring; t++)
        {
            _dt[t] = 0.01 + (0.99 * rng.NextDouble());
            level += 1e-2 * rng.NextGaussian() * Math.Sqrt(_dt[t]);
            _z[t] = level + (3e-3 * rng.NextGaussian());
        }

        _fast = new UnscentedKalmanFilter[3];
        _naive = new NaiveUnscentedKalmanFilter[3];
        for (var b = 0; b < 3; b++)
        {
            var model = Model(b + 1);
            var n = model.StateDimension;
            var x0 = new double[n];
            var p0 = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                p0[(i * n) + i] = 1e-4;
            }

            _fast[b] = new UnscentedKalmanFilter(model, new MerweScaledSigmaPoints(n), x0, p0);
            _naive[b] = new NaiveUnscentedKalmanFilter(model, new MerweScaledSigmaPoints(n), x0, p0);
        }

        var options = new WaveletDenoiseOptions { Wavelet = WaveletFamily.La8, Levels = 4 };
        _denoiser = new SlidingWaveletDenoiser(256, options);
        var ukf = new UnscentedKalmanFilter(new LocalLinearTrendModel(4e-9, 1e-14, 1e-9), new MerweScaledSigmaPoints(2), [0.0, 0.0], [1e-9, 0.0, 0.0, 1e-12]);
        _wavelet = new SlidingWaveletUkf(ukf, new SlidingWaveletDenoiser(256, options), 0.0);
        for (var t = 0; t < 512; t++)
        {
            _denoiser.Push(1e-2 * _z[t]);
            _time += 0.1;
            _wavelet.Step(_time, 1e-2 * _z[t]);
        }
    }

    [Benchmark(Baseline = true, Description = "UKF n=2: naive reference")]
    [BenchmarkCategory("Ukf2")]
    public double UkfNaive2() => NaiveStep(0);

    [Benchmark(Description = "UKF n=2: UnscentedKalmanFilter")]
    [BenchmarkCategory("Ukf2")]
    public double UkfFast2() => FastStep(0);

    [Benchmark(Baseline = true, Description = "UKF n=4: naive reference")]
    [BenchmarkCategory("Ukf4")]
    public double UkfNaive4() => NaiveStep(1);

    [Benchmark(Description = "UKF n=4: UnscentedKalmanFilter")]
    [BenchmarkCategory("Ukf4")]
    public double UkfFast4() => FastStep(1);

    [Benchmark(Baseline = true, Description = "UKF n=6: naive reference")]
    [BenchmarkCategory("Ukf6")]
    public double UkfNaive6() => NaiveStep(2);

    [Benchmark(Description = "UKF n=6: UnscentedKalmanFilter")]
    [BenchmarkCategory("Ukf6")]
    public double UkfFast6() => FastStep(2);

    [Benchmark(Description = "Wavelet W=256 LA8 J=4: push + denoise newest")]
    [BenchmarkCategory("Wavelet")]
    public double WaveletDenoiseStep()
    {
        var t = _i = (_i + 1) & (Ring - 1);
        _denoiser.Push(1e-2 * _z[t]);
        return _denoiser.DenoiseNewest();
    }

    [Benchmark(Description = "Wavelet W=256 LA8 J=4 + UKF n=2: SlidingWaveletUkf.Step, denoise every tick")]
    [BenchmarkCategory("Wavelet")]
    public double WaveletUkfStep()
    {
        var t = _i = (_i + 1) & (Ring - 1);
        _time += 0.1;
        _wavelet.Step(_time, 1e-2 * _z[t]);
        return _wavelet.Filter.State[0];
    }

    private double FastStep(int b)
    {
        var t = _i = (_i + 1) & (Ring - 1);
        _obs[0] = _z[t];
        var f = _fast[b];
        f.Step(_dt[t], _obs);
        return f.State[0];
    }

    private double NaiveStep(int b)
    {
        var t = _i = (_i + 1) & (Ring - 1);
        _obs[0] = _z[t];
        var f = _naive[b];
        f.Step(_dt[t], _obs);
        return f.State[0];
    }

    private static IStateSpaceModel Model(int blocks)
    {
        if (blocks == 1)
        {
            return new LocalLinearTrendModel(1e-4, 1e-8, 1e-5);
        }

        var n = 2 * blocks;
        var f = new double[n * n];
        var h = new double[n];
        var q = new double[n * n];
        for (var b = 0; b < blocks; b++)
        {
            var i = 2 * b;
            // Block 0 is a local linear trend; the others are damped (φ = 0.9) so that the unobserved parts stay bounded.
            var phi = b == 0 ? 1.0 : 0.9;
            f[(i * n) + i] = phi;
            f[(i * n) + i + 1] = 1.0;
            f[((i + 1) * n) + i + 1] = phi;
            h[i] = 1.0;
            q[(i * n) + i] = 1e-4 / blocks;
            q[((i + 1) * n) + i + 1] = 1e-8;
        }

        return new LinearGaussianModel(n, 1, f, h, q, [1e-5]);
    }
}
