using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quant.Orleans.Research.Runs;

/// <summary>
/// A stable SHA-256 of a configuration: the value is serialized to JSON, object keys are sorted ordinally at every
/// level (so property order does not matter), and the compact UTF-8 text is hashed. Lowercase hex, 64 characters.
/// </summary>
public static class ConfigurationHash
{
    /// <summary>Hashes <paramref name="configuration"/>.</summary>
    /// <typeparam name="T">The configuration's type.</typeparam>
    /// <param name="configuration">Any JSON-serializable value.</param>
    /// <param name="options">Serializer options, or the defaults.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Of<T>(T configuration, JsonSerializerOptions? options = null)
    {
        var node = JsonSerializer.SerializeToNode(configuration, options);
        return OfText(Canonical(node)?.ToJsonString() ?? "null");
    }

    /// <summary>SHA-256 of a UTF-8 string, lowercase hex.</summary>
    /// <param name="text">Text to hash.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
