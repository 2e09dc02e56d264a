using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quant.Orleans.Gateway.Contracts;

/// <summary>The gateway's JSON rules, used by both sides: camelCase names, enumerations as their FIX names in
/// PascalCase (<c>Buy</c>, <c>PartiallyFilled</c>), exact decimals, NaN and infinities as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, absent optional fields left out, timestamps as ISO-8601 UTC text with seven fractional digits
/// (<c>2013-10-07T13:30:00.1234567Z</c>).</summary>
public static class GatewayJson
{
    /// <summary>The serializer options for responses and for requests as clients write them.</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: false);

    /// <summary>The options the gateway reads request bodies with: <see cref="Options"/>, and a field the request type
    /// does not have (<c>"limit"</c> for <c>limitPrice</c>) or a field given twice is an error, never ignored
    /// (<see cref="JsonUnmappedMemberHandling.Disallow"/>). Clients write only the request types' own fields.</summary>
    public static JsonSerializerOptions RequestOptions { get; } = Create(strict: true);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        if (strict)
        {
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.AllowDuplicateProperties = false;
        }

        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new UtcTimestampJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>A <see cref="DateTimeOffset"/> written as UTC ISO-8601 with a <c>Z</c> (round-trip format <c>O</c> of the
/// UTC <see cref="DateTime"/>, 100 ns resolution); read from any ISO-8601 text with an offset.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}
