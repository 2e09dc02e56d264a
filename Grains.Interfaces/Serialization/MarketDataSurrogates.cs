using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Replay;
using Orleans.Serialization.Cloning;

namespace Quant.Orleans.Grains.Interfaces.Serialization;

/// <summary>Wire form of a <see cref="MarketEvent"/>: its kind, sequence and the payload of that kind only.</summary>
[GenerateSerializer, Alias("qo.MarketEvent")]
public struct MarketEventSurrogate
{
    /// <summary>Quote or trade.</summary>
    [Id(0)] public MarketEventKind Kind;

    /// <summary>The feed's sequence number.</summary>
    [Id(1)] public long Sequence;

    /// <summary>The NBBO update when <see cref="Kind"/> is a quote.</summary>
    [Id(2)] public Quote Quote;

    /// <summary>The print when <see cref="Kind"/> is a trade.</summary>
    [Id(3)] public Trade Trade;
}

/// <summary>Converts <see cref="MarketEvent"/>.</summary>
[RegisterConverter]
public sealed class MarketEventConverter : IConverter<MarketEvent, MarketEventSurrogate>
{
    /// <inheritdoc />
    public MarketEvent ConvertFromSurrogate(in MarketEventSurrogate s) => s.Kind == MarketEventKind.Trade
        ? MarketEvent.FromTrade(s.Trade, s.Sequence)
        : MarketEvent.FromQuote(s.Quote, s.Sequence);

    /// <inheritdoc />
    public MarketEventSurrogate ConvertToSurrogate(in MarketEvent v) => v.Kind == MarketEventKind.Trade
        ? new() { Kind = v.Kind, Sequence = v.Sequence, Trade = v.Trade }
        : new() { Kind = v.Kind, Sequence = v.Sequence, Quote = v.Quote };
}

/// <summary>Passes <see cref="MarketEvent"/> by value.</summary>
[RegisterCopier]
public sealed class MarketEventCopier : ShallowCopier<MarketEvent>;
