using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// A short job so the whole grid suite finishes in a few minutes on 2 cores: one launch, 3 warm-up and 10 measured
/// iterations of about 250 ms. In-process (no generated project to build), so every figure comes from the same
/// process and runtime settings.
/// </summary>
public sealed class GridBenchmarkConfig : ManualConfig
{
    public GridBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond, CategoriesColumn.Default);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
