using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Core;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Gateway;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>A private in-process Orleans silo (memory storage) with the gateway on a free loopback port; the test feeds the venue's
/// NBBO itself.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string Account = "SIM-1";

    public static readonly Symbol Ibm = new("IBM");

    public static readonly UnixNanos T0 = UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 14, 0, 0, DateTimeKind.Utc));

    private readonly WebApplication _app;

    private readonly GridHost _grid;

    private GatewayHost(WebApplication app, GridHost grid, TradingEventHub hub, HttpClient http)
    {
        _app = app;
        _grid = grid;
        Hub = hub;
        Http = http;
    }

    public IGrainFactory Runtime => _grid.Grains;

    public TradingEventHub Hub { get; }

    public HttpClient Http { get; }

    public IExecutionGrain Venue => Runtime.GetGrain<IExecutionGrain>(StrategyOptions.DefaultVenueName);

    public IPortfolioGrain Portfolio => Runtime.GetGrain<IPortfolioGrain>(Account);

    public static async Task<GatewayHost> StartAsync(TimeSpan? keepAlive = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = url, ["Storage:Provider"] = "memory" });
        var hub = new TradingEventHub();
        var grid = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, RejectLateArrivals = false, Hub = hub });
        await grid.StartAsync();
        await grid.Grains.GetGrain<IPortfolioGrain>(Account).GetSnapshot(); // the account exists, as in a serving silo
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        GatewayEndpoints.Map(app, grid.Grains, hub, grid.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount, keepAlive: keepAlive);
        await app.StartAsync();
        return new GatewayHost(app, grid, hub, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Feeds one IBM NBBO at <c>T0 + millis</c> to the venue and lets the account book what it caused.</summary>
    public async Task QuoteAsync(long millis, decimal bid, decimal ask, long size = 500, long? askSize = null)
    {
        var quote = new Quote(Ibm, T0.AddNanos(millis * UnixNanos.NanosPerMillisecond), Price.FromDecimal(bid), Quantity.FromUnits(size), Price.FromDecimal(ask), Quantity.FromUnits(askSize ?? size));
        await Venue.OnQuotes(new QuoteBatch([quote]));
        await Portfolio.SyncWithVenue();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _grid.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
