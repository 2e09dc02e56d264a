using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Quant.Orleans.Testing;

/// <summary>
/// The Azurite storage emulator for tests of the Azure Storage providers, on loopback only. When
/// <c>QUANT_TEST_AZURITE</c> holds a connection string (CI starts one Azurite for the whole run), that server is used;
/// otherwise a private Azurite is started on free loopback ports in a temporary folder (<c>azurite</c> from npm must
/// be on the PATH: <c>npm install -g azurite@3.35.0</c>), always with <c>--disableTelemetry</c>. A test that needs it
/// and finds neither is skipped with that message. Each test should use its own container or table names.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's documented development account key (public, for the emulator only).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;
    private readonly string? _folder;
    private readonly StringBuilder _log = new();

    private Azurite(string connectionString, Process? process, string? folder)
    {
        ConnectionString = connectionString;
        _process = process;
        _folder = folder;
    }

    /// <summary>The connection string of the development account on this Azurite.</summary>
    public string ConnectionString { get; }

    /// <summary>Uses <c>QUANT_TEST_AZURITE</c>, or starts a private Azurite; skips the test when neither is possible.</summary>
    public static async Task<Azurite> StartAsync()
    {
        var shared = Environment.GetEnvironmentVariable("QUANT_TEST_AZURITE");
        if (!string.IsNullOrEmpty(shared))
        {
            return new Azurite(shared, null, null);
        }

        var executable = FindOnPath("azurite");
        if (executable is null)
        {
            Assert.Skip("Azurite is not available: set QUANT_TEST_AZURITE to a connection string, or put 'azurite' on the PATH (npm install -g azurite@3.35.0).");
        }

        var folder = Directory.CreateTempSubdirectory("qo-azurite-").FullName;
        int blob = ServingSilo.FreePort(), queue = ServingSilo.FreePort(), table = ServingSilo.FreePort();
        var start = new ProcessStartInfo(executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--location", folder,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var azurite = new Azurite(ConnectionStringFor(blob, queue, table), process, folder);
        process.OutputDataReceived += (_, e) => azurite.Append(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!await AcceptsAsync(blob) || !await AcceptsAsync(table))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                var log = azurite.Log;
                await azurite.DisposeAsync();
                Assert.Fail($"Azurite did not start on 127.0.0.1:{blob}/{table} within 30 s.\n{log}");
            }

            await Task.Delay(100);
        }

        return azurite;
    }

    /// <summary>The connection string of the development account on loopback ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>What the private Azurite printed.</summary>
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            _process.Dispose();
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still held by the exiting process: the temp folder is cleaned by the OS later
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
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
