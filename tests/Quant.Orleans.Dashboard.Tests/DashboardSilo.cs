using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>
/// A real silo process (<c>dotnet Quant.Orleans.Silo.dll serve --replay</c>) on a free loopback port with its own
/// temporary storage folder; disposing kills the process tree and deletes the folder.
/// </summary>
internal sealed class DashboardSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _storage;
    private readonly StringBuilder _log = new();

    private DashboardSilo(Process process, string storage, string url)
    {
        _process = process;
        _storage = storage;
        Url = url;
    }

    /// <summary>The silo's base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>Everything the silo wrote so far.</summary>
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

    public bool HasExited => _process.HasExited;

    public static DashboardSilo Start(string dataFolder, string symbols, string from, string to, int speed)
    {
        var configuration = typeof(DashboardSilo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Silo", "bin", configuration!, "net10.0", "Quant.Orleans.Silo.dll");
        Assert.True(File.Exists(dll), $"Silo build output not found at '{dll}' (the test project references Silo so that it is built first).");
        var url = $"http://127.0.0.1:{FreePort()}";
        var storage = Directory.CreateTempSubdirectory("qo-dashboard-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--replay", "--speed", speed.ToString(CultureInfo.InvariantCulture), "--symbols", symbols, "--from", from, "--to", to, "--data", dataFolder, "--urls", url })
        {
            start.ArgumentList.Add(arg);
        }

        SiloEnvironment.RemoveInheritedSettings(start);
        start.Environment["QO_Storage__Path"] = storage;
        var process = new Process { StartInfo = start };
        var silo = new DashboardSilo(process, storage, url);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Polls <c>/health</c> every 100 ms until it answers 200, the process exits, or <paramref name="limit"/> passes.</summary>
    public async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            Assert.False(_process.HasExited, $"The silo exited with code {(_process.HasExited ? _process.ExitCode : 0)} before answering /health.\n{Log}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The silo did not answer /health within {limit.TotalSeconds:0} s.\n{Log}");
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
