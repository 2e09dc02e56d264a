using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quant.Orleans.Research.Registry;

/// <summary>The JSON rules of the registry's files: snake_case names and enum values, strict numbers (no NaN), and
/// unknown properties refused on read (a field this code does not know is an error, not silently dropped).</summary>
public static class RegistryJson
{
    /// <summary>Indented, for <c>manifest.json</c> and <c>registry.json</c>.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One line per value, for <c>journal.jsonl</c>, and the canonical form hashed for the version id.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
