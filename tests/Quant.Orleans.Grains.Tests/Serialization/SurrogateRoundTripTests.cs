using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Serialization;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Grains.Tests.Serialization;

/// <summary>The Orleans codecs of the domain types (surrogates, converters, shallow copiers): every value survives the
/// wire unchanged, is passed by reference inside a silo, and no surrogate misses a field of its type.</summary>
public sealed class SurrogateRoundTripTests
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly UnixNanos T = new(1_381_152_600_123_456_789);
    private static readonly Quote Nbbo = new(Ibm, T, Price.FromDecimal(185.01m), Quantity.FromUnits(300), Price.FromDecimal(185.03m), Quantity.FromUnits(200));
    private static readonly OrderRequest Order = new(new ClOrdId("SIM-1-7"), "SIM-1", Ibm, Side.Sell, Quantity.FromUnits(250), OrderType.StopLimit, Price.FromDecimal(184.5m), TimeInForce.Gtc, T, Price.FromDecimal(184.6m));
    private static readonly Fill AFill = new("SIM-12", new ClOrdId("SIM-1-7"), "SIM-1", Ibm, Side.Sell, Quantity.FromUnits(100), Price.FromDecimal(184.55m), 0.35m, T, new UnixNanos(T.Value - 1));

    private static readonly ExecutionReport Report = new(
        "SIM-12", new ClOrdId("SIM-1-7"), "SIM-1", Ibm, Side.Sell, ExecType.Trade, OrdStatus.PartiallyFilled, Quantity.FromUnits(250), Quantity.FromUnits(100),
        Quantity.FromUnits(150), T, AFill, OrdRejReason.OrderExceedsLimit, "text")
    {
        OrigClOrdId = new ClOrdId("SIM-1-6"),
        OrderId = "O-3",
        AveragePrice = 184.55m,
        RiskReason = PreTradeRejectReason.PriceCollarBreached,
    };

    private static readonly OrderRecord Record = new(Order, OrdStatus.PartiallyFilled, Quantity.FromUnits(100), 184.55m, "text", "manual")
    {
        OrderId = "O-3",
        OrigClOrdId = new ClOrdId("SIM-1-6"),
        LeavesQty = Quantity.FromUnits(150),
        UpdatedTime = T,
        RejectReason = OrdRejReason.UnknownSymbol,
        RiskReason = PreTradeRejectReason.NoQuote,
        Sizing = new Trading.Sizing.SizingAudit("policy@beta-1", -0.375, "student@2013-10-07"),
    };

    private static readonly RiskLimits Limits = new()
    {
        Order = new PreTradeLimits(Quantity.FromUnits(1_000), 50_000m, 25m),
        MaxPositionPerSymbol = Quantity.FromUnits(3_000),
        MaxGrossExposure = 900_000m,
        CapitalThreshold = 100_000m,
        MaxOrdersPerSecond = 7,
        DuplicateWindowMillis = 250,
        RestrictedSymbols = [new Symbol("GME")],
    };

    private static readonly RiskSnapshot Risk = new("SIM-1", RiskState.Reducing, "why", Limits, 12.5m, 1_000_001.25m, 3, 2, new Dictionary<PreTradeRejectReason, long> { [PreTradeRejectReason.NoQuote] = 4 });

    private readonly Serializer _serializer;
    private readonly DeepCopier _copier;

    public SurrogateRoundTripTests()
    {
        var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(SymbolSurrogate).Assembly)).BuildServiceProvider();
        _serializer = services.GetRequiredService<Serializer>();
        _copier = services.GetRequiredService<DeepCopier>();
    }

    public static TheoryData<string> Samples() => [.. SampleValues().Keys];

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryValueSurvivesTheWireUnchangedAndIsPassedByReferenceInASilo(string name)
    {
        var value = SampleValues()[name];
        var type = value.GetType();
        var bytes = (byte[])typeof(Serializer).GetMethods().Single(m => m is { Name: "SerializeToArray", IsGenericMethod: true } && m.GetParameters().Length == 1)
            .MakeGenericMethod(type).Invoke(_serializer, [value])!;
        var back = typeof(Serializer).GetMethods().Single(m => m is { Name: "Deserialize", IsGenericMethod: true } && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(byte[]))
            .MakeGenericMethod(type).Invoke(_serializer, [bytes])!;
        Assert.Equal(Describe(value), Describe(back));

        var copy = typeof(DeepCopier).GetMethods().Single(m => m is { Name: "Copy", IsGenericMethod: true }).MakeGenericMethod(type).Invoke(_copier, [value]);
        if (!type.IsValueType)
        {
            Assert.Same(value, copy);
        }
    }

    [Fact]
    public void EverySurrogateHasAFieldForEveryStoredMemberOfItsType()
    {
        var converters = typeof(SymbolSurrogate).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConverter<,>)))
            .Select(i => (Type: i.GetGenericArguments()[0], Surrogate: i.GetGenericArguments()[1]))
            .ToArray();
        Assert.True(converters.Length >= 25, $"{converters.Length} converters");
        foreach (var (type, surrogate) in converters)
        {
            var fields = surrogate.GetFields().Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var member in StoredMembers(type))
            {
                Assert.True(fields.Contains(member), $"{surrogate.Name} has no field for {type.Name}.{member}.");
            }

            Assert.Contains(SampleValues().Values, v => v.GetType() == type);
        }
    }

    /// <summary>Constructor parameters of the widest public constructor and settable (init) properties: what a value is
    /// made of. A type without a public constructor (<see cref="MarketEvent"/>) is covered by its round trip only.</summary>
    private static IEnumerable<string> StoredMembers(Type type)
    {
        var constructor = type.GetConstructors().Where(c => c.GetParameters().All(p => p.ParameterType != type)).MaxBy(c => c.GetParameters().Length);
        var parameters = constructor?.GetParameters().Select(p => p.Name!) ?? [];
        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.Name != "EqualityContract").Select(p => p.Name);
        return parameters.Concat(settable).Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private static string Describe(object value) => value switch
    {
        PortfolioRecord r => $"{string.Join(';', r.Orders)}|{string.Join(';', r.Fills)}|{string.Join(';', r.EquityCurve)}",
        PortfolioSnapshot s => s with { Positions = [] } + string.Join(';', s.Positions),
        OrderCommandResult r => r with { Reports = [] } + string.Join(';', r.Reports),
        VenueReconnect v => string.Join(';', v.Reports) + "|" + string.Join(';', v.Working),
        RiskSnapshot r => r with { Rejections = new Dictionary<PreTradeRejectReason, long>(), Limits = null! } + string.Join(';', r.Rejections) + Describe(r.Limits),
        KillReport k => k with { Risk = null! } + Describe(k.Risk),
        RiskLimits l => l with { RestrictedSymbols = [] } + string.Join(';', l.RestrictedSymbols),
        _ => value.ToString()!,
    };

    private static Dictionary<string, object> SampleValues() => new()
    {
        ["Symbol"] = Ibm,
        ["UnixNanos"] = T,
        ["Price"] = Price.FromDecimal(-0.00000001m),
        ["Quantity"] = Quantity.FromDecimal(1234.5m),
        ["Quote"] = Nbbo,
        ["Trade"] = new Trade(Ibm, T, Price.FromDecimal(185.02m), Quantity.FromUnits(7), "N"),
        ["MarketEvent quote"] = MarketEvent.FromQuote(Nbbo, 41),
        ["MarketEvent trade"] = MarketEvent.FromTrade(new Trade(Ibm, T, Price.FromDecimal(185.02m), Quantity.FromUnits(7), "P"), 42),
        ["ClOrdId"] = new ClOrdId("abc-1"),
        ["OrderRequest"] = Order,
        ["Fill"] = AFill,
        ["ExecutionReport"] = Report,
        ["OrderRecord"] = Record,
        ["Position"] = new Position(Ibm, Quantity.FromUnits(-100), -18_500.5m, 12.25m, 0.7m, 185.02m),
        ["EquityPoint"] = new EquityPoint(T, 1_000_001.125m),
        ["PreTradeLimits"] = Limits.Order,
        ["RiskLimits"] = Limits,
        ["ReplayCheckpoint"] = new ReplayCheckpoint("IBM 2013-10-07..2013-10-08", 12345, T),
        ["NewOrderCommand"] = new NewOrderCommand("c-1", Ibm, Side.Buy, Quantity.FromUnits(5), OrderType.Limit, Price.FromDecimal(1m), null, TimeInForce.Ioc),
        ["ReplaceCommand"] = new ReplaceCommand(null, Quantity.FromUnits(5), null, Price.FromDecimal(2m)),
        ["OrderCommandResult"] = new OrderCommandResult(OrderCommandStatus.Conflict, Record, [Report], "too late"),
        ["RiskSnapshot"] = Risk,
        ["KillReport"] = new KillReport("SIM-1", 3, 11, 22, Risk),
        ["PortfolioSnapshot"] = new PortfolioSnapshot("SIM-1", 1e6m, 999_000m, 1_000_100m, 12m, -3m, 0.7m, [new Position(Ibm, Quantity.FromUnits(1), 1m, 0m, 0m, 1m)], 4, 2, 1, true),
        ["PortfolioRecord"] = new PortfolioRecord([Record], [AFill], [new EquityPoint(T, 1m)]),
        ["VenueReconnect"] = new VenueReconnect([Report], [new ClOrdId("SIM-1-7")]),
    };
}
