using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quant.Orleans.Client.Gateway;

/// <summary>JSON options matching the gateway: camelCase names, enums as strings, exact decimals, NaN as the
/// string <c>"NaN"</c>, absent optional fields (a market order's limit price) left out.</summary>
public static class GatewayJson
{
    /// <summary>The shared serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
