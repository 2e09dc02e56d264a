using BenchmarkDotNet.Attributes;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Cost of one sizing decision of the portfolio (target: policy ≤ 5 µs). Baseline: fractional Kelly
/// (<see cref="KellySizer.SizeGaussian"/>: fraction, caps, whole units, change). Then the <c>policy@</c> decision as
/// <c>PortfolioBook.OnForecast</c> makes it: <see cref="PolicyState.Write"/> (state row), the Beta head's serving
/// position (<see cref="PolicyHeadInference.Position"/>, head [4, 32, 32, 2] tanh, the default hidden sizes) and
/// <see cref="PolicySizer.TargetPosition"/> plus the change; and the head's forward pass alone. 1,024 forecasts drawn
/// once from a seeded generator (μ/σ ~ U(−2, 2), σ ~ U(0.5, 2)·1e-3 over 60 s, trend and realised volatility of the
/// same order), used in turn.
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class PolicySizingBenchmarks
{
    private const int Forecasts = 1_024;
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(60);
    private readonly KellySizingOptions _caps = new(0.25, 0.10, 100_000m, allowShort: true);
    private readonly float[] _state = new float[PolicyState.Width];
    private (double Mu, double Sigma, double Rv, double Trend)[] _forecasts = [];
    private KellySizer _kelly = null!;
    private PolicyHeadInference _head = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(11);
        _forecasts = [.. Enumerable.Range(0, Forecasts).Select(_ =>
        {
            var sigma = (0.5 + (1.5 * random.NextDouble())) * 1e-3;
            return (((4 * random.NextDouble()) - 2) * sigma, sigma, (0.5 + random.NextDouble()) * 1e-4, ((2 * random.NextDouble()) - 1) * 1e-5);
        })];
        _kelly = new KellySizer(_caps);
        _head = new PolicyHeadInference(new PolicyHead(new PolicyHeadConfig { Features = PolicyState.Width, Hidden = [32, 32], Activation = Activation.Tanh }, new DeterministicRandom(12)));
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "Kelly: KellySizer.SizeGaussian")]
    public long Kelly()
    {
        var f = _forecasts[_next];
        _next = (_next + 1) & (Forecasts - 1);
        return _kelly.SizeGaussian(f.Mu, f.Sigma * f.Sigma, 1_000_000m, 100m, Quantity.FromUnits(100)).Delta.Raw;
    }

    [Benchmark(Description = "policy: PolicyState.Write + head + PolicySizer")]
    public long Policy()
    {
        var f = _forecasts[_next];
        _next = (_next + 1) & (Forecasts - 1);
        PolicyState.Write(f.Mu, f.Sigma, Horizon, f.Rv, f.Trend, _state);
        var p = _head.Position(_state);
        return KellySizer.Change(PolicySizer.TargetPosition(p, _caps, 1_000_000m, 100m), Quantity.FromUnits(100)).Delta.Raw;
    }

    [Benchmark(Description = "head only: PolicyHeadInference.Position [4, 32, 32, 2]")]
    public float HeadOnly()
    {
        var f = _forecasts[_next];
        _next = (_next + 1) & (Forecasts - 1);
        _state[0] = (float)(f.Mu / f.Sigma);
        return _head.Position(_state);
    }
}
