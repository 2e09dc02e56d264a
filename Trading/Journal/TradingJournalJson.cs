using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Journal;

/// <summary>The journal's JSON encoding (source-generated, no reflection): fixed-point prices, quantities and times
/// as their raw 64-bit integers (exact), symbols and ClOrdIDs as text, enums as names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(PriceRawConverter), typeof(QuantityRawConverter), typeof(UnixNanosRawConverter), typeof(SymbolTextConverter), typeof(ClOrdIdTextConverter)])]
[JsonSerializable(typeof(TradingJournalEntry))]
public sealed partial class TradingJournalJson : JsonSerializerContext;

/// <summary>A <see cref="Price"/> as its raw integer (10⁻⁸ units), so it round-trips exactly.</summary>
internal sealed class PriceRawConverter : JsonConverter<Price>
{
    public override Price Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Price value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Raw);
}

/// <summary>A <see cref="Quantity"/> as its raw integer, so it round-trips exactly.</summary>
internal sealed class QuantityRawConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Raw);
}

/// <summary>A <see cref="UnixNanos"/> as its nanoseconds since the epoch.</summary>
internal sealed class UnixNanosRawConverter : JsonConverter<UnixNanos>
{
    public override UnixNanos Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, UnixNanos value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>A <see cref="Symbol"/> as its ticker.</summary>
internal sealed class SymbolTextConverter : JsonConverter<Symbol>
{
    public override Symbol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A symbol must be a string."));

    public override void Write(Utf8JsonWriter writer, Symbol value, JsonSerializerOptions options) => writer.WriteStringValue(value.Ticker);
}

/// <summary>A <see cref="ClOrdId"/> as its text.</summary>
internal sealed class ClOrdIdTextConverter : JsonConverter<ClOrdId>
{
    public override ClOrdId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A ClOrdID must be a string."));

    public override void Write(Utf8JsonWriter writer, ClOrdId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
