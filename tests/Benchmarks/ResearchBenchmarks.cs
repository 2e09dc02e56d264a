using BenchmarkDotNet.Attributes;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Labels;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Research hot paths on one core, each against a reference pass over the same 1M-element input in the same process:
/// triple-barrier labelling of 1M ticks (an event at every tick, barriers at ±1σ EWMA, vertical barrier 50 ticks)
/// against one <c>Math.Log</c> per tick; purged 5-fold splitting with embargo of 1M samples (overlapping labels of up
/// to 50 samples) against copying 1M indices five times.
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class ResearchBenchmarks
{
    private const int N = 1_000_000;
    private long[] _times = [];
    private double[] _prices = [];
    private double[] _volatility = [];
    private int[] _events = [];
    private TripleBarrierLabel[] _labels = [];
    private LabelSpan[] _spans = [];
    private double[] _logs = [];
    private int[] _copy = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new DeterministicRandom(42);
        _times = new long[N];
        _prices = new double[N];
        _prices[0] = 100;
        for (var i = 0; i < N; i++)
        {
            _times[i] = i * 10_000_000L;
            if (i > 0)
            {
                _prices[i] = _prices[i - 1] * Math.Exp(0.0002 * rng.NextGaussian());
            }
        }

        _volatility = new double[N];
        EwmaVolatility.Compute(_prices, 100, _volatility);
        _events = Enumerable.Range(1, N - 1).ToArray(); // index 0 has no volatility yet (EWMA of returns is NaN there)
        _labels = new TripleBarrierLabel[N - 1];
        _spans = new LabelSpan[N];
        for (var i = 0; i < N; i++)
        {
            _spans[i] = new LabelSpan(i, i + rng.NextInt(50));
        }

        _logs = new double[N];
        _copy = new int[N];
    }

    [Benchmark(Baseline = true, Description = "Labels: reference, Math.Log of 1M ticks")]
    [BenchmarkCategory("Labels")]
    public double LogReference()
    {
        for (var i = 0; i < N; i++)
        {
            _logs[i] = Math.Log(_prices[i]);
        }

        return _logs[N - 1];
    }

    [Benchmark(Description = "Labels: triple barrier, 1M ticks, 1M events")]
    [BenchmarkCategory("Labels")]
    public int TripleBarrier()
    {
        TripleBarrierLabeler.Label(_times, _prices, _volatility, _events, [], new TripleBarrierOptions { MaxHoldingObservations = 50 }, _labels);
        return _labels[N / 2].TouchIndex;
    }

    [Benchmark(Baseline = true, Description = "CV: reference, copy 1M indices x5")]
    [BenchmarkCategory("CV")]
    public int CopyReference()
    {
        for (var f = 0; f < 5; f++)
        {
            _events.CopyTo(_copy, 0);
        }

        return _copy[N - 1];
    }

    [Benchmark(Description = "CV: purged 5-fold + embargo 1%, 1M samples")]
    [BenchmarkCategory("CV")]
    public int PurgedKFoldSplit() => new PurgedKFold(5, PurgedKFold.EmbargoFromFraction(N, 0.01)).Split(_spans)[2].Train.Length;
}
