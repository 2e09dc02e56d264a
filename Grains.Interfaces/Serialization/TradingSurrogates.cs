using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Orleans.Serialization.Cloning;

namespace Quant.Orleans.Grains.Interfaces.Serialization;

// Orleans codecs for the immutable order, fill and risk types of Trading (which does not reference Orleans): a
// surrogate, a converter that rebuilds the value through its validating constructor, and a shallow copier.

/// <summary>Wire form of a <see cref="ClOrdId"/> (null text for the default value).</summary>
[GenerateSerializer, Alias("qo.ClOrdId")]
public struct ClOrdIdSurrogate
{
    /// <summary>The FIX 11 text.</summary>
    [Id(0)] public string? Value;
}

/// <summary>Converts <see cref="ClOrdId"/>.</summary>
[RegisterConverter]
public sealed class ClOrdIdConverter : IConverter<ClOrdId, ClOrdIdSurrogate>
{
    /// <inheritdoc />
    public ClOrdId ConvertFromSurrogate(in ClOrdIdSurrogate surrogate) => surrogate.Value is null ? default : new ClOrdId(surrogate.Value);

    /// <inheritdoc />
    public ClOrdIdSurrogate ConvertToSurrogate(in ClOrdId value) => new() { Value = value.Value };
}

/// <summary>Passes <see cref="ClOrdId"/> by value.</summary>
[RegisterCopier]
public sealed class ClOrdIdCopier : ShallowCopier<ClOrdId>;

/// <summary>Wire form of an <see cref="OrderRequest"/> (FIX NewOrderSingle).</summary>
[GenerateSerializer, Alias("qo.OrderRequest")]
public struct OrderRequestSurrogate
{
    /// <summary>FIX 11.</summary>
    [Id(0)] public ClOrdId ClOrdId;

    /// <summary>FIX 1.</summary>
    [Id(1)] public string Account;

    /// <summary>FIX 55.</summary>
    [Id(2)] public Symbol Symbol;

    /// <summary>FIX 54.</summary>
    [Id(3)] public Side Side;

    /// <summary>FIX 38, units.</summary>
    [Id(4)] public Quantity Quantity;

    /// <summary>FIX 40.</summary>
    [Id(5)] public OrderType Type;

    /// <summary>FIX 44.</summary>
    [Id(6)] public Price? LimitPrice;

    /// <summary>FIX 59.</summary>
    [Id(7)] public TimeInForce TimeInForce;

    /// <summary>When sent, UTC.</summary>
    [Id(8)] public UnixNanos SentTime;

    /// <summary>FIX 99.</summary>
    [Id(9)] public Price? StopPrice;
}

/// <summary>Converts <see cref="OrderRequest"/>.</summary>
[RegisterConverter]
public sealed class OrderRequestConverter : IConverter<OrderRequest, OrderRequestSurrogate>
{
    /// <inheritdoc />
    public OrderRequest ConvertFromSurrogate(in OrderRequestSurrogate s) =>
        new(s.ClOrdId, s.Account, s.Symbol, s.Side, s.Quantity, s.Type, s.LimitPrice, s.TimeInForce, s.SentTime, s.StopPrice);

    /// <inheritdoc />
    public OrderRequestSurrogate ConvertToSurrogate(in OrderRequest v) => new()
    {
        ClOrdId = v.ClOrdId, Account = v.Account, Symbol = v.Symbol, Side = v.Side, Quantity = v.Quantity, Type = v.Type,
        LimitPrice = v.LimitPrice, TimeInForce = v.TimeInForce, SentTime = v.SentTime, StopPrice = v.StopPrice,
    };
}

/// <summary>Passes <see cref="OrderRequest"/> by reference (immutable).</summary>
[RegisterCopier]
public sealed class OrderRequestCopier : ShallowCopier<OrderRequest>;

/// <summary>Wire form of a <see cref="Fill"/>.</summary>
[GenerateSerializer, Alias("qo.Fill")]
public struct FillSurrogate
{
    /// <summary>Fill id (the trade report's FIX 17).</summary>
    [Id(0)] public string FillId;

    /// <summary>FIX 11.</summary>
    [Id(1)] public ClOrdId ClOrdId;

    /// <summary>FIX 1.</summary>
    [Id(2)] public string Account;

    /// <summary>FIX 55.</summary>
    [Id(3)] public Symbol Symbol;

