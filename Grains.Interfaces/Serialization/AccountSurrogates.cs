using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Orleans.Serialization.Cloning;

namespace Quant.Orleans.Grains.Interfaces.Serialization;

// Orleans codecs for the account commands and views of Trading.Accounts (immutable records; their arrays are created
// for the answer and never changed afterwards, so a shallow copy is safe).

/// <summary>Wire form of a <see cref="NewOrderCommand"/>.</summary>
[GenerateSerializer, Alias("qo.NewOrderCommand")]
public struct NewOrderCommandSurrogate
{
    /// <summary>FIX 11, or null to generate.</summary>
    [Id(0)] public string? ClOrdId;

    /// <summary>FIX 55.</summary>
    [Id(1)] public Symbol Symbol;

    /// <summary>FIX 54.</summary>
    [Id(2)] public Side Side;

    /// <summary>FIX 38, units.</summary>
    [Id(3)] public Quantity Quantity;

    /// <summary>FIX 40.</summary>
    [Id(4)] public OrderType OrdType;

    /// <summary>FIX 44.</summary>
    [Id(5)] public Price? LimitPrice;

    /// <summary>FIX 99.</summary>
    [Id(6)] public Price? StopPrice;

    /// <summary>FIX 59.</summary>
    [Id(7)] public TimeInForce TimeInForce;
}

/// <summary>Converts <see cref="NewOrderCommand"/>.</summary>
[RegisterConverter]
public sealed class NewOrderCommandConverter : IConverter<NewOrderCommand, NewOrderCommandSurrogate>
{
    /// <inheritdoc />
    public NewOrderCommand ConvertFromSurrogate(in NewOrderCommandSurrogate s) => new(s.ClOrdId, s.Symbol, s.Side, s.Quantity, s.OrdType, s.LimitPrice, s.StopPrice, s.TimeInForce);

    /// <inheritdoc />
    public NewOrderCommandSurrogate ConvertToSurrogate(in NewOrderCommand v) => new()
    {
        ClOrdId = v.ClOrdId, Symbol = v.Symbol, Side = v.Side, Quantity = v.Quantity, OrdType = v.OrdType, LimitPrice = v.LimitPrice,
        StopPrice = v.StopPrice, TimeInForce = v.TimeInForce,
    };
}

/// <summary>Passes <see cref="NewOrderCommand"/> by reference.</summary>
[RegisterCopier]
public sealed class NewOrderCommandCopier : ShallowCopier<NewOrderCommand>;

/// <summary>Wire form of a <see cref="ReplaceCommand"/>.</summary>
[GenerateSerializer, Alias("qo.ReplaceCommand")]
public struct ReplaceCommandSurrogate
{
    /// <summary>The replacement's FIX 11, or null to generate.</summary>
    [Id(0)] public string? ClOrdId;

    /// <summary>New total quantity.</summary>
    [Id(1)] public Quantity? Quantity;

    /// <summary>New limit price.</summary>
    [Id(2)] public Price? LimitPrice;

    /// <summary>New stop price.</summary>
    [Id(3)] public Price? StopPrice;
}

/// <summary>Converts <see cref="ReplaceCommand"/>.</summary>
[RegisterConverter]
public sealed class ReplaceCommandConverter : IConverter<ReplaceCommand, ReplaceCommandSurrogate>
{
    /// <inheritdoc />
    public ReplaceCommand ConvertFromSurrogate(in ReplaceCommandSurrogate s) => new(s.ClOrdId, s.Quantity, s.LimitPrice, s.StopPrice);

    /// <inheritdoc />
    public ReplaceCommandSurrogate ConvertToSurrogate(in ReplaceCommand v) => new() { ClOrdId = v.ClOrdId, Quantity = v.Quantity, LimitPrice = v.LimitPrice, StopPrice = v.StopPrice };
}

/// <summary>Passes <see cref="ReplaceCommand"/> by reference.</summary>
[RegisterCopier]
public sealed class ReplaceCommandCopier : ShallowCopier<ReplaceCommand>;

/// <summary>Wire form of an <see cref="OrderCommandResult"/>.</summary>
[GenerateSerializer, Alias("qo.OrderCommandResult")]
public struct OrderCommandResultSurrogate
{
    /// <summary>How it ended.</summary>
    [Id(0)] public OrderCommandStatus Status;

    /// <summary>The order after the command.</summary>
    [Id(1)] public OrderRecord? Order;

    /// <summary>The reports produced.</summary>
    [Id(2)] public ExecutionReport[] Reports;

    /// <summary>Why, when not Ok.</summary>
    [Id(3)] public string? Error;
}

/// <summary>Converts <see cref="OrderCommandResult"/>.</summary>
[RegisterConverter]
public sealed class OrderCommandResultConverter : IConverter<OrderCommandResult, OrderCommandResultSurrogate>
{
    /// <inheritdoc />
    public OrderCommandResult ConvertFromSurrogate(in OrderCommandResultSurrogate s) => new(s.Status, s.Order, s.Reports ?? [], s.Error);

