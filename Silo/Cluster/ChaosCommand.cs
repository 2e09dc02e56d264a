using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>The <c>chaos</c> command (see <see cref="ChaosRun"/>): checks its options, runs, and answers 0 when every
/// invariant held, 1 when one failed, 2 for bad options or a cluster that could not start.</summary>
public static class ChaosCommand
{
    /// <summary>The replay speed of a chaos run when <c>--speed</c> is not given (× real time).</summary>
    public const double DefaultSpeed = 100;

    /// <summary>Runs the chaos command.</summary>
    public static async Task<int> RunAsync(SiloSettings settings, ChaosOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var problems = options.Validate().ToArray();
        if (problems.Length > 0)
        {
            await Console.Error.WriteLineAsync("Invalid options:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
            return 2;
        }

        settings.Replay.Speed ??= DefaultSpeed;
        try
        {
            return await new ChaosRun(settings, options, output).RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"chaos: {e.Message}");
            return 2;
        }
    }
}
