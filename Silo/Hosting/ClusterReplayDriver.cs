using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains.Interfaces;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>
/// <c>serve --replay</c> in a cluster: every silo runs this service and exactly one at a time drives the replay, the
/// holder of the account's <see cref="IReplayLeaseGrain"/>. The holder renews the lease every
/// <see cref="RenewInterval"/>; the others ask for it as often and stand by. When the holder dies, the lease passes as
/// soon as Orleans's membership declares it dead (or after <see cref="LeaseTimeToLive"/> without a renewal), and the
/// new holder's <see cref="ReplayJob"/> resumes from the progress the account journaled: the symbol grains skip what
/// they already have, and the account ignores signals it already sized. A holder that stops gracefully releases the
/// lease at once; one that cannot renew it for a whole time to live stops driving (another silo may hold it by then).
/// A failed run (e.g. storage unavailable) is retried from the recorded progress after <see cref="RetryDelay"/>.
/// Registered after the Orleans silo, so it stops (and releases the lease) before the silo does.
/// </summary>
public sealed class ClusterReplayDriver : BackgroundService
{
    /// <summary>How long a grant lasts without a renewal.</summary>
    public static readonly TimeSpan LeaseTimeToLive = TimeSpan.FromSeconds(5);

    /// <summary>How often the holder renews the lease and the others ask for it.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long after a failed run the holder tries again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly ReplaySettings _settings;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly TextWriter _output;
    private ReplayJob? _job;

    /// <summary>Creates the driver of <paramref name="settings"/>'s replay.</summary>
    public ClusterReplayDriver(ReplaySettings settings, IGrainFactory grains, ILocalSiloDetails silo, TextWriter output)
    {
        _settings = settings;
        _grains = grains;
        _silo = silo;
        _output = output;
    }

    /// <summary>The job this silo runs or ran last, or null while it has never driven.</summary>
    public ReplayJob? Job => Volatile.Read(ref _job);

    /// <summary>Times this silo took the lease.</summary>
    public int Takeovers { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing may stop the host: a failure is reported and the loop carries on (the lease decides who drives).
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeaseLoopAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                await WriteAsync($"replay: unexpected failure ({e.GetType().Name}: {e.Message}); trying again in {RetryDelay.TotalSeconds:0} s");
                await Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        var lease = _grains.GetGrain<IReplayLeaseGrain>(_settings.Account);
        var self = _silo.SiloAddress;
        SiloAddress? announced = null;
        var unavailable = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            ReplayLease state;
            try
            {
                state = await lease.Acquire(self, LeaseTimeToLive);
                unavailable = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!unavailable)
                {
                    await WriteAsync($"replay: the lease of account {_settings.Account} cannot be read ({e.Message}); retrying every {RenewInterval.TotalSeconds:0} s");
                    unavailable = true;
                }

                await Delay(RenewInterval, stoppingToken);
                continue;
            }

            if (state.Completed)
            {
                await WriteAsync($"replay: account {_settings.Account}'s replay is complete (last driven by {state.Holder}); this silo serves only");
                return;
            }

            if (!state.Granted)
            {
                if (!Equals(announced, state.Holder))
                {
                    await WriteAsync($"replay: driven by silo {state.Holder}; this silo stands by");
                    announced = state.Holder;
                }

                await Delay(RenewInterval, stoppingToken);
                continue;
            }

            announced = null;
            Takeovers++;
            if (await DriveAsync(lease, self, state.Generation, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Runs the job while holding the lease; true when the replay is done or the silo is stopping.</summary>
    private async Task<bool> DriveAsync(IReplayLeaseGrain lease, SiloAddress self, long generation, CancellationToken stoppingToken)
    {
        await WriteAsync($"replay: this silo drives account {_settings.Account}'s replay (lease generation {generation})");
        using var driving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lost = false;
        var renewal = Task.Run(
            async () =>
            {
                var renewed = DateTime.UtcNow;
                while (true)
                {
                    await Delay(RenewInterval, driving.Token);
                    if (driving.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        var state = await lease.Acquire(self, LeaseTimeToLive);
                        if (!state.Granted)
                        {
                            lost = true;
                        }
                        else
                        {
                            renewed = DateTime.UtcNow;
                        }
                    }
                    catch (Exception)
                    {
                        // The lease grain's silo may have just died: the grant stands until its time to live is up.
                        lost = DateTime.UtcNow - renewed >= LeaseTimeToLive;
                    }

                    if (lost)
                    {
                        await driving.CancelAsync();
                    }
                }
            },
            CancellationToken.None);
        try
        {
            var job = new ReplayJob(_settings, _grains);
            Volatile.Write(ref _job, job);
            var result = await job.RunAsync(driving.Token);
            await driving.CancelAsync();
            await renewal;
            var completed = await lease.Complete(self);
            var rate = result.Elapsed.TotalSeconds > 0 ? (result.EventsDelivered - job.ResumedAfterEvents) / result.Elapsed.TotalSeconds : 0;
            await WriteAsync(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"replay finished: {result.EventsDelivered} events ({job.ResumedAfterEvents} re-read after a restart), {result.Record.Orders.Length} orders, in {result.Elapsed.TotalSeconds:0.00} s ({rate:0} events/s; {result.Quality.RecordsInspected} records read){(completed ? string.Empty : "; the lease had passed to another silo meanwhile")}"));
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await driving.CancelAsync();
            await renewal;
            try
            {
                await lease.Release(self).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
                await WriteAsync("replay: stopping; the lease is released for another silo");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await WriteAsync($"replay: stopping; the lease could not be released ({e.Message}), another silo takes it within {LeaseTimeToLive.TotalSeconds:0} s");
            }

            return true;
        }
        catch (OperationCanceledException) when (lost)
        {
            await renewal;
            await WriteAsync("replay: the lease was lost (not renewed in time); this silo stands by");
            return false;
        }
        catch (Exception e)
        {
            await driving.CancelAsync();
            await renewal;
            await WriteAsync($"replay: the run failed ({e.GetType().Name}: {e.Message}); retrying from the recorded progress in {RetryDelay.TotalSeconds:0} s");
            await Delay(RetryDelay, stoppingToken);
            return stoppingToken.IsCancellationRequested;
        }
    }

    /// <summary>Writes a line prefixed with the UTC time (to the millisecond), so operators can line up a takeover
    /// with the kill that caused it.</summary>
    private Task WriteAsync(string line) => _output.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping or cancelled: the caller checks its token.
        }
    }
}
