using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>A <see cref="Quote"/> as its six fields only (symbol, time, bid, bid size, ask, ask size; fixed-point
/// values raw), so its derived values (a one-sided quote's NaN mid) are never written.</summary>
internal sealed class QuoteRawConverter : JsonConverter<Quote>
{
    public override Quote Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A quote must be a JSON object.");
        }

        string? symbol = null;
        long? time = null, bid = null, bidSize = null, ask = null, askSize = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "symbol":
                    symbol = reader.GetString();
                    break;
                case "time":
                    time = reader.GetInt64();
                    break;
                case "bidPrice":
                    bid = reader.GetInt64();
                    break;
                case "bidSize":
                    bidSize = reader.GetInt64();
                    break;
                case "askPrice":
                    ask = reader.GetInt64();
                    break;
                case "askSize":
                    askSize = reader.GetInt64();
                    break;
                default:
                    throw new JsonException($"A quote has no field '{name}'.");
            }
        }

        if (symbol is null || time is null || bid is null || bidSize is null || ask is null || askSize is null)
        {
            throw new JsonException("A quote needs symbol, time, bidPrice, bidSize, askPrice and askSize.");
        }

        return new Quote(new Symbol(symbol), new UnixNanos(time.Value), new Price(bid.Value), new Quantity(bidSize.Value), new Price(ask.Value), new Quantity(askSize.Value));
    }

    public override void Write(Utf8JsonWriter writer, Quote value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("symbol", value.Symbol.Ticker);
        writer.WriteNumber("time", value.Time.Value);
        writer.WriteNumber("bidPrice", value.BidPrice.Raw);
        writer.WriteNumber("bidSize", value.BidSize.Raw);
        writer.WriteNumber("askPrice", value.AskPrice.Raw);
        writer.WriteNumber("askSize", value.AskSize.Raw);
        writer.WriteEndObject();
    }
}