    /// <summary>FIX 54.</summary>
    [Id(4)] public Side Side;

    /// <summary>FIX 32, units.</summary>
    [Id(5)] public Quantity LastQty;

    /// <summary>FIX 31.</summary>
    [Id(6)] public Price LastPx;

    /// <summary>Fee, quote currency.</summary>
    [Id(7)] public decimal Fee;

    /// <summary>When it filled, UTC.</summary>
    [Id(8)] public UnixNanos Time;

    /// <summary>Time of the quote that priced it, UTC.</summary>
    [Id(9)] public UnixNanos QuoteTime;
}

/// <summary>Converts <see cref="Fill"/>.</summary>
[RegisterConverter]
public sealed class FillConverter : IConverter<Fill, FillSurrogate>
{
    /// <inheritdoc />
    public Fill ConvertFromSurrogate(in FillSurrogate s) => new(s.FillId, s.ClOrdId, s.Account, s.Symbol, s.Side, s.LastQty, s.LastPx, s.Fee, s.Time, s.QuoteTime);

    /// <inheritdoc />
    public FillSurrogate ConvertToSurrogate(in Fill v) => new()
    {
        FillId = v.FillId, ClOrdId = v.ClOrdId, Account = v.Account, Symbol = v.Symbol, Side = v.Side, LastQty = v.LastQty, LastPx = v.LastPx,
        Fee = v.Fee, Time = v.Time, QuoteTime = v.QuoteTime,
    };
}

/// <summary>Passes <see cref="Fill"/> by reference.</summary>
[RegisterCopier]
public sealed class FillCopier : ShallowCopier<Fill>;

/// <summary>Wire form of an <see cref="ExecutionReport"/> (FIX 35=8).</summary>
[GenerateSerializer, Alias("qo.ExecutionReport")]
public struct ExecutionReportSurrogate
{
    /// <summary>FIX 17.</summary>
    [Id(0)] public string ExecId;

    /// <summary>FIX 11.</summary>
    [Id(1)] public ClOrdId ClOrdId;

    /// <summary>FIX 1.</summary>
    [Id(2)] public string Account;

    /// <summary>FIX 55.</summary>
    [Id(3)] public Symbol Symbol;

    /// <summary>FIX 54.</summary>
    [Id(4)] public Side Side;

    /// <summary>FIX 150.</summary>
    [Id(5)] public ExecType ExecType;

    /// <summary>FIX 39.</summary>
    [Id(6)] public OrdStatus OrdStatus;

    /// <summary>FIX 38.</summary>
    [Id(7)] public Quantity OrderQty;

    /// <summary>FIX 14.</summary>
    [Id(8)] public Quantity CumQty;

    /// <summary>FIX 151.</summary>
    [Id(9)] public Quantity LeavesQty;

    /// <summary>FIX 60.</summary>
    [Id(10)] public UnixNanos TransactTime;

    /// <summary>The fill of a trade report.</summary>
    [Id(11)] public Fill? Fill;

    /// <summary>FIX 103.</summary>
    [Id(12)] public OrdRejReason? RejectReason;

    /// <summary>FIX 58.</summary>
    [Id(13)] public string Text;

    /// <summary>FIX 41.</summary>
    [Id(14)] public ClOrdId? OrigClOrdId;

    /// <summary>FIX 37.</summary>
    [Id(15)] public string? OrderId;

    /// <summary>FIX 6.</summary>
    [Id(16)] public decimal? AveragePrice;

    /// <summary>The risk engine's reason of a rejection.</summary>
    [Id(17)] public PreTradeRejectReason? RiskReason;
}

/// <summary>Converts <see cref="ExecutionReport"/>.</summary>
[RegisterConverter]
public sealed class ExecutionReportConverter : IConverter<ExecutionReport, ExecutionReportSurrogate>
{
    /// <inheritdoc />
    public ExecutionReport ConvertFromSurrogate(in ExecutionReportSurrogate s) =>
        new(s.ExecId, s.ClOrdId, s.Account, s.Symbol, s.Side, s.ExecType, s.OrdStatus, s.OrderQty, s.CumQty, s.LeavesQty, s.TransactTime, s.Fill, s.RejectReason, s.Text)
        {
            OrigClOrdId = s.OrigClOrdId,
            OrderId = s.OrderId,
            AveragePrice = s.AveragePrice,
            RiskReason = s.RiskReason,
        };

