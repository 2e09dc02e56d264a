using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>
/// A real silo process (<c>dotnet Quant.Orleans.Silo.dll serve --replay</c>) on a free loopback port with its own
/// temporary storage folder; disposing kills the whole process tree and deletes the folder.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(100);
    private readonly Process _process;
    private readonly string _storage;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, string storage, string gateway)
    {
        _process = process;
        _storage = storage;
        Gateway = gateway;
    }

    public string Gateway { get; }

    /// <summary>Everything the silo wrote so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the silo; <paramref name="settings"/> are extra configuration keys (<c>Risk:PriceCollarBps</c>)
    /// passed as <c>QO_</c> environment variables.</summary>
    public static SiloProcess Start(string dataFolder, string symbol, string day, int speed, IReadOnlyDictionary<string, string>? settings = null)
    {
        var configuration = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Silo", "bin", configuration!, "net10.0", "Quant.Orleans.Silo.dll");
        Assert.True(File.Exists(dll), $"Silo build output not found at '{dll}' (the test project references Silo so that it is built first).");
        var gateway = $"http://127.0.0.1:{FreePort()}";
        var storage = Directory.CreateTempSubdirectory("qo-client-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--replay", "--speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--symbols", symbol, "--from", day, "--to", day, "--data", dataFolder, "--urls", gateway })
        {
            start.ArgumentList.Add(arg);
        }

        SiloEnvironment.RemoveInheritedSettings(start);
        start.Environment["QO_Storage__Path"] = storage;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment["QO_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, storage, gateway);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls <c>/health</c> every 100 ms until it answers, the process exits, or <paramref name="limit"/> passes.</summary>
    public Task WaitHealthyAsync(TimeSpan limit) =>
        PollAsync(limit, "GET /health to answer", async client => await client.IsHealthyAsync());

    /// <summary>Polls <c>/api/symbols/{symbol}</c> until the symbol has an NBBO mid (pre-market quotes count; the
    /// <c>quotes</c> counter counts the regular session's only).</summary>
    public Task<SymbolStatusDto> WaitForMidAsync(string symbol, TimeSpan limit) =>
        PollAsync(limit, $"{symbol} to have an NBBO mid", async client => await client.GetSymbolAsync(symbol) is { LastMid: > 0 } status ? status : null);

    /// <summary>Calls <paramref name="probe"/> every 100 ms until it returns a value, for at most <paramref name="limit"/>.</summary>
    public async Task<T> PollAsync<T>(TimeSpan limit, string what, Func<GatewayClient, Task<T?>> probe)
    {
        using var client = new GatewayClient(new Uri(Gateway), TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            Assert.False(_process.HasExited, $"The silo exited with code {(_process.HasExited ? _process.ExitCode : 0)} while waiting for {what}.\n{Log}");
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_storage, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the dying process: the temp folder is cleaned by the OS later.
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
