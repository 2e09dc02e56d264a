using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;
using Spectre.Console;

namespace Quant.Orleans.Silo.Tests.Hosting;

[Collection(ConsoleCollection.Name)]
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-serve-tests");

    private string _state => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ServeAnswersOnLoopbackAndStopsGracefullyWhenCancelled()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var settings = Settings(url);
        using var stop = new CancellationTokenSource();
        var serve = ServeCommand.RunAsync(settings, replay: false, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };

        var health = await PollAsync(() => http.GetFromJsonAsync<Health>("/health"));
        Assert.Equal("ok", health.Status);
        var snapshot = await http.GetAsync("/api/accounts/SIM-1");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        var bad = await http.PostAsJsonAsync("/api/accounts/SIM-1/orders", new { symbol = "IBM", side = "hold", quantity = 100 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("side must be 'buy' or 'sell'", (await bad.Content.ReadFromJsonAsync<ErrorBody>())!.Error);

        // The Orleans dashboard is mapped beside the trading one: it lists this silo and the grains activated so far.
        // Its counters refresh once a second, so the first answer may still be empty.
        var counters = await PollAsync(async () =>
        {
            var c = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/orleans/DashboardCounters");
            return c.GetProperty("hosts").GetArrayLength() > 0 && c.GetProperty("simpleGrainStats").GetArrayLength() > 0 ? (System.Text.Json.JsonElement?)c : null;
        });
        Assert.Equal("Active", counters.GetProperty("hosts")[0].GetProperty("status").GetString());
        Assert.Contains(
            counters.GetProperty("simpleGrainStats").EnumerateArray().Select(g => g.GetProperty("grainType").GetString()),
            t => t!.Contains("PortfolioGrain", StringComparison.Ordinal));

        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/health"));

        // Graceful shutdown wrote the grains' state with the file provider: the account's snapshot and the directory.
        var files = Directory.EnumerateFiles(_state, "*.state", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_state, f)).ToArray();
        Assert.Contains(files, f => f.StartsWith("portfolio", StringComparison.Ordinal) && f.EndsWith("SIM-1.state", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("accountdirectory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondSiloOnTheSameOrleansPortIsRefusedNamingThePortAndTheSetting()
    {
        var first = Settings($"http://127.0.0.1:{FreePort()}");
        using var stop = new CancellationTokenSource();
        var serve = ServeCommand.RunAsync(first, replay: false, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri(first.Gateway.Urls), Timeout = TimeSpan.FromSeconds(5) };
        await PollAsync(() => http.GetFromJsonAsync<Health>("/health"));

        var second = Settings($"http://127.0.0.1:{FreePort()}", siloPort: first.Grid.SiloPort);
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await ServeCommand.RunAsync(second, replay: false, CancellationToken.None);
        }
        finally
        {
            Console.SetError(console);
        }

        Assert.Equal(2, code);
        Assert.Contains($"Grid:SiloPort {first.Grid.SiloPort} on 127.0.0.1 is in use", error.ToString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ABusyGatewayUrlIsRefusedNamingTheUrlAndTheSetting()
    {
        var first = Settings($"http://127.0.0.1:{FreePort()}");
        using var stop = new CancellationTokenSource();
        var serve = ServeCommand.RunAsync(first, replay: false, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri(first.Gateway.Urls), Timeout = TimeSpan.FromSeconds(5) };
        await PollAsync(() => http.GetFromJsonAsync<Health>("/health"));

        var second = SettingsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Gateway:Urls"] = first.Gateway.Urls,
            ["Storage:Path"] = Path.Combine(_state, "third"),
            ["Grid:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await ServeCommand.RunAsync(second, replay: false, CancellationToken.None);
        }
        finally
        {
            Console.SetError(console);
        }

        Assert.Equal(2, code);
        Assert.Contains($"Gateway:Urls {first.Gateway.Urls} cannot be bound", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void TheCommandsConsoleWritesPlainTextWhenItsOutputIsRedirected()
    {
        var saved = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.True(Console.IsOutputRedirected); // as under the test host, a pipe or a file
            SiloConsole.Output().MarkupLine("[red]HALTED[/] [bold]SIM-1[/]");
        }
        finally
        {
            Console.SetOut(saved);
        }

        Assert.Equal("HALTED SIM-1", output.ToString().TrimEnd());
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    private SiloSettings Settings(string url, int? siloPort = null) => SettingsLoader.Load(null, new Dictionary<string, string?>
    {
        ["Gateway:Urls"] = url,
        ["Storage:Path"] = Path.Combine(_state, siloPort is null ? string.Empty : "second"),
        ["Grid:SiloPort"] = (siloPort ?? FreePort()).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Grid:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the server answers (bounded: 100 attempts, 100 ms apart).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> call)
        where T : struct
    {
        for (var attempt = 0; attempt <= 100; attempt++)
        {
            if (await call() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The silo did not answer within 10 s.");
    }

    /// <summary>Polls until the server answers (bounded: 100 attempts, 100 ms apart).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> call)
        where T : class
    {
        for (var attempt = 0; attempt <= 100; attempt++)
        {
            try
            {
                if (await call() is { } value)
                {
                    return value;
                }
            }
            catch (HttpRequestException) when (attempt < 100)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The silo did not answer within 10 s.");
    }

    private sealed record Health(string Status, int Activations);

    private sealed record ErrorBody(string Error);
}
