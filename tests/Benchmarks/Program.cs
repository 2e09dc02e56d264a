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

        if (args is ["distill"])
        {
            DistillBenchmark.Run();
            return;
        }

        if (args is ["journal", ..])
        {
            JournalBenchmark.Run(args.Length > 1 ? args[1] : null);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary));
    }
}