    /// <inheritdoc />
    public OrderCommandResultSurrogate ConvertToSurrogate(in OrderCommandResult v) => new() { Status = v.Status, Order = v.Order, Reports = v.Reports, Error = v.Error };
}

/// <summary>Passes <see cref="OrderCommandResult"/> by reference.</summary>
[RegisterCopier]
public sealed class OrderCommandResultCopier : ShallowCopier<OrderCommandResult>;

/// <summary>Wire form of a <see cref="RiskSnapshot"/>.</summary>
[GenerateSerializer, Alias("qo.RiskSnapshot")]
public struct RiskSnapshotSurrogate
{
    /// <summary>The account.</summary>
    [Id(0)] public string Account;

    /// <summary>Active, Reducing or Halted.</summary>
    [Id(1)] public RiskState State;

    /// <summary>Why.</summary>
    [Id(2)] public string StateReason;

    /// <summary>The limits.</summary>
    [Id(3)] public RiskLimits Limits;

    /// <summary>Quote currency.</summary>
    [Id(4)] public decimal GrossExposure;

    /// <summary>Quote currency.</summary>
    [Id(5)] public decimal Equity;

    /// <summary>Orders in the last second.</summary>
    [Id(6)] public int OrdersLastSecond;

    /// <summary>Working orders.</summary>
    [Id(7)] public int WorkingOrders;

    /// <summary>Rejections per reason.</summary>
    [Id(8)] public Dictionary<PreTradeRejectReason, long> Rejections;
}

/// <summary>Converts <see cref="RiskSnapshot"/>.</summary>
[RegisterConverter]
public sealed class RiskSnapshotConverter : IConverter<RiskSnapshot, RiskSnapshotSurrogate>
{
    /// <inheritdoc />
    public RiskSnapshot ConvertFromSurrogate(in RiskSnapshotSurrogate s) =>
        new(s.Account, s.State, s.StateReason, s.Limits, s.GrossExposure, s.Equity, s.OrdersLastSecond, s.WorkingOrders, s.Rejections ?? []);

    /// <inheritdoc />
    public RiskSnapshotSurrogate ConvertToSurrogate(in RiskSnapshot v) => new()
    {
        Account = v.Account, State = v.State, StateReason = v.StateReason, Limits = v.Limits, GrossExposure = v.GrossExposure, Equity = v.Equity,
        OrdersLastSecond = v.OrdersLastSecond, WorkingOrders = v.WorkingOrders, Rejections = new Dictionary<PreTradeRejectReason, long>(v.Rejections),
    };
}

/// <summary>Passes <see cref="RiskSnapshot"/> by reference.</summary>
[RegisterCopier]
public sealed class RiskSnapshotCopier : ShallowCopier<RiskSnapshot>;

/// <summary>Wire form of a <see cref="KillReport"/>.</summary>
[GenerateSerializer, Alias("qo.KillReport")]
public struct KillReportSurrogate
{
    /// <summary>The account.</summary>
    [Id(0)] public string Account;

    /// <summary>Orders cancelled.</summary>
    [Id(1)] public int OrdersCanceled;

    /// <summary>Stopwatch ticks when halted.</summary>
    [Id(2)] public long BlockedTimestamp;

    /// <summary>Stopwatch ticks when the cancels were booked.</summary>
    [Id(3)] public long CanceledTimestamp;

    /// <summary>The risk view after the kill.</summary>
    [Id(4)] public RiskSnapshot Risk;
}

/// <summary>Converts <see cref="KillReport"/>.</summary>
[RegisterConverter]
public sealed class KillReportConverter : IConverter<KillReport, KillReportSurrogate>
{
    /// <inheritdoc />
    public KillReport ConvertFromSurrogate(in KillReportSurrogate s) => new(s.Account, s.OrdersCanceled, s.BlockedTimestamp, s.CanceledTimestamp, s.Risk);

    /// <inheritdoc />
    public KillReportSurrogate ConvertToSurrogate(in KillReport v) => new()
    {
        Account = v.Account, OrdersCanceled = v.OrdersCanceled, BlockedTimestamp = v.BlockedTimestamp, CanceledTimestamp = v.CanceledTimestamp, Risk = v.Risk,
    };
}

/// <summary>Passes <see cref="KillReport"/> by reference.</summary>
[RegisterCopier]
public sealed class KillReportCopier : ShallowCopier<KillReport>;

/// <summary>Wire form of a <see cref="PortfolioSnapshot"/>.</summary>
[GenerateSerializer, Alias("qo.PortfolioSnapshot")]
public struct PortfolioSnapshotSurrogate
{
    /// <summary>The account.</summary>
    [Id(0)] public string Account;

    /// <summary>Starting cash.</summary>
    [Id(1)] public decimal InitialCash;

