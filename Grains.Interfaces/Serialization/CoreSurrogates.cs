using Quant.Orleans.Core;
using Orleans.Serialization.Cloning;

namespace Quant.Orleans.Grains.Interfaces.Serialization;

// Orleans codecs for the value types of Core, which does not reference Orleans (DESIGN §2): each foreign type gets a
// [GenerateSerializer] surrogate and a converter (Orleans "Serialization of external types"), and, being immutable, a
// shallow copier, so a call inside one silo passes it by reference instead of deep-copying it. The round-trip tests
// (SurrogateRoundTripTests) check every field, and that each surrogate has a field for every property of its type.

/// <summary>Wire form of <see cref="Symbol"/>: the ticker (null for <c>default(Symbol)</c>).</summary>
[GenerateSerializer, Alias("qo.Symbol")]
public struct SymbolSurrogate
{
    /// <summary>The ticker, upper case; null for the default value.</summary>
    [Id(0)] public string? Ticker;
}

/// <summary>Converts <see cref="Symbol"/> to and from <see cref="SymbolSurrogate"/>; the ticker is validated again.</summary>
[RegisterConverter]
public sealed class SymbolConverter : IConverter<Symbol, SymbolSurrogate>
{
    /// <inheritdoc />
    public Symbol ConvertFromSurrogate(in SymbolSurrogate surrogate) => surrogate.Ticker is null ? default : new Symbol(surrogate.Ticker);

    /// <inheritdoc />
    public SymbolSurrogate ConvertToSurrogate(in Symbol value) => new() { Ticker = value.Ticker };
}

/// <summary>Passes <see cref="Symbol"/> by value (immutable).</summary>
[RegisterCopier]
public sealed class SymbolCopier : ShallowCopier<Symbol>;

/// <summary>Wire form of <see cref="UnixNanos"/>: nanoseconds since the Unix epoch.</summary>
[GenerateSerializer, Alias("qo.UnixNanos")]
public struct UnixNanosSurrogate
{
    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z.</summary>
    [Id(0)] public long Value;
}

/// <summary>Converts <see cref="UnixNanos"/>.</summary>
[RegisterConverter]
public sealed class UnixNanosConverter : IConverter<UnixNanos, UnixNanosSurrogate>
{
    /// <inheritdoc />
    public UnixNanos ConvertFromSurrogate(in UnixNanosSurrogate surrogate) => new(surrogate.Value);

    /// <inheritdoc />
    public UnixNanosSurrogate ConvertToSurrogate(in UnixNanos value) => new() { Value = value.Value };
}

/// <summary>Passes <see cref="UnixNanos"/> by value.</summary>
[RegisterCopier]
public sealed class UnixNanosCopier : ShallowCopier<UnixNanos>;

/// <summary>Wire form of <see cref="Price"/>: the raw fixed-point integer (exact).</summary>
[GenerateSerializer, Alias("qo.Price")]
public struct PriceSurrogate
{
    /// <summary>Raw value, 10⁻⁸ quote-currency units.</summary>
    [Id(0)] public long Raw;
}

/// <summary>Converts <see cref="Price"/>.</summary>
[RegisterConverter]
public sealed class PriceConverter : IConverter<Price, PriceSurrogate>
{
    /// <inheritdoc />
    public Price ConvertFromSurrogate(in PriceSurrogate surrogate) => new(surrogate.Raw);

    /// <inheritdoc />
    public PriceSurrogate ConvertToSurrogate(in Price value) => new() { Raw = value.Raw };
}

/// <summary>Passes <see cref="Price"/> by value.</summary>
[RegisterCopier]
public sealed class PriceCopier : ShallowCopier<Price>;

/// <summary>Wire form of <see cref="Quantity"/>: the raw fixed-point integer (exact).</summary>
[GenerateSerializer, Alias("qo.Quantity")]
public struct QuantitySurrogate
{
    /// <summary>Raw value, 10⁻⁸ units.</summary>
    [Id(0)] public long Raw;
}

/// <summary>Converts <see cref="Quantity"/>.</summary>
[RegisterConverter]
public sealed class QuantityConverter : IConverter<Quantity, QuantitySurrogate>
{
    /// <inheritdoc />
    public Quantity ConvertFromSurrogate(in QuantitySurrogate surrogate) => new(surrogate.Raw);

    /// <inheritdoc />
    public QuantitySurrogate ConvertToSurrogate(in Quantity value) => new() { Raw = value.Raw };
}

/// <summary>Passes <see cref="Quantity"/> by value.</summary>
[RegisterCopier]
public sealed class QuantityCopier : ShallowCopier<Quantity>;

/// <summary>Wire form of a <see cref="Quote"/> (an NBBO or one exchange's quote).</summary>
[GenerateSerializer, Alias("qo.Quote")]
public struct QuoteSurrogate
{
    /// <summary>The instrument.</summary>
    [Id(0)] public Symbol Symbol;

    /// <summary>Quote time, UTC.</summary>
    [Id(1)] public UnixNanos Time;

    /// <summary>Best bid.</summary>
    [Id(2)] public Price BidPrice;

    /// <summary>Units at the bid.</summary>
    [Id(3)] public Quantity BidSize;

    /// <summary>Best ask.</summary>
    [Id(4)] public Price AskPrice;

    /// <summary>Units at the ask.</summary>
    [Id(5)] public Quantity AskSize;
}

/// <summary>Converts <see cref="Quote"/>.</summary>
[RegisterConverter]
public sealed class QuoteConverter : IConverter<Quote, QuoteSurrogate>
{
    /// <inheritdoc />
    public Quote ConvertFromSurrogate(in QuoteSurrogate s) => new(s.Symbol, s.Time, s.BidPrice, s.BidSize, s.AskPrice, s.AskSize);

    /// <inheritdoc />
    public QuoteSurrogate ConvertToSurrogate(in Quote v) => new()
    {
        Symbol = v.Symbol, Time = v.Time, BidPrice = v.BidPrice, BidSize = v.BidSize, AskPrice = v.AskPrice, AskSize = v.AskSize,
    };
}

/// <summary>Passes <see cref="Quote"/> by value.</summary>
[RegisterCopier]
public sealed class QuoteCopier : ShallowCopier<Quote>;

/// <summary>Wire form of a <see cref="Trade"/> print.</summary>
[GenerateSerializer, Alias("qo.Trade")]
public struct TradeSurrogate
{
    /// <summary>The instrument.</summary>
    [Id(0)] public Symbol Symbol;

    /// <summary>Trade time, UTC.</summary>
    [Id(1)] public UnixNanos Time;

    /// <summary>Trade price.</summary>
    [Id(2)] public Price Price;

    /// <summary>Units traded.</summary>
    [Id(3)] public Quantity Size;

    /// <summary>Exchange code.</summary>
    [Id(4)] public string? Exchange;
}

/// <summary>Converts <see cref="Trade"/>.</summary>
[RegisterConverter]
public sealed class TradeConverter : IConverter<Trade, TradeSurrogate>
{
    /// <inheritdoc />
    public Trade ConvertFromSurrogate(in TradeSurrogate s) => new(s.Symbol, s.Time, s.Price, s.Size, s.Exchange!);

    /// <inheritdoc />
    public TradeSurrogate ConvertToSurrogate(in Trade v) => new() { Symbol = v.Symbol, Time = v.Time, Price = v.Price, Size = v.Size, Exchange = v.Exchange };
}

/// <summary>Passes <see cref="Trade"/> by value.</summary>
[RegisterCopier]
public sealed class TradeCopier : ShallowCopier<Trade>;