    /// <inheritdoc />
    public ExecutionReportSurrogate ConvertToSurrogate(in ExecutionReport v) => new()
    {
        ExecId = v.ExecId, ClOrdId = v.ClOrdId, Account = v.Account, Symbol = v.Symbol, Side = v.Side, ExecType = v.ExecType, OrdStatus = v.OrdStatus,
        OrderQty = v.OrderQty, CumQty = v.CumQty, LeavesQty = v.LeavesQty, TransactTime = v.TransactTime, Fill = v.Fill, RejectReason = v.RejectReason,
        Text = v.Text, OrigClOrdId = v.OrigClOrdId, OrderId = v.OrderId, AveragePrice = v.AveragePrice, RiskReason = v.RiskReason,
    };
}

/// <summary>Passes <see cref="ExecutionReport"/> by reference.</summary>
[RegisterCopier]
public sealed class ExecutionReportCopier : ShallowCopier<ExecutionReport>;

/// <summary>Wire form of an <see cref="OrderRecord"/> (a line of the order log).</summary>
[GenerateSerializer, Alias("qo.OrderRecord")]
public struct OrderRecordSurrogate
{
    /// <summary>The order as entered.</summary>
    [Id(0)] public OrderRequest Order;

    /// <summary>FIX 39.</summary>
    [Id(1)] public OrdStatus Status;

    /// <summary>FIX 14.</summary>
    [Id(2)] public Quantity CumQty;

    /// <summary>FIX 6 (0 when nothing filled).</summary>
    [Id(3)] public decimal AveragePrice;

    /// <summary>FIX 58.</summary>
    [Id(4)] public string Text;

    /// <summary><c>signal</c> or <c>manual</c>.</summary>
    [Id(5)] public string Origin;

    /// <summary>FIX 37.</summary>
    [Id(6)] public string OrderId;

    /// <summary>FIX 41.</summary>
    [Id(7)] public ClOrdId? OrigClOrdId;

    /// <summary>FIX 151.</summary>
    [Id(8)] public Quantity LeavesQty;

    /// <summary>Last change, UTC.</summary>
    [Id(9)] public UnixNanos UpdatedTime;

    /// <summary>FIX 103.</summary>
    [Id(10)] public OrdRejReason? RejectReason;

    /// <summary>The risk engine's reason.</summary>
    [Id(11)] public PreTradeRejectReason? RiskReason;

    /// <summary>The sizing method of <see cref="OrderRecord.Sizing"/> (<c>kelly</c> or <c>policy@version</c>); null
    /// when the record has no sizing audit (a manual order).</summary>
    [Id(12)] public string? Sizing;

    /// <summary>The policy's serving position p ∈ [−1, 1]; NaN for Kelly.</summary>
    [Id(13)] public double PolicyPosition;

    /// <summary>The signal's model version.</summary>
    [Id(14)] public string? SignalModelVersion;
}

/// <summary>Converts <see cref="OrderRecord"/>.</summary>
[RegisterConverter]
public sealed class OrderRecordConverter : IConverter<OrderRecord, OrderRecordSurrogate>
{
    /// <inheritdoc />
    public OrderRecord ConvertFromSurrogate(in OrderRecordSurrogate s) => new(s.Order, s.Status, s.CumQty, s.AveragePrice, s.Text, s.Origin)
    {
        OrderId = s.OrderId,
        OrigClOrdId = s.OrigClOrdId,
        LeavesQty = s.LeavesQty,
        UpdatedTime = s.UpdatedTime,
        RejectReason = s.RejectReason,
        RiskReason = s.RiskReason,
        Sizing = s.Sizing is null ? null : new SizingAudit(s.Sizing, s.PolicyPosition, s.SignalModelVersion ?? string.Empty),
    };

    /// <inheritdoc />
    public OrderRecordSurrogate ConvertToSurrogate(in OrderRecord v) => new()
    {
        Order = v.Order, Status = v.Status, CumQty = v.CumQty, AveragePrice = v.AveragePrice, Text = v.Text, Origin = v.Origin, OrderId = v.OrderId,
        OrigClOrdId = v.OrigClOrdId, LeavesQty = v.LeavesQty, UpdatedTime = v.UpdatedTime, RejectReason = v.RejectReason, RiskReason = v.RiskReason,
        Sizing = v.Sizing?.Method, PolicyPosition = v.Sizing?.PolicyPosition ?? double.NaN, SignalModelVersion = v.Sizing?.SignalModelVersion,
    };
}