    /// <summary>Cash now.</summary>
    [Id(2)] public decimal Cash;

    /// <summary>Equity.</summary>
    [Id(3)] public decimal Equity;

    /// <summary>Realised PnL.</summary>
    [Id(4)] public decimal RealizedPnl;

    /// <summary>Unrealised PnL.</summary>
    [Id(5)] public decimal UnrealizedPnl;

    /// <summary>Fees.</summary>
    [Id(6)] public decimal Fees;

    /// <summary>Positions.</summary>
    [Id(7)] public Position[] Positions;

    /// <summary>Orders created.</summary>
    [Id(8)] public int OrderCount;

    /// <summary>Fills applied.</summary>
    [Id(9)] public int FillCount;

    /// <summary>Risk rejections.</summary>
    [Id(10)] public int RiskRejections;

    /// <summary>Ledger invariants hold.</summary>
    [Id(11)] public bool Reconciled;
}

/// <summary>Converts <see cref="PortfolioSnapshot"/>.</summary>
[RegisterConverter]
public sealed class PortfolioSnapshotConverter : IConverter<PortfolioSnapshot, PortfolioSnapshotSurrogate>
{
    /// <inheritdoc />
    public PortfolioSnapshot ConvertFromSurrogate(in PortfolioSnapshotSurrogate s) =>
        new(s.Account, s.InitialCash, s.Cash, s.Equity, s.RealizedPnl, s.UnrealizedPnl, s.Fees, s.Positions ?? [], s.OrderCount, s.FillCount, s.RiskRejections, s.Reconciled);

    /// <inheritdoc />
    public PortfolioSnapshotSurrogate ConvertToSurrogate(in PortfolioSnapshot v) => new()
    {
        Account = v.Account, InitialCash = v.InitialCash, Cash = v.Cash, Equity = v.Equity, RealizedPnl = v.RealizedPnl, UnrealizedPnl = v.UnrealizedPnl,
        Fees = v.Fees, Positions = v.Positions, OrderCount = v.OrderCount, FillCount = v.FillCount, RiskRejections = v.RiskRejections, Reconciled = v.Reconciled,
    };
}

/// <summary>Passes <see cref="PortfolioSnapshot"/> by reference.</summary>
[RegisterCopier]
public sealed class PortfolioSnapshotCopier : ShallowCopier<PortfolioSnapshot>;

/// <summary>Wire form of a <see cref="PortfolioRecord"/>.</summary>
[GenerateSerializer, Alias("qo.PortfolioRecord")]
public struct PortfolioRecordSurrogate
{
    /// <summary>Orders in creation order.</summary>
    [Id(0)] public OrderRecord[] Orders;

    /// <summary>Fills in booking order.</summary>
    [Id(1)] public Fill[] Fills;

    /// <summary>Equity marks in time order.</summary>
    [Id(2)] public EquityPoint[] EquityCurve;
}

/// <summary>Converts <see cref="PortfolioRecord"/>.</summary>
[RegisterConverter]
public sealed class PortfolioRecordConverter : IConverter<PortfolioRecord, PortfolioRecordSurrogate>
{
    /// <inheritdoc />
    public PortfolioRecord ConvertFromSurrogate(in PortfolioRecordSurrogate s) => new(s.Orders ?? [], s.Fills ?? [], s.EquityCurve ?? []);

    /// <inheritdoc />
    public PortfolioRecordSurrogate ConvertToSurrogate(in PortfolioRecord v) => new() { Orders = v.Orders, Fills = v.Fills, EquityCurve = v.EquityCurve };
}

/// <summary>Passes <see cref="PortfolioRecord"/> by reference.</summary>
[RegisterCopier]
public sealed class PortfolioRecordCopier : ShallowCopier<PortfolioRecord>;

/// <summary>Wire form of a <see cref="VenueReconnect"/>.</summary>
[GenerateSerializer, Alias("qo.VenueReconnect")]
public struct VenueReconnectSurrogate
{
    /// <summary>Reports queued meanwhile.</summary>
    [Id(0)] public ExecutionReport[] Reports;

    /// <summary>Open orders the venue still works.</summary>
    [Id(1)] public ClOrdId[] Working;
}

/// <summary>Converts <see cref="VenueReconnect"/>.</summary>
[RegisterConverter]
public sealed class VenueReconnectConverter : IConverter<VenueReconnect, VenueReconnectSurrogate>
{
    /// <inheritdoc />
    public VenueReconnect ConvertFromSurrogate(in VenueReconnectSurrogate s) => new(s.Reports ?? [], s.Working ?? []);

    /// <inheritdoc />
    public VenueReconnectSurrogate ConvertToSurrogate(in VenueReconnect v) => new() { Reports = v.Reports, Working = v.Working };
}

/// <summary>Passes <see cref="VenueReconnect"/> by reference.</summary>
[RegisterCopier]
public sealed class VenueReconnectCopier : ShallowCopier<VenueReconnect>;
