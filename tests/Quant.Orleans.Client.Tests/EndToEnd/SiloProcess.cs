using Quant.Orleans.Gateway.Contracts;
using System.Diagnostics;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>
/// The client tests' view of a real silo process (<see cref="ServingSilo"/>): waits expressed with the client's own
/// <see cref="GatewayClient"/>.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(100);
    private readonly ServingSilo _silo;

    private SiloProcess(ServingSilo silo) => _silo = silo;

    public string Gateway => _silo.Url.ToString().TrimEnd('/');

    /// <summary>Everything the silo wrote so far (for failure messages).</summary>
    public string Log => _silo.Log;

    /// <summary>Starts the silo; <paramref name="settings"/> are extra configuration keys (<c>Risk:PriceCollarBps</c>).</summary>
    public static SiloProcess Start(string dataFolder, string symbol, string day, int speed, IReadOnlyDictionary<string, string>? settings = null) =>
        new(ServingSilo.Start(typeof(SiloProcess).Assembly, dataFolder, symbol, day, day, speed, settings));

    /// <summary>Polls <c>/health</c> every 100 ms until it answers, the process exits, or <paramref name="limit"/> passes.</summary>
    public Task WaitHealthyAsync(TimeSpan limit) =>
        PollAsync(limit, "GET /health to answer", async client => await client.IsHealthyAsync());

    /// <summary>Polls <c>/api/symbols/{symbol}</c> until the symbol has an NBBO mid (pre-market quotes count; the
    /// <c>quotes</c> counter counts the regular session's only).</summary>
    public Task<SymbolStatusView> WaitForMidAsync(string symbol, TimeSpan limit) =>
        PollAsync(limit, $"{symbol} to have an NBBO mid", async client => await client.GetSymbolAsync(symbol) is { LastMid: > 0 } status ? status : null);

    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a value, for at most <paramref name="limit"/>.</summary>
    public async Task<T> PollAsync<T>(TimeSpan limit, string what, Func<GatewayClient, Task<T?>> probe)
    {
        using var client = new GatewayClient(new Uri(Gateway), TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            Assert.False(_silo.HasExited, $"The silo exited with code {(_silo.ExitCode)} while waiting for {what}.\n{Log}");
            try
            {
                if (await probe(client) is { } value && value is not false)
                {
                    return value;
                }
            }
            catch (GatewayUnreachableException e)
            {
                last = e;
            }

            await Task.Delay(PollDelay);
        }

        Assert.Fail($"Waited {limit.TotalSeconds:0} s for {what}; last error: {last?.Message ?? "none"}.\nSilo output:\n{Log}");
        throw new UnreachableException();
    }

    public ValueTask DisposeAsync() => _silo.DisposeAsync();
}
