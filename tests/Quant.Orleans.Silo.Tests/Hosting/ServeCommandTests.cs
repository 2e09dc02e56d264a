using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Hosting;

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
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = url, ["Storage:Path"] = _state });
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

        await stop.CancelAsync();
        Assert.Equal(0, await serve.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/health"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the server answers (bounded: 100 attempts, 100 ms apart).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T?>> call)
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
