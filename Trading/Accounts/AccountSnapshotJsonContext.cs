using System.Text.Json.Serialization;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>The snapshot's source-generated JSON metadata (strict decoding, the journal's converters).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(PriceRawConverter), typeof(QuantityRawConverter), typeof(UnixNanosRawConverter), typeof(SymbolTextConverter), typeof(ClOrdIdTextConverter), typeof(QuoteRawConverter)])]
[JsonSerializable(typeof(AccountSnapshot))]
internal sealed partial class AccountSnapshotJsonContext : JsonSerializerContext;
