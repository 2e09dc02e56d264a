using System.Net;
using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>
/// The dashboard's access rule for clients on other machines (the listener binds a non-loopback address only when
/// <see cref="GatewaySettings.AccessToken"/> is set, which the settings check at startup): a request from a
/// non-loopback address for the dashboard's page or data (<c>/dashboard</c>, <c>/dashboard/api/…</c>) or for anything of
/// the Orleans dashboard (<c>/orleans/…</c>: silos, grains, methods, reminders, grain state) must present the
/// token as <c>Authorization: Bearer &lt;token&gt;</c> or as the <c>access_token</c> query parameter (a browser's
/// <c>EventSource</c> cannot set headers). The dashboard's static scripts and styles (<c>/dashboard/assets/…</c>) hold
/// no data and are not protected. Mutating calls (POST, DELETE: orders, the kill switch) are checked by the gateway
/// itself (<c>GatewayEndpoints</c>), with the same token. Loopback clients need no token. A refused request gets 401
/// with <c>{"error": "..."}</c>. Tokens are compared in constant time.
/// </summary>
public static class AccessTokenMiddleware
{
    /// <summary>The dashboard's query parameter for the token.</summary>
    public const string QueryParameter = "access_token";

    /// <summary>Adds the rule to <paramref name="app"/>'s pipeline.</summary>
    public static void Use(WebApplication app, GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var token = settings.AccessToken;
        app.Use(async (context, next) =>
        {
            if (Check(context.Request, context.Connection.RemoteIpAddress, token) is { } refusal)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new { error = refusal });
                return;
            }

            await next(context);
        });
    }

    /// <summary>True when a request from <paramref name="remote"/> must present the token.</summary>
    public static bool NeedsToken(HttpRequest request, IPAddress? remote)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (remote is not null && IPAddress.IsLoopback(remote))
        {
            return false;
        }

        var path = request.Path;
        return (path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase)
                && !path.StartsWithSegments("/dashboard/assets", StringComparison.OrdinalIgnoreCase))
            || path.StartsWithSegments(ServeCommand.OrleansDashboardPath, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Why the request is refused, or null when it may proceed.</summary>
    /// <param name="request">The request.</param>
    /// <param name="remote">The client's address (null when unknown, treated as not loopback).</param>
    /// <param name="token">The configured token; null when none is configured (then every request that needs one is refused).</param>
    public static string? Check(HttpRequest request, IPAddress? remote, string? token)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!NeedsToken(request, remote))
        {
            return null;
        }

        if (string.IsNullOrEmpty(token))
        {
            return $"{request.Path}: this silo has no Gateway:AccessToken, so it serves the dashboard to loopback clients only.";
        }

        string? presented = null;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (HttpMethods.IsGet(request.Method))
        {
            presented = request.Query[QueryParameter].ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return $"{request.Method} {request.Path} from {remote?.ToString() ?? "an unknown address"} needs the access token (Authorization: Bearer <token>).";
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token))
            ? null
            : $"{request.Method} {request.Path}: the access token is wrong.";
    }
}
