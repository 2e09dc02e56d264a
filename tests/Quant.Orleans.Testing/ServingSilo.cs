using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Xunit;

namespace Quant.Orleans.Testing;

/// <summary>
/// A real silo process (<c>dotnet Quant.Orleans.Silo.dll serve --replay …</c>) on a free loopback port, for
/// end-to-end tests. Its output is captured in <see cref="Log"/>; <see cref="KillAsync"/> kills the whole process tree
/// with no warning (SIGKILL, as a crash would); disposing kills it if still running and deletes the storage folder
/// when the silo owns it.
/// </summary>
public sealed class ServingSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _ownedFolder;
    private readonly StringBuilder _log = new();

    private ServingSilo(Process process, Uri url, string? ownedFolder)
    {
        _process = process;
        Url = url;
        _ownedFolder = ownedFolder;
    }

    /// <summary>The silo's gateway base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, or 0 while the process runs.</summary>
    public int ExitCode => _process.HasExited ? _process.ExitCode : 0;

    /// <summary>Everything the silo wrote so far (standard output and error), for failure messages.</summary>
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

    /// <summary>
    /// Starts <c>serve --replay</c> of <paramref name="symbols"/> (comma-separated) from <paramref name="from"/> to
    /// <paramref name="to"/> (yyyy-MM-dd) at <paramref name="speed"/> × real time, reading <paramref name="dataFolder"/>.
    /// </summary>
    /// <param name="testAssembly">The calling test assembly: its <c>Configuration</c> metadata (Debug/Release) picks
    /// the Silo build output to run; the test project references Silo so that it is built first.</param>
    /// <param name="dataFolder">The market data root (<c>../shared/data</c>).</param>
    /// <param name="symbols">Symbols to replay, comma-separated.</param>
    /// <param name="from">First day, yyyy-MM-dd.</param>
    /// <param name="to">Last day, yyyy-MM-dd.</param>
    /// <param name="speed">Replay speed, × real time.</param>
    /// <param name="settings">Silo settings (<c>Risk:PriceCollarBps</c>, <c>Journal:Path</c>), passed as <c>QO_</c>
    /// environment variables after every inherited <c>QO_</c> variable is removed. Without <c>Storage:Path</c> the
    /// silo gets a temporary storage folder that disposing deletes.</param>
    public static ServingSilo Start(Assembly testAssembly, string dataFolder, string symbols, string from, string to, int speed, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var configuration = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Silo", "bin", configuration!, "net10.0", "Quant.Orleans.Silo.dll");
        Assert.True(File.Exists(dll), $"Silo build output not found at '{dll}' (the test project references Silo so that it is built first).");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--replay", "--speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--symbols", symbols, "--from", from, "--to", to, "--data", dataFolder, "--urls", url.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(arg);
        }

        SiloEnvironment.RemoveInheritedSettings(start);
        string? ownedFolder = null;
        if (settings is null || !settings.ContainsKey("Storage:Path"))
        {
            ownedFolder = Directory.CreateTempSubdirectory("qo-silo-e2e-").FullName;
            start.Environment["QO_Storage__Path"] = ownedFolder;
        }

        // Each silo process gets Orleans ports of its own (Orleans binds them with address reuse, so two silos on one
        // port would not fail; the silo refuses a busy port, and tests run in parallel).
        if (settings is null || !settings.ContainsKey("Grid:SiloPort"))
        {
            start.Environment["QO_Grid__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (settings is null || !settings.ContainsKey("Grid:GatewayPort"))
        {
            start.Environment["QO_Grid__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment["QO_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var silo = new ServingSilo(process, url, ownedFolder);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls <c>GET /health</c> every 100 ms until it answers 200; fails with the silo's output when the
    /// process exits first or <paramref name="limit"/> passes.</summary>
    public async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            Assert.False(_process.HasExited, $"The silo exited with code {ExitCode} before answering /health.\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The silo did not answer /health within {limit.TotalSeconds:0} s.\n{Log}");
    }

    /// <summary>Kills the process tree at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        finally
        {
            _process.Dispose();
            if (_ownedFolder is not null)
            {
                try
                {
                    Directory.Delete(_ownedFolder, recursive: true);
                }
                catch (IOException)
                {
                    // A file still held by the dying process: the temp folder is cleaned by the OS later.
                }
            }
        }
    }

    /// <summary>A TCP port on loopback that was free a moment ago.</summary>
    public static int FreePort()
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
