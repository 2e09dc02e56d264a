using System.Diagnostics;
using System.Globalization;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>
/// A silo process started by this one (<c>serve --cluster --replay</c> of the same executable), for the <c>chaos</c>
/// command and the cluster tests: fixed loopback ports (kept across restarts), settings passed as <c>QO_</c>
/// environment variables, output kept (the last <see cref="LogLines"/> lines). <see cref="KillAsync"/> is SIGKILL (a crash:
/// nothing runs); <see cref="StopAsync"/> is SIGTERM (a graceful shutdown: grains hand over, state written).
/// </summary>
public sealed class ChildSilo : IAsyncDisposable
{
    /// <summary>How many of the last output lines are kept.</summary>
    public const int LogLines = 400;

    private readonly Queue<string> _log = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string[] _arguments;
    private readonly string? _siloAssembly;
    private Process? _process;

    /// <summary>Describes a silo; <see cref="Start"/> runs it.</summary>
    /// <param name="name">Name in messages, e.g. <c>silo-1</c>.</param>
    /// <param name="settings">Silo settings by key (<c>Cluster:ConnectionString</c>), given as <c>QO_</c> variables.</param>
    /// <param name="arguments">Command-line arguments after the executable (<c>serve --cluster ...</c>).</param>
    /// <param name="siloAssembly">The silo's <c>Quant.Orleans.Silo.dll</c> to run with <c>dotnet</c>, with only
    /// <paramref name="settings"/> as <c>QO_</c> variables (tests); null to run this process's own executable, which
    /// passes its <c>QO_</c> variables on (the <c>chaos</c> command).</param>
    public ChildSilo(string name, IReadOnlyDictionary<string, string> settings, string[] arguments, string? siloAssembly = null)
    {
        Name = name;
        _settings = settings;
        _arguments = arguments;
        _siloAssembly = siloAssembly;
        SiloPort = LocalAzurite.FreePort();
        GatewayPort = LocalAzurite.FreePort();
        Url = new Uri($"http://127.0.0.1:{LocalAzurite.FreePort()}");
    }

    /// <summary>Name in messages.</summary>
    public string Name { get; }

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; }

    /// <summary>Orleans client gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>HTTP gateway URL.</summary>
    public Uri Url { get; }

    /// <summary>The Orleans silo endpoint, <c>127.0.0.1:port</c>, the start of its silo address.</summary>
    public string Endpoint => $"127.0.0.1:{SiloPort}";

    /// <summary>True while the process runs.</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return Volatile.Read(ref _process) is { HasExited: false };
            }
            catch (InvalidOperationException)
            {
                return false; // being replaced by a new start
            }
        }
    }

    /// <summary>Times the process was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the process wrote (standard output and error).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the process (again, after it ended).</summary>
    /// <exception cref="InvalidOperationException">It is running.</exception>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is running.");
        }

        var previous = _process;
        var self = _siloAssembly is null ? Environment.ProcessPath ?? "dotnet" : "dotnet";
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        if (_siloAssembly is not null)
        {
            start.ArgumentList.Add(_siloAssembly);
        }
        else if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as 'dotnet Quant.Orleans.Silo.dll': the child is too.
            start.ArgumentList.Add(typeof(ChildSilo).Assembly.Location);
        }

        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url.ToString().TrimEnd('/'));
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Grid:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
            ["Grid:GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            start.Environment["QO_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        if (_siloAssembly is not null)
        {
            // A given silo build (tests): this process's own QO_ settings are not the child's.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("QO_", StringComparison.OrdinalIgnoreCase) && !settings.Keys.Any(s => "QO_" + s.Replace(":", "__", StringComparison.Ordinal) == k)).ToArray())
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Volatile.Write(ref _process, process);
        previous?.Dispose();
        Starts++;
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Asks the process to stop (SIGTERM, as systemd or Kubernetes would) and waits up to
    /// <paramref name="limit"/> for it to exit; kills it after that.</summary>
    /// <returns>True when it exited by itself within the limit.</returns>
    public async Task<bool> StopAsync(TimeSpan limit)
    {
        if (_process is not { HasExited: false } process)
        {
            return true;
        }

        if (!OperatingSystem.IsWindows() && await SendTermAsync(process.Id))
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(limit);
                return true;
            }
            catch (TimeoutException)
            {
                // Did not stop in time: killed below.
            }
        }

        await KillAsync();
        return false;
    }

    /// <summary>The exit code of an ended process; null while it runs or before it started.</summary>
    public int? ExitCode
    {
        get
        {
            try
            {
                return Volatile.Read(ref _process) is { HasExited: true } p ? p.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    /// <summary>SIGTERM through the system's <c>kill</c> command; true when it was delivered.</summary>
    private static async Task<bool> SendTermAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }
    }
}
