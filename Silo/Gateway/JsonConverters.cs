using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>A symbol as its ticker string.</summary>
public sealed class SymbolJsonConverter : JsonConverter<Symbol>
{
    /// <inheritdoc />
    public override Symbol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Symbol value, JsonSerializerOptions options) => writer.WriteStringValue(value.Ticker);
}

/// <summary>A price as an exact JSON number in currency units.</summary>
public sealed class PriceJsonConverter : JsonConverter<Price>
{
    /// <inheritdoc />
    public override Price Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Price.FromDecimal(reader.GetDecimal());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Price value, JsonSerializerOptions options) => writer.WriteNumberValue(value.ToDecimal());
}

/// <summary>A quantity as an exact JSON number in units.</summary>
public sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    /// <inheritdoc />
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Quantity.FromDecimal(reader.GetDecimal());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) => writer.WriteNumberValue(value.ToDecimal());
}

/// <summary>A timestamp as ISO-8601 UTC text.</summary>
public sealed class UnixNanosJsonConverter : JsonConverter<UnixNanos>
{
    /// <inheritdoc />
    public override UnixNanos Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UnixNanos.FromDateTime(reader.GetDateTime().ToUniversalTime());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, UnixNanos value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>A client order id as its text (e.g. <c>"SIM-1-0000000001"</c>) rather than an object.</summary>
public sealed class ClOrdIdJsonConverter : JsonConverter<Trading.Orders.ClOrdId>
{
    /// <inheritdoc />
    public override Trading.Orders.ClOrdId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Trading.Orders.ClOrdId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
