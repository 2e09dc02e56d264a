using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>
/// The <c>bench-cluster</c> command: the configured replay, as fast as it goes (<c>--speed 0</c>), through a cluster of
/// 1, 2, … <c>--silos</c> silo processes on loopback over one Azure Storage (an Azurite of its own unless
/// <c>Cluster:ConnectionString</c> is set), each size in a fresh cluster; prints events/s per size and the ratio to one
/// silo. The driver's own count and time are used (its <c>replay finished</c> line), so start-up is not counted.
/// </summary>
public static partial class ClusterBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>Runs the benchmark; 0 when every size finished, 2 otherwise.</summary>
    public static async Task<int> RunAsync(SiloSettings settings, int maxSilos, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (maxSilos is < 1 or > 9)
        {
            await Console.Error.WriteLineAsync($"--silos must be 1..9, got {maxSilos}.");
            return 2;
        }

        await using var azurite = string.IsNullOrEmpty(settings.Cluster.ConnectionString) ? await LocalAzurite.StartNewAsync(cancellationToken) : null;
        var connection = azurite?.ConnectionString ?? settings.Cluster.ConnectionString!;
        var replay = settings.Replay;
        await output.WriteLineAsync($"bench-cluster: replay of {string.Join(',', replay.Symbols.DefaultIfEmpty("all symbols"))} {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd} as fast as it goes, journal in Azure blobs, {Environment.ProcessorCount} cores");
        double? single = null;
        for (var size = 1; size <= maxSilos; size++)
        {
            var id = $"bench-{DateTime.UtcNow:HHmmss}-{size}-{Random.Shared.Next(0x10000):x4}";
            var values = ClusterSiloSettings.For(replay, connection, id, speed: 0);
            var silos = Enumerable.Range(1, size).Select(i => new ChildSilo($"silo-{i}", values, ["serve", "--cluster", "--replay"])).ToArray();
            try
            {
                foreach (var silo in silos)
                {
                    silo.Start();
                }

                var clock = Stopwatch.StartNew();
                Match? finished = null;
                while (finished is null && clock.Elapsed < Limit && silos.All(s => s.IsRunning))
                {
                    finished = silos.Select(s => FinishedLine().Match(s.Log)).FirstOrDefault(m => m.Success);
                    await Task.Delay(200, cancellationToken);
                }

                if (finished is null)
                {
                    await output.WriteLineAsync($"{size} silos: the replay did not finish within {Limit.TotalMinutes:0} min:\n{string.Join("\n", silos.Select(s => $"--- {s.Name}\n{s.Log}"))}");
                    return 2;
                }

                var events = long.Parse(finished.Groups["events"].Value, CultureInfo.InvariantCulture);
                var seconds = double.Parse(finished.Groups["seconds"].Value, CultureInfo.InvariantCulture);
                var records = long.Parse(finished.Groups["records"].Value, CultureInfo.InvariantCulture);
                var rate = events / seconds;
                single ??= rate;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{size} silo{(size == 1 ? " " : "s")}: {records:N0} records ({events:N0} events) in {seconds:0.00} s, {records / seconds:N0} records/s, {rate:N0} events/s, {rate / single.Value:0.00} x one silo"));
            }
            finally
            {
                await Task.WhenAll(silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
                foreach (var silo in silos)
                {
                    await silo.DisposeAsync();
                }
            }
        }

        return 0;
    }

    [GeneratedRegex(@"replay finished: (?<events>\d+) events \(0 re-read after a restart\), \d+ orders, in (?<seconds>[\d.]+) s \(\d+ events/s; (?<records>\d+) records read\)")]
    private static partial Regex FinishedLine();
}
