using System.Diagnostics;
using System.Globalization;
using System.Net;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>What a <c>chaos</c> run does.</summary>
/// <param name="Silos">Silos in the cluster, at least 2.</param>
/// <param name="Interval">Time between two kills.</param>
/// <param name="Duration">How long silos are killed and restarted.</param>
/// <param name="Seed">Seed of the random choices (victims between equals, order sides and sizes).</param>
/// <param name="OrderInterval">Time between two manual orders of the client load.</param>
public sealed record ChaosOptions(int Silos, TimeSpan Interval, TimeSpan Duration, int Seed, TimeSpan OrderInterval)
{
    /// <summary>Problems with the options, one message each.</summary>
    public IEnumerable<string> Validate()
    {
        if (Silos is < 2 or > 9)
        {
            yield return $"--silos must be 2..9, got {Silos}.";
        }

        if (Interval < TimeSpan.FromSeconds(5))
        {
            yield return $"--interval must be at least 5 s (a silo needs time to start), got {Interval.TotalSeconds:0.#} s.";
        }

        if (Duration < Interval)
        {
            yield return $"--duration ({Duration.TotalSeconds:0.#} s) must be at least --interval ({Interval.TotalSeconds:0.#} s).";
        }
    }
}

/// <summary>One kill of a chaos run and what followed it.</summary>
/// <param name="Number">1 for the first kill.</param>
/// <param name="Silo">The killed silo's name.</param>
/// <param name="At">Time since the start of the run.</param>
/// <param name="HostedAccount">True when the account was active on it.</param>
/// <param name="DroveReplay">True when it held the replay lease.</param>
/// <param name="AccountServedAfter">Time from the kill to the first answer of the account's grain through another
/// silo; null when none came within the limit.</param>
/// <param name="ReplayMovingAfter">Time from the kill to the first progress of the replay seen through another silo;
/// null when none came within the limit or the replay had already ended.</param>
public sealed record ChaosKill(int Number, string Silo, TimeSpan At, bool HostedAccount, bool DroveReplay, TimeSpan? AccountServedAfter, TimeSpan? ReplayMovingAfter);

