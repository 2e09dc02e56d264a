using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Quant.Orleans.Benchmarks;

/// <summary>Runs the benchmarks selected by the command line (<c>--filter '*Grid*'</c>; see README.md).</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["learning"])
        {
            LearningBenchmark.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary));
    }
}
