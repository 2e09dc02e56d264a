using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grid.Runtime;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Gateway;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>An in-process silo (memory storage) with the gateway on a free loopback port; the test feeds the venue's
/// NBBO itself.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string Account = "SIM-1";

    public static readonly Symbol Ibm = new("IBM");

    public static readonly UnixNanos T0 = UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 14, 0, 0, DateTimeKind.Utc));

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, GrainRuntime runtime, TradingEventHub hub, HttpClient http)
    {
        _app = app;
        Runtime = runtime;
        Hub = hub;
        Http = http;
    }

    public GrainRuntime Runtime { get; }

    public TradingEventHub Hub { get; }

    public HttpClient Http { get; }

    public IExecutionGrain Venue => Runtime.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);

    public IPortfolioGrain Portfolio => Runtime.GetGrain<IPortfolioGrain>(Account);

    public static async Task<GatewayHost> StartAsync(TimeSpan? keepAlive = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = url, ["Storage:Provider"] = "memory" });
        var hub = new TradingEventHub();
        hub.RegisterAccount(Account);
        var runtime = SiloRuntimeFactory.Create(settings, memoryStorage: true, rejectLateArrivals: false, hub: hub);
        await runtime.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        GatewayEndpoints.Map(app, runtime, hub, () => runtime.ActivationCount, keepAlive: keepAlive);
        await app.StartAsync();
        return new GatewayHost(app, runtime, hub, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Feeds one IBM NBBO at <c>T0 + millis</c> to the venue and lets the account book what it caused.</summary>
    public async Task QuoteAsync(long millis, decimal bid, decimal ask, long size = 500, long? askSize = null)
    {
        var quote = new Quote(Ibm, T0.AddNanos(millis * UnixNanos.NanosPerMillisecond), Price.FromDecimal(bid), Quantity.FromUnits(size), Price.FromDecimal(ask), Quantity.FromUnits(askSize ?? size));
        await Venue.OnQuotes([quote]);
        await Portfolio.SyncWithVenue();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Runtime.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
