using System.Net;
using Microsoft.AspNetCore.Http;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Silo.Tests.Dashboard;

public sealed class DashboardAccessTests
{
    private const string Token = "0123456789abcdef-token";
    private static readonly IPAddress Remote = IPAddress.Parse("192.0.2.10"); // TEST-NET-1 (RFC 5737): never routed

    [Fact]
    public void ANonLoopbackBindingNeedsAnAccessTokenOfSixteenCharacters()
    {
        var none = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = "http://0.0.0.0:5080" }));
        Assert.Contains("Gateway:AccessToken", none.Message, StringComparison.Ordinal);
        Assert.Contains("'0.0.0.0', which is not a loopback address", none.Message, StringComparison.Ordinal);

        var shortToken = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = "http://0.0.0.0:5080", ["Gateway:AccessToken"] = "short" }));
        Assert.Contains("Gateway:AccessToken must be at least 16 characters, got 5", shortToken.Message, StringComparison.Ordinal);

        var ok = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Gateway:Urls"] = "http://0.0.0.0:5080", ["Gateway:AccessToken"] = Token });
        Assert.False(ok.Gateway.IsLoopback);
        Assert.True(SettingsLoader.Load(null, new Dictionary<string, string?>()).Gateway.IsLoopback);

        var badInterval = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Dashboard:SampleIntervalMilliseconds"] = "5000" }));
        Assert.Contains("Dashboard:SampleIntervalMilliseconds must be in [100, 1000], got 5000", badInterval.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/dashboard", null, null, false)]
    [InlineData("GET", "/dashboard/api/stream", null, null, false)]
    [InlineData("GET", "/dashboard/api/grid", "Bearer wrong-token-wrong-token", null, false)]
    [InlineData("GET", "/dashboard/api/grid", "Bearer " + Token, null, true)]
    [InlineData("GET", "/dashboard/api/stream", null, Token, true)]
    [InlineData("GET", "/dashboard/api/stream", null, "wrong", false)]
    [InlineData("GET", "/dashboard/assets/dashboard.js", null, null, true)]
    [InlineData("GET", "/orleans", null, null, false)]
    [InlineData("GET", "/orleans/DashboardCounters", null, null, false)]
    [InlineData("GET", "/orleans/GrainState", "Bearer wrong-token-wrong-token", null, false)]
    [InlineData("GET", "/orleans/DashboardCounters", "Bearer " + Token, null, true)]
    [InlineData("GET", "/health", null, null, true)]
    [InlineData("GET", "/api/accounts/SIM-1", null, null, true)]
    public void ARemoteClientPresentsTheTokenForTheDashboard(string method, string path, string? authorization, string? queryToken, bool allowed)
    {
        var request = Request(method, path, authorization, queryToken);
        var refusal = AccessTokenMiddleware.Check(request, Remote, Token);
        Assert.True(allowed == (refusal is null), refusal ?? "allowed");
        if (refusal is not null)
        {
            Assert.Contains(path, refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("GET", "/dashboard/api/stream")]
    [InlineData("GET", "/dashboard")]
    [InlineData("GET", "/orleans/DashboardCounters")]
    public void LoopbackClientsNeedNoToken(string method, string path)
    {
        Assert.Null(AccessTokenMiddleware.Check(Request(method, path, null, null), IPAddress.Loopback, Token));
        Assert.Null(AccessTokenMiddleware.Check(Request(method, path, null, null), IPAddress.IPv6Loopback, null));
        Assert.NotNull(AccessTokenMiddleware.Check(Request(method, path, null, null), Remote, null));
    }

    private static HttpRequest Request(string method, string path, string? authorization, string? queryToken)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (queryToken is not null)
        {
            context.Request.QueryString = QueryString.Create(AccessTokenMiddleware.QueryParameter, queryToken);
        }

        return context.Request;
    }
}
