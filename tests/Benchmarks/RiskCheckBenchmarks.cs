using BenchmarkDotNet.Attributes;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Pre-trade check latency per order (target: under 1 µs). Baseline: the stateless per-order checks
/// (<see cref="PreTradeChecks"/>: quantity, prices, NBBO, collar, notional); then the full <see cref="RiskEngine"/>
/// accept path (state, restricted list, the per-order checks, position, gross exposure, capital threshold, duplicate
/// window over the last 64 orders, 1-second rate window), every rule on. Orders are 1 s of order time apart so none is
/// a duplicate or over the rate; the engine is renewed every 4,096 orders (amortised: well under 1 B per order).
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class RiskCheckBenchmarks
{
    private const int Orders = 4_096;
    private static readonly Symbol Ibm = new("IBM");
    private static readonly Quote Nbbo = new(Ibm, new UnixNanos(0), Price.FromDecimal(99.99m), Quantity.FromUnits(1_000), Price.FromDecimal(100.01m), Quantity.FromUnits(1_000));
    private static readonly RiskExposure Exposure = new(Quantity.FromUnits(300), Quantity.FromUnits(200), Quantity.FromUnits(100), 150_000m, 1_000_000m);

    private readonly RiskLimits _limits = new() { RestrictedSymbols = [new Symbol("XYZ"), new Symbol("ABC")] };
    private OrderRequest[] _orders = [];
    private PreTradeChecks _checks = null!;
    private RiskEngine _engine = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _orders = [.. Enumerable.Range(0, Orders).Select(i => OrderRequest.Limit(
            new ClOrdId($"B-{i}"), "BENCH", Ibm, i % 2 == 0 ? Side.Buy : Side.Sell, Quantity.FromUnits(1 + (i % 100)),
            i % 2 == 0 ? Nbbo.AskPrice : Nbbo.BidPrice, new UnixNanos(i * UnixNanos.NanosPerSecond), TimeInForce.Day))];
        _checks = new PreTradeChecks(_limits.Order);
        _engine = new RiskEngine(_limits);
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "PreTradeChecks.Check (per-order rules only)")]
    public bool OrderChecks()
    {
        var order = _orders[_next];
        _next = (_next + 1) & (Orders - 1);
        return _checks.Check(order, Nbbo).IsAccepted;
    }

    [Benchmark(Description = "RiskEngine.Check (every 15c3-5 rule, accept path)")]
    public bool EngineCheck()
    {
        if (_next == 0)
        {
            _engine = new RiskEngine(_limits); // order times start again at 0: a fresh engine (windows are in order time)
        }

        var order = _orders[_next];
        _next = (_next + 1) & (Orders - 1);

        var result = _engine.Check(order, Nbbo, Exposure);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException(result.Text);
        }

        return true;
    }
}
