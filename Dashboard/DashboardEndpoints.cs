using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Quant.Orleans.Dashboard;

/// <summary>
/// The dashboard's HTTP surface (all on the gateway's listener; see docs/dashboard.md for the JSON shapes):
/// <list type="bullet">
/// <item><c>GET /dashboard</c> → the page; <c>GET /dashboard/assets/{dashboard.js|dashboard.css}</c> → its script
/// and styles, embedded in this assembly (no CDN, no npm);</item>
/// <item><c>GET /dashboard/api/grid</c> → <see cref="GridView"/>; <c>GET /dashboard/api/trading</c> →
/// <see cref="TradingView"/>; <c>GET /dashboard/api/access</c> → <see cref="AccessView"/>;</item>
/// <item><c>GET /dashboard/api/stream</c> → <c>text/event-stream</c>: event <c>snapshot</c> with a
/// <see cref="DashboardSnapshot"/> once per sampling interval, for as long as the client stays connected.</item>
/// </list>
/// Clients on other machines need the access token: the silo checks it (its <c>AccessTokenMiddleware</c>) before these
/// endpoints run. The Orleans dashboard, with per-method call counts and latencies, is mapped by the silo at <c>/orleans</c>.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly byte[] EventPrefix = "event: snapshot\ndata: "u8.ToArray();
    private static readonly byte[] EventSuffix = "\n\n"u8.ToArray();

    /// <summary>Maps the dashboard onto <paramref name="app"/>.</summary>
    /// <param name="app">The silo's web application.</param>
    /// <param name="sampler">The silo's sampler.</param>
    /// <param name="tokenConfigured">True when the silo has an access token (clients on other machines must present it).</param>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> or <paramref name="sampler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">An asset is not embedded in this assembly (a broken build).</exception>
    public static void Map(WebApplication app, DashboardSampler sampler, bool tokenConfigured)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(sampler);
        var page = Asset("index.html");
        var script = Asset("dashboard.js");
        var styles = Asset("dashboard.css");
        app.MapGet("/dashboard", () => Results.Bytes(page, "text/html; charset=utf-8"));
        app.MapGet("/dashboard/assets/dashboard.js", () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard/assets/dashboard.css", () => Results.Bytes(styles, "text/css; charset=utf-8"));
        app.MapGet("/dashboard/api/grid", async (CancellationToken ct) => Results.Json((await sampler.GetAsync(ct)).Grid, DashboardSampler.Json));
        app.MapGet("/dashboard/api/trading", async (CancellationToken ct) => Results.Json((await sampler.GetAsync(ct)).Trading, DashboardSampler.Json));
        app.MapGet("/dashboard/api/access", (HttpContext context) =>
        {
            var loopback = context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
            return Results.Json(new AccessView(loopback, !loopback && tokenConfigured, (int)sampler.Interval.TotalMilliseconds), DashboardSampler.Json);
        });
        app.MapGet("/dashboard/api/stream", (HttpContext context) => StreamAsync(context, sampler, app.Lifetime.ApplicationStopping));
    }

    private static async Task StreamAsync(HttpContext context, DashboardSampler sampler, CancellationToken stopping)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var subscription = sampler.Subscribe();
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync("retry: 2000\n\n"u8.ToArray(), leave.Token);
            await body.FlushAsync(leave.Token);
            while (await subscription.Reader.WaitToReadAsync(leave.Token))
            {
                while (subscription.Reader.TryRead(out var payload))
                {
                    await body.WriteAsync(EventPrefix, leave.Token);
                    await body.WriteAsync(payload, leave.Token);
                    await body.WriteAsync(EventSuffix, leave.Token);
                    await body.FlushAsync(leave.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left or the silo is stopping: the subscription ends (the sampler stops with the last one).
        }
    }

    private static byte[] Asset(string name)
    {
        var resource = $"Quant.Orleans.Dashboard.Assets.{name}";
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The dashboard asset '{resource}' is not embedded in {typeof(DashboardEndpoints).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Serializes a value with the dashboard's JSON options (for tests and the bench).</summary>
    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, DashboardSampler.Json);
}
