using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.Dashboard;
using Quant.Orleans.Dashboard;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>
/// <c>bench --dashboard</c>: the dashboards' overhead on the replay. Each round replays the same data twice through a
/// fresh private Orleans silo (memory storage) — once with no dashboard at all, once with both dashboards as
/// <c>serve</c> has them (the Orleans dashboard with its call profiler, polled once a second at
/// <c>/orleans/DashboardCounters</c>, and the trading dashboard with one real <see cref="HttpClient"/> reading
/// <c>/dashboard/api/stream</c> for the whole replay, its sampler reading the grains and Orleans's meters once a
/// second) — alternating which goes first, after one warm-up run that is not counted. It prints records/s per run, the median of each mode
/// and the relative difference (target: under 3%), and the median of the per-round differences (the two runs of a
/// round are adjacent in time, so a shared machine's drifting load affects both alike). Figures are ratios within one run, since these machines are shared.
/// </summary>
public static class DashboardBenchCommand
{
    /// <summary>Runs the benchmark and prints the table; returns 0.</summary>
    /// <param name="settings">What to replay.</param>
    /// <param name="rounds">Pairs of runs.</param>
    /// <param name="control">True for an A/A control: the "with client" runs connect no client either, so the
    /// printed difference is the benchmark's own noise on this machine.</param>
    /// <param name="output">Where the table goes.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    public static async Task<int> RunAsync(SiloSettings settings, int rounds, bool control, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var without = new List<double>();
        var with = new List<double>();
        var withoutCpu = new List<double>();
        var withCpu = new List<double>();
        var pairs = new List<double>();
        var busy = TimeSpan.Zero;
        var sampleCost = TimeSpan.Zero;
        var replayTime = 0.0;
        if (control)
        {
            await output.WriteLineAsync("A/A control: no run connects a client; the difference below is the benchmark's noise.");
        }

