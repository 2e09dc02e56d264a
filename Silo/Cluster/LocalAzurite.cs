using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>
/// The Azurite storage emulator (npm package <c>azurite</c>, on the PATH) on loopback ports of its own, in a folder of
/// its own, always with <c>--disableTelemetry</c>: the storage of a local cluster (<c>chaos</c>) when no
/// <c>Cluster:ConnectionString</c> is given. <see cref="StopAsync"/> and <see cref="StartAsync(CancellationToken)"/> again (same ports,
/// same folder, so nothing stored is lost) simulate a storage outage. Disposing stops it and deletes the folder.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    /// <summary>Azurite's documented development account key (public, for the emulator only).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _executable;
    private readonly string _folder;
    private readonly int _blobPort;
    private readonly int _queuePort;
    private readonly int _tablePort;
    private Process? _process;

    private LocalAzurite(string executable, string folder, int blobPort, int queuePort, int tablePort)
    {
        _executable = executable;
        _folder = folder;
        _blobPort = blobPort;
        _queuePort = queuePort;
        _tablePort = tablePort;
    }

    /// <summary>The development account's connection string on this Azurite's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    /// <summary>True while the emulator runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The <c>azurite</c> executable on the PATH, or null.</summary>
    public static string? FindExecutable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts Azurite on free loopback ports in a new temporary folder and waits until blob and table
    /// endpoints accept connections.</summary>
    /// <exception cref="InvalidOperationException"><c>azurite</c> is not on the PATH, or it did not start within 30 s.</exception>
    public static async Task<LocalAzurite> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "azurite is not on the PATH (npm install -g azurite@3.35.0), and Cluster:ConnectionString is not set.");
        var azurite = new LocalAzurite(executable, Directory.CreateTempSubdirectory("qo-azurite-").FullName, FreePort(), FreePort(), FreePort());
        await azurite.StartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts (again) the emulator on its ports and folder; waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">It did not start within 30 s.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", _folder,
            "--blobHost", "127.0.0.1", "--blobPort", Text(_blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Text(_queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Text(_tablePort),
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(_blobPort, cancellationToken) || !await AcceptsAsync(_tablePort, cancellationToken))
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{_blobPort} (blob) and {_tablePort} (table) within 30 s.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops the emulator (its stored data stays in its folder): SIGTERM, so Azurite saves what it holds in
    /// memory (killed at once it loses its last seconds of writes), and a kill after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                {
                    await (term?.WaitForExitAsync() ?? Task.CompletedTask);
                }

                try
                {
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
            }

            process.Dispose();
            _process = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the exiting process: the temporary folder is cleaned by the OS later.
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

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
