using System.Text.Json;
using Quant.Orleans.Client.Input;
using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Client.Tests.Gateway;

/// <summary>The bodies the client writes are the gateway's request types with their own fields only, so the gateway's
/// strict reading (<see cref="GatewayJson.RequestOptions"/>: unknown and repeated fields refused) reads them back as sent.</summary>
public sealed class GatewayClientTests
{
    public static TheoryData<object> Requests() =>
    [
        OrderInput.ParseOrder("buy", "ibm", "100", "185.10", "184", "gtc", "desk-1"),
        OrderInput.ParseOrder("sell", "IBM", "5"),
        OrderInput.ParseReplace("200", "180.5", null, "desk-2"),
        new KillRequest("SIM-1", "fat finger"),
        new KillRequest(),
        new ResumeRequest("SIM-1", "reducing"),
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void EveryRequestTheClientWritesIsReadBackByTheGatewaysStrictOptions(object request)
    {
        var json = JsonSerializer.Serialize(request, request.GetType(), GatewayJson.Options);

        Assert.Equal(request, JsonSerializer.Deserialize(json, request.GetType(), GatewayJson.RequestOptions));
        Assert.DoesNotContain("null", json, StringComparison.Ordinal); // absent fields are left out, not written as null
    }
}