        var warmUp = await RunOnceAsync(settings, connected: true, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warm-up (not counted): {warmUp.Records / 1e6:0.00} M records in {warmUp.Seconds:0.00} s"));
        for (var round = 0; round < rounds; round++)
        {
            double? pairWith = null, pairWithout = null;
            foreach (var connected in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var run = await RunOnceAsync(settings, connected && !control, cancellationToken);
                (connected ? with : without).Add(run.RecordsPerSecond);
                if (connected)
                {
                    pairWith = run.RecordsPerSecond;
                }
                else
                {
                    pairWithout = run.RecordsPerSecond;
                }

                (connected ? withCpu : withoutCpu).Add(run.Records / run.CpuSeconds);
                if (connected && !control)
                {
                    sampleCost = run.SampleCpu;
                    busy += run.SamplerBusy;
                    replayTime += run.Seconds;
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1} {(connected ? (control ? "control B     " : "with client   ") : "without client")}: {run.Records / 1e6:0.00} M records in {run.Seconds:0.00} s = {run.RecordsPerSecond / 1e6:0.000} M records/s, {run.Records / run.CpuSeconds / 1e6:0.000} M records per CPU-s, {run.Samples} samples, {run.Events} stream events, sampler busy {run.SamplerBusy.TotalMilliseconds:0} ms"));
            }

            pairs.Add(1 - (pairWith!.Value / pairWithout!.Value));
        }

        var baseline = Median(without);
        var watched = Median(with);
        var baselineCpu = Median(withoutCpu);
        var watchedCpu = Median(withCpu);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"without dashboard client : {baseline / 1e6:0.000} M records/s, {baselineCpu / 1e6:0.000} M records per CPU-s (medians of {without.Count})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"with dashboard client    : {watched / 1e6:0.000} M records/s, {watchedCpu / 1e6:0.000} M records per CPU-s (medians of {with.Count})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"throughput difference    : {(baseline - watched) / baseline * 100:+0.00;-0.00;0.00}% of the baseline (target: under 3%; positive = slower with the client)"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"paired (same round)      : median {Median(pairs) * 100:+0.00;-0.00;0.00}%, rounds: {string.Join(" ", pairs.Select(p => (p * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)))}%"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"records per CPU-second   : {(baselineCpu - watchedCpu) / baselineCpu * 100:+0.00;-0.00;0.00}% (the process's CPU time, less sensitive to other load on a shared machine)"));
        if (!control)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"one sample, idle grid    : {sampleCost.TotalMilliseconds:0.000} ms of CPU (grid + trading views + JSON, mean of {CostSamples} after the replay) = {sampleCost.TotalMilliseconds / 10:0.000}% of one core at one sample per second"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sampler busy time        : {busy.TotalMilliseconds / (replayTime * 1000) * 100:0.000}% of the replays' wall time with a client"));
        }

        return 0;
    }

    /// <summary>Samples timed back to back after a replay with a client, for the per-sample CPU cost.</summary>
    private const int CostSamples = 50;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<(long Records, double Seconds, double RecordsPerSecond, double CpuSeconds, long Samples, long Events, TimeSpan SamplerBusy, TimeSpan SampleCpu)> RunOnceAsync(SiloSettings settings, bool connected, CancellationToken cancellationToken)
    {
        // The previous run's grid is garbage now: collect it here, so that neither mode pays for the other's.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var url = $"http://127.0.0.1:{FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

        // Without a client the silo has no dashboard at all; with one it has both, as `serve` does: the meter listener,
        // the Orleans dashboard (its grain call profiler on) and the trading dashboard.
        using var metrics = connected ? new OrleansMetrics() : null;
        builder.UseOrleans(silo =>
        {
            GridSiloConfiguration.Configure(silo, settings, new GridSiloOptions { MemoryStorage = true, Private = true });
            if (connected)
            {
                silo.AddDashboard(o => o.HideTrace = true);
            }
        });
        await using var app = builder.Build();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var job = new ReplayJob(settings.Replay, grains);
        await using var sampler = new DashboardSampler(grains, metrics ?? new OrleansMetrics(), settings.Replay.Account, TimeSpan.FromMilliseconds(settings.Dashboard.SampleIntervalMilliseconds), () => job);
        if (connected)
        {
            DashboardEndpoints.Map(app, sampler, tokenConfigured: false);
            app.MapOrleansDashboard(routePrefix: ServeCommand.OrleansDashboardPath);
        }

        await app.StartAsync(cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        long events = 0;
        var reader = Task.CompletedTask;
        var orleans = Task.CompletedTask;
        if (connected)
        {
            var response = await http.GetAsync("/dashboard/api/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            reader = Task.Run(
                async () =>
                {
                    using var body = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                    try
                    {
                        while (await body.ReadLineAsync(stop.Token) is { } line)
                        {
                            if (line.StartsWith("event: snapshot", StringComparison.Ordinal))
                            {
                                Interlocked.Increment(ref events);
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    finally
                    {
                        response.Dispose();
                    }
                },
                stop.Token);

            // The Orleans dashboard's page polls its counters once a second while open; so does this client.
            orleans = Task.Run(
                async () =>
                {
                    try
                    {
                        while (!stop.Token.IsCancellationRequested)
                        {
                            (await http.GetAsync($"{ServeCommand.OrleansDashboardPath}/DashboardCounters", stop.Token)).EnsureSuccessStatusCode();
                            await Task.Delay(1000, stop.Token);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                },
                stop.Token);

            // The run starts once the sampler is running for this client.
            while (!sampler.IsSampling)
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        var result = await job.RunAsync(cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        await stop.CancelAsync();
        await reader;
        await orleans;
        var samples = sampler.Samples;
        var busy = sampler.BusyTime;
        var sampleCpu = TimeSpan.Zero;
        if (connected)
        {
            // The grid is idle now and holds a whole replay's orders, fills and equity curve: the CPU one sample costs.
            await sampler.SampleAndSerializeAsync(cancellationToken);
            var before = Environment.CpuUsage.TotalTime;
            for (var i = 0; i < CostSamples; i++)
            {
                await sampler.SampleAndSerializeAsync(cancellationToken);
            }

            sampleCpu = (Environment.CpuUsage.TotalTime - before) / CostSamples;
        }

        await app.StopAsync(cancellationToken);
        var records = result.Quality.RecordsInspected;
        return (records, seconds, records / seconds, cpuSeconds, samples, Interlocked.Read(ref events), busy, sampleCpu);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