/// <summary>
/// The <c>chaos</c> command's run: an Azurite (or <c>Cluster:ConnectionString</c>) and <see cref="ChaosOptions.Silos"/>
/// silos (<c>serve --cluster --replay</c> of the configured data) on loopback, a client placing a market order about
/// every <see cref="ChaosOptions.OrderInterval"/> through a random silo's gateway, and every
/// <see cref="ChaosOptions.Interval"/> one silo killed with SIGKILL (alternately the one where the account is active and
/// the replay's driver) and started again. For each kill it measures the time until the account answers again through
/// another silo and until the replay moves again. At the end it halts every account with the kill switch, reads the
/// account back and checks <see cref="ClusterInvariants"/> against every order a client saw; it prints each invariant
/// with its counts and returns 0 when all hold, 1 otherwise.
/// </summary>
public sealed class ChaosRun
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(50);

    private readonly SiloSettings _settings;
    private readonly ChaosOptions _options;
    private readonly TextWriter _output;
    private readonly Random _random;
    private readonly Dictionary<string, OrderView> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refused = new(StringComparer.Ordinal);
    private readonly List<ChaosKill> _kills = [];
    private readonly Stopwatch _clock = new();
    private List<ChildSilo> _silos = [];
    private int _ordersSent;

    /// <summary>Creates the run.</summary>
    public ChaosRun(SiloSettings settings, ChaosOptions options, TextWriter output)
    {
        _settings = settings;
        _options = options;
        _output = output;
        _random = new Random(options.Seed);
    }

    /// <summary>The kills so far.</summary>
    public IReadOnlyList<ChaosKill> Kills => _kills;

    private string Account => _settings.Replay.Account;

    private string Symbol => (_settings.Replay.Symbols.Length > 0 ? _settings.Replay.Symbols : ReplaySettingsDefaults).Order(StringComparer.Ordinal).First();

    private static IReadOnlyList<string> ReplaySettingsDefaults => Engine.Replay.ReplaySettings.DefaultSymbols;

    /// <summary>Runs the chaos; returns 0 when every invariant holds, 1 otherwise.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = string.IsNullOrEmpty(_settings.Cluster.ConnectionString) ? await LocalAzurite.StartNewAsync(cancellationToken) : null;
        var connection = azurite?.ConnectionString ?? _settings.Cluster.ConnectionString!;
        var id = $"chaos-{DateTime.UtcNow:yyyyMMddHHmmss}-{_random.Next(0x10000):x4}";
        _silos = [.. Enumerable.Range(1, _options.Silos).Select(i => new ChildSilo($"silo-{i}", Settings(connection, id), ["serve", "--cluster", "--replay"]))];
        await _output.WriteLineAsync(
            $"chaos: {_options.Silos} silos (cluster {id}), one killed (SIGKILL) and restarted every {_options.Interval.TotalSeconds:0.#} s for {_options.Duration.TotalSeconds:0.#} s, seed {_options.Seed}; " +
            $"storage: {(azurite is null ? "Cluster:ConnectionString" : "a private Azurite on loopback")}; replay of {string.Join(',', _settings.Replay.Symbols.DefaultIfEmpty("all symbols"))} {_settings.Replay.From:yyyy-MM-dd}..{_settings.Replay.To:yyyy-MM-dd} at {_settings.Replay.Speed ?? 0}x into {Account}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            foreach (var silo in _silos)
            {
                silo.Start();
            }

            _clock.Start();
            await WaitForClusterAsync(http, cancellationToken);
            await _output.WriteLineAsync($"chaos: {_options.Silos} silos active after {_clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", _silos.Select(s => $"{s.Name} {s.Url} (silo port {s.SiloPort})"))}");

            using var load = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var orders = Task.Run(() => PlaceOrdersAsync(load.Token), CancellationToken.None);
            // Kills on a fixed schedule (start + n × interval); one whose measurement overran its slot comes at once.
            var start = _clock.Elapsed;
            var kills = (int)(_options.Duration / _options.Interval);
            for (var number = 1; number <= kills && !cancellationToken.IsCancellationRequested; number++)
            {
                var due = start + (number * _options.Interval) - _clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                await KillOneAsync(number, http, cancellationToken);
            }

            await load.CancelAsync();
            await orders;
            return await CheckAsync(http, cancellationToken);
        }
        finally
        {
            await Task.WhenAll(_silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
            foreach (var silo in _silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Summary statistics of durations: count, median and worst, in seconds (<c>n=0</c> when empty).</summary>
    public static string Describe(IReadOnlyCollection<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return "n=0";
        }

        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"n={sorted.Length}, median {median.TotalSeconds:0.00} s, worst {sorted[^1].TotalSeconds:0.00} s");
    }

    private Dictionary<string, string> Settings(string connection, string id) =>
        ClusterSiloSettings.For(_settings.Replay, connection, id, _settings.Replay.Speed ?? 0);

    private async Task WaitForClusterAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartLimit)
        {
            foreach (var silo in _silos.Where(s => !s.IsRunning))
            {
                throw new InvalidOperationException($"{silo.Name} exited with code {silo.ExitCode} while the cluster started:\n{silo.Log}");
            }

            if (await TryGetAsync<ClusterView>(http, _silos[0], "api/cluster", cancellationToken) is { } view && view.Silos.Count(s => s.Status == "Active") == _silos.Count)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The {_silos.Count} silos were not all active within {StartLimit.TotalSeconds:0} s:\n{string.Join("\n", _silos.Select(s => $"--- {s.Name}\n{s.Log}"))}");
    }

    private async Task PlaceOrdersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var symbol = Symbol;
        var buy = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.OrderInterval, cancellationToken);
                var running = _silos.Where(s => s.IsRunning).ToArray();
                if (running.Length == 0)
                {
                    continue;
                }

                var silo = running[_random.Next(running.Length)];
                var clOrdId = $"chaos-{Interlocked.Increment(ref _ordersSent)}";
                var request = new NewOrderRequest(symbol, buy ? "buy" : "sell", 1 + _random.Next(50), "market", ClOrdId: clOrdId);
                buy = !buy;
                try
                {
                    using var response = await http.PostAsJsonAsync(new Uri(silo.Url, $"api/accounts/{Account}/orders"), request, GatewayJson.Options, cancellationToken);
                    if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<OrderResponse>(GatewayJson.Options, cancellationToken) is { } answer)
                    {
                        Seen(answer.Order);
                    }
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Refused($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}");
                    }
                }
                catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
                {
                    Refused("no connection (the silo is down or starting)");
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Refused($"no answer within {http.Timeout.TotalSeconds:0} s");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task KillOneAsync(int number, HttpClient http, CancellationToken cancellationToken)
    {
        var running = _silos.Where(s => s.IsRunning).ToArray();
        var observer = running[_random.Next(running.Length)];
        var view = await TryGetAsync<ClusterView>(http, observer, "api/cluster", cancellationToken);
        var accountSilo = view?.Accounts.FirstOrDefault(a => a.Account == Account)?.Silo;
        var driver = view?.Replay?.Driver;
        var wanted = number % 2 == 1 ? accountSilo ?? driver : driver ?? accountSilo;
        var victim = running.FirstOrDefault(s => wanted is not null && Hosts(wanted, s)) ?? running[_random.Next(running.Length)];
        var survivors = running.Where(s => s != victim).ToArray();

        // Every order the account shows before the kill is acknowledged: it must survive it.
        if (await TryGetAsync<OrderView[]>(http, survivors[0], $"api/accounts/{Account}/orders?status=all", cancellationToken) is { } before)
        {
            foreach (var order in before)
            {
                Seen(order);
            }
        }

        var progressBefore = view?.Replay?.EventsProcessed;
        var replayDone = view?.Replay?.Completed ?? false;
        var at = _clock.Elapsed;
        var wallClock = DateTime.UtcNow;
        var logBefore = survivors.ToDictionary(s => s, s => s.Log.Split('\n').Length);
        var killed = Stopwatch.StartNew();
        await victim.KillAsync();
        var account = WaitAsync(survivors, $"api/accounts/{Account}", _ => true, killed, cancellationToken);
        var replay = replayDone || progressBefore is null
            ? Task.FromResult<TimeSpan?>(null)
            : WaitAsync(survivors, "api/cluster", body => System.Text.Json.JsonSerializer.Deserialize<ClusterView>(body, GatewayJson.Options)!.Replay is { } r && (r.Completed || r.EventsProcessed > progressBefore), killed, cancellationToken);
        victim.Start();
        var kill = new ChaosKill(number, victim.Name, at, accountSilo is not null && Hosts(accountSilo, victim), driver is not null && Hosts(driver, victim), await account, await replay);
        _kills.Add(kill);
        var roles = string.Join(" and ", new[] { kill.HostedAccount ? $"hosted {Account}" : null, kill.DroveReplay ? "drove the replay" : null }.OfType<string>().DefaultIfEmpty("hosted neither the account nor the driver"));
        await _output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"kill {number}: {victim.Name} ({victim.Endpoint}; {roles}) at {at.TotalSeconds:0.0} s ({wallClock:HH:mm:ss.fff} UTC): account served again after {Seconds(kill.AccountServedAfter)}, replay moving after {(replayDone ? "- (replay complete)" : Seconds(kill.ReplayMovingAfter))}; restarted"));
        foreach (var survivor in survivors)
        {
            // What the others said about the replay since the kill (who took it over, and when).
            foreach (var line in survivor.Log.Split('\n').Skip(logBefore[survivor] - 1).Where(l => l.Contains(" replay", StringComparison.Ordinal)))
            {
                await _output.WriteLineAsync($"  {survivor.Name}: {line}");
            }
        }
    }

    private static bool Hosts(string siloAddress, ChildSilo silo) => siloAddress.Contains($":{silo.SiloPort}", StringComparison.Ordinal);

    private static string Seconds(TimeSpan? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalSeconds:0.00} s") : $"none within {FailoverLimit.TotalSeconds:0} s";

    /// <summary>Polls <paramref name="path"/> on the survivors (in turn) until an answer satisfies <paramref name="done"/>;
    /// the time on <paramref name="since"/> then, or null after <see cref="FailoverLimit"/>.</summary>
    private static async Task<TimeSpan?> WaitAsync(ChildSilo[] survivors, string path, Func<string, bool> done, Stopwatch since, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var turn = 0;
        while (since.Elapsed < FailoverLimit && !cancellationToken.IsCancellationRequested)
        {
            var silo = survivors[turn++ % survivors.Length];
            try
            {
                using var response = await http.GetAsync(new Uri(silo.Url, path), cancellationToken);
                if (response.IsSuccessStatusCode && done(await response.Content.ReadAsStringAsync(cancellationToken)))
                {
                    return since.Elapsed;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not served yet.
            }

            await Task.Delay(PollDelay, cancellationToken);
        }

        return null;
    }

    private async Task<int> CheckAsync(HttpClient http, CancellationToken cancellationToken)
    {
        // The cluster settles (every silo back and active), then the kill switch halts every account, so the books
        // stop moving and can be read consistently.
        await WaitForClusterAsync(http, cancellationToken);
        var gateway = _silos[0];
        using (var kill = await http.PostAsJsonAsync(new Uri(gateway.Url, "api/risk/kill"), new KillRequest(null, "chaos: end of run"), GatewayJson.Options, cancellationToken))
        {
            var halted = await kill.Content.ReadFromJsonAsync<KillResponse>(GatewayJson.Options, cancellationToken);
            await _output.WriteLineAsync($"kill switch: {(int)kill.StatusCode}, {halted?.Accounts.Length ?? 0} accounts halted ({string.Join(", ", halted?.Accounts ?? [])})");
        }

        OrderView[] orders = [];
        FillView[] fills = [];
        PortfolioView? account = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var fillsBefore = await TryGetAsync<FillView[]>(http, gateway, $"api/accounts/{Account}/fills", cancellationToken);
            orders = await TryGetAsync<OrderView[]>(http, gateway, $"api/accounts/{Account}/orders?status=all", cancellationToken) ?? [];
            fills = await TryGetAsync<FillView[]>(http, gateway, $"api/accounts/{Account}/fills", cancellationToken) ?? [];
            account = await TryGetAsync<PortfolioView>(http, gateway, $"api/accounts/{Account}", cancellationToken);
            if (fillsBefore is not null && account is not null && fillsBefore.Length == fills.Length && account.FillCount == fills.Length)
            {
                break;
            }

            await Task.Delay(200, cancellationToken);
        }

        if (account is null)
        {
            await _output.WriteLineAsync($"chaos: FAILED, account {Account} could not be read at the end");
            return 1;
        }

        var results = ClusterInvariants.Check(_seen.Values, orders, fills, account).ToList();
        var stalled = _kills.Where(k => k.AccountServedAfter is null).Select(k => $"kill {k.Number}").ToArray();
        results.Add(new InvariantResult("account served again after every kill", stalled.Length == 0, $"{_kills.Count} kills, {stalled.Length} without an answer within {FailoverLimit.TotalSeconds:0} s{(stalled.Length > 0 ? ": " + string.Join(", ", stalled) : string.Empty)}"));
        var frozen = _kills.Where(k => k.ReplayMovingAfter is null && k.DroveReplay).Select(k => $"kill {k.Number}").ToArray();
        results.Add(new InvariantResult("replay continued after every kill of its driver", frozen.Length == 0, $"{_kills.Count(k => k.DroveReplay)} driver kills, {frozen.Length} without progress within {FailoverLimit.TotalSeconds:0} s{(frozen.Length > 0 ? ": " + string.Join(", ", frozen) : string.Empty)}"));

        await _output.WriteLineAsync($"failover, kill to the account served again: {Describe([.. _kills.Where(k => k.HostedAccount && k.AccountServedAfter is not null).Select(k => k.AccountServedAfter!.Value)])} (kills of the account's silo)");
        await _output.WriteLineAsync($"failover, kill to the replay moving again: {Describe([.. _kills.Where(k => k.DroveReplay && k.ReplayMovingAfter is not null).Select(k => k.ReplayMovingAfter!.Value)])} (kills of the driver)");
        await _output.WriteLineAsync($"client orders: {_ordersSent} sent, {_seen.Keys.Count(k => k.StartsWith("chaos-", StringComparison.Ordinal))} acknowledged, {_refused.Values.Sum()} not acknowledged{(_refused.Count == 0 ? string.Empty : ":")}");
        foreach (var (why, count) in _refused.OrderByDescending(r => r.Value))
        {
            await _output.WriteLineAsync($"  {count} x {why}");
        }
        await _output.WriteLineAsync($"account {Account}: {orders.Length} orders, {fills.Length} fills, cash {account.Cash}, equity {account.Equity}");
        await _output.WriteLineAsync("invariants:");
        foreach (var result in results)
        {
            await _output.WriteLineAsync($"  {(result.Holds ? "ok  " : "FAIL")} {result.Name}: {result.Detail}");
        }

        var failed = results.Count(r => !r.Holds);
        await _output.WriteLineAsync(failed == 0 ? "chaos: all invariants hold" : $"chaos: {failed} invariants FAILED");
        return failed == 0 ? 0 : 1;
    }

    private void Seen(OrderView order)
    {
        lock (_seen)
        {
            _seen[order.ClOrdId] = order;
        }
    }

    private void Refused(string why)
    {
        lock (_refused)
        {
            _refused[why] = _refused.GetValueOrDefault(why) + 1;
        }
    }

    private static async Task<T?> TryGetAsync<T>(HttpClient http, ChildSilo silo, string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await http.GetAsync(new Uri(silo.Url, path), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<T>(GatewayJson.Options, cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