/// <summary>Passes <see cref="OrderRecord"/> by reference.</summary>
[RegisterCopier]
public sealed class OrderRecordCopier : ShallowCopier<OrderRecord>;

/// <summary>Wire form of a <see cref="Position"/>.</summary>
[GenerateSerializer, Alias("qo.Position")]
public struct PositionSurrogate
{
    /// <summary>The instrument.</summary>
    [Id(0)] public Symbol Symbol;

    /// <summary>Signed units.</summary>
    [Id(1)] public Quantity Quantity;

    /// <summary>Signed cost of the open quantity, quote currency.</summary>
    [Id(2)] public decimal CostBasis;

    /// <summary>Realised PnL before fees, quote currency.</summary>
    [Id(3)] public decimal RealizedPnl;

    /// <summary>Fees paid, quote currency.</summary>
    [Id(4)] public decimal Fees;

    /// <summary>The last mark per unit.</summary>
    [Id(5)] public decimal Mark;
}

/// <summary>Converts <see cref="Position"/>.</summary>
[RegisterConverter]
public sealed class PositionConverter : IConverter<Position, PositionSurrogate>
{
    /// <inheritdoc />
    public Position ConvertFromSurrogate(in PositionSurrogate s) => new(s.Symbol, s.Quantity, s.CostBasis, s.RealizedPnl, s.Fees, s.Mark);

    /// <inheritdoc />
    public PositionSurrogate ConvertToSurrogate(in Position v) => new()
    {
        Symbol = v.Symbol, Quantity = v.Quantity, CostBasis = v.CostBasis, RealizedPnl = v.RealizedPnl, Fees = v.Fees, Mark = v.Mark,
    };
}

/// <summary>Passes <see cref="Position"/> by value.</summary>
[RegisterCopier]
public sealed class PositionCopier : ShallowCopier<Position>;

/// <summary>Wire form of an <see cref="EquityPoint"/>.</summary>
[GenerateSerializer, Alias("qo.EquityPoint")]
public struct EquityPointSurrogate
{
    /// <summary>Market time, UTC.</summary>
    [Id(0)] public UnixNanos Time;

    /// <summary>Equity, quote currency.</summary>
    [Id(1)] public decimal Equity;
}

/// <summary>Converts <see cref="EquityPoint"/>.</summary>
[RegisterConverter]
public sealed class EquityPointConverter : IConverter<EquityPoint, EquityPointSurrogate>
{
    /// <inheritdoc />
    public EquityPoint ConvertFromSurrogate(in EquityPointSurrogate s) => new(s.Time, s.Equity);

    /// <inheritdoc />
    public EquityPointSurrogate ConvertToSurrogate(in EquityPoint v) => new() { Time = v.Time, Equity = v.Equity };
}

/// <summary>Passes <see cref="EquityPoint"/> by value.</summary>
[RegisterCopier]
public sealed class EquityPointCopier : ShallowCopier<EquityPoint>;

/// <summary>Wire form of <see cref="PreTradeLimits"/>.</summary>
[GenerateSerializer, Alias("qo.PreTradeLimits")]
public struct PreTradeLimitsSurrogate
{
    /// <summary>Units.</summary>
    [Id(0)] public Quantity MaxOrderQuantity;

    /// <summary>Quote currency.</summary>
    [Id(1)] public decimal MaxOrderNotional;

    /// <summary>Basis points.</summary>
    [Id(2)] public decimal PriceCollarBps;
}

/// <summary>Converts <see cref="PreTradeLimits"/>.</summary>
[RegisterConverter]
public sealed class PreTradeLimitsConverter : IConverter<PreTradeLimits, PreTradeLimitsSurrogate>
{
    /// <inheritdoc />
    public PreTradeLimits ConvertFromSurrogate(in PreTradeLimitsSurrogate s) => new(s.MaxOrderQuantity, s.MaxOrderNotional, s.PriceCollarBps);

