using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Journal;

/// <summary>
/// A real silo process (<c>dotnet Quant.Orleans.Silo.dll serve --replay</c>) on a free loopback port with the given
/// storage and journal folders (kept when it ends, so a second process can recover from them). <see cref="KillAsync"/>
/// kills the whole process tree with no warning, as a crash would.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, string gateway)
    {
        _process = process;
        Gateway = new Uri(gateway);
    }

    public Uri Gateway { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo wrote so far (for failure messages and progress lines).</summary>
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

    public static SiloProcess Start(string dataFolder, string symbols, string from, string to, int speed, string storage, string journal)
    {
        var configuration = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Silo", "bin", configuration!, "net10.0", "Quant.Orleans.Silo.dll");
        Assert.True(File.Exists(dll), $"Silo build output not found at '{dll}'.");
        var gateway = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--replay", "--speed", speed.ToString(CultureInfo.InvariantCulture), "--symbols", symbols, "--from", from, "--to", to, "--data", dataFolder, "--urls", gateway })
        {
            start.ArgumentList.Add(arg);
        }

        SiloEnvironment.RemoveInheritedSettings(start);
        start.Environment["QO_Storage__Path"] = storage;
        start.Environment["QO_Journal__Path"] = journal;
        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, gateway);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Kills the process tree at once (SIGKILL: no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

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