    /// <inheritdoc />
    public PreTradeLimitsSurrogate ConvertToSurrogate(in PreTradeLimits v) => new()
    {
        MaxOrderQuantity = v.MaxOrderQuantity, MaxOrderNotional = v.MaxOrderNotional, PriceCollarBps = v.PriceCollarBps,
    };
}

/// <summary>Passes <see cref="PreTradeLimits"/> by reference.</summary>
[RegisterCopier]
public sealed class PreTradeLimitsCopier : ShallowCopier<PreTradeLimits>;

/// <summary>Wire form of <see cref="RiskLimits"/>.</summary>
[GenerateSerializer, Alias("qo.RiskLimits")]
public struct RiskLimitsSurrogate
{
    /// <summary>Per-order limits.</summary>
    [Id(0)] public PreTradeLimits Order;

    /// <summary>Units.</summary>
    [Id(1)] public Quantity MaxPositionPerSymbol;

    /// <summary>Quote currency.</summary>
    [Id(2)] public decimal MaxGrossExposure;

    /// <summary>Quote currency.</summary>
    [Id(3)] public decimal CapitalThreshold;

    /// <summary>Orders per second; 0 off.</summary>
    [Id(4)] public int MaxOrdersPerSecond;

    /// <summary>Milliseconds; 0 off.</summary>
    [Id(5)] public int DuplicateWindowMillis;

    /// <summary>Restricted instruments.</summary>
    [Id(6)] public Symbol[] RestrictedSymbols;
}

/// <summary>Converts <see cref="RiskLimits"/>.</summary>
[RegisterConverter]
public sealed class RiskLimitsConverter : IConverter<RiskLimits, RiskLimitsSurrogate>
{
    /// <inheritdoc />
    public RiskLimits ConvertFromSurrogate(in RiskLimitsSurrogate s) => new()
    {
        Order = s.Order,
        MaxPositionPerSymbol = s.MaxPositionPerSymbol,
        MaxGrossExposure = s.MaxGrossExposure,
        CapitalThreshold = s.CapitalThreshold,
        MaxOrdersPerSecond = s.MaxOrdersPerSecond,
        DuplicateWindowMillis = s.DuplicateWindowMillis,
        RestrictedSymbols = s.RestrictedSymbols ?? [],
    };

    /// <inheritdoc />
    public RiskLimitsSurrogate ConvertToSurrogate(in RiskLimits v) => new()
    {
        Order = v.Order, MaxPositionPerSymbol = v.MaxPositionPerSymbol, MaxGrossExposure = v.MaxGrossExposure, CapitalThreshold = v.CapitalThreshold,
        MaxOrdersPerSecond = v.MaxOrdersPerSecond, DuplicateWindowMillis = v.DuplicateWindowMillis, RestrictedSymbols = [.. v.RestrictedSymbols],
    };
}

/// <summary>Passes <see cref="RiskLimits"/> by reference.</summary>
[RegisterCopier]
public sealed class RiskLimitsCopier : ShallowCopier<RiskLimits>;

/// <summary>Wire form of a <see cref="ReplayCheckpoint"/>.</summary>
[GenerateSerializer, Alias("qo.ReplayCheckpoint")]
public struct ReplayCheckpointSurrogate
{
    /// <summary>What was replayed.</summary>
    [Id(0)] public string Replay;

    /// <summary>Events processed.</summary>
    [Id(1)] public long EventsProcessed;

    /// <summary>Market time of the last of them, UTC.</summary>
    [Id(2)] public UnixNanos MarketTime;
}

/// <summary>Converts <see cref="ReplayCheckpoint"/>.</summary>
[RegisterConverter]
public sealed class ReplayCheckpointConverter : IConverter<ReplayCheckpoint, ReplayCheckpointSurrogate>
{
    /// <inheritdoc />
    public ReplayCheckpoint ConvertFromSurrogate(in ReplayCheckpointSurrogate s) => new(s.Replay, s.EventsProcessed, s.MarketTime);

    /// <inheritdoc />
    public ReplayCheckpointSurrogate ConvertToSurrogate(in ReplayCheckpoint v) => new() { Replay = v.Replay, EventsProcessed = v.EventsProcessed, MarketTime = v.MarketTime };
}

/// <summary>Passes <see cref="ReplayCheckpoint"/> by reference.</summary>
[RegisterCopier]
public sealed class ReplayCheckpointCopier : ShallowCopier<ReplayCheckpoint>;
