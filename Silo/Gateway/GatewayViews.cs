using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>An order as the gateway shows it (JSON <c>OrderView</c> of the gateway contract).</summary>
/// <param name="ClOrdId">FIX 11.</param>
/// <param name="OrigClOrdId">FIX 41, for a replacement.</param>
/// <param name="OrderId">FIX 37, the same across cancel/replace.</param>
/// <param name="Account">FIX 1.</param>
/// <param name="Symbol">FIX 55.</param>
/// <param name="Side">FIX 54.</param>
/// <param name="OrdType">FIX 40.</param>
/// <param name="TimeInForce">FIX 59.</param>
/// <param name="Quantity">FIX 38, units.</param>
/// <param name="LimitPrice">FIX 44.</param>
/// <param name="StopPrice">FIX 99.</param>
/// <param name="OrdStatus">FIX 39.</param>
/// <param name="CumQty">FIX 14, units.</param>
/// <param name="LeavesQty">FIX 151, units.</param>
/// <param name="AvgPx">FIX 6; null when nothing filled.</param>
/// <param name="CreatedTime">Sent time, UTC.</param>
/// <param name="UpdatedTime">Last report's transact time, UTC.</param>
/// <param name="Text">Reject, cancel or expiry text.</param>
/// <param name="OrdRejReason">FIX 103 when rejected.</param>
/// <param name="RiskReason">The risk engine's reason code when it rejected the order.</param>
public sealed record OrderView(
    string ClOrdId, string? OrigClOrdId, string OrderId, string Account, string Symbol, Side Side, OrderType OrdType, TimeInForce TimeInForce,
    decimal Quantity, decimal? LimitPrice, decimal? StopPrice, OrdStatus OrdStatus, decimal CumQty, decimal LeavesQty, decimal? AvgPx,
    UnixNanos CreatedTime, UnixNanos UpdatedTime, string? Text, OrdRejReason? OrdRejReason, PreTradeRejectReason? RiskReason)
{
    /// <summary>The view of an order log line.</summary>
    public static OrderView From(OrderRecord o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var r = o.Order;
        return new OrderView(
            r.ClOrdId.Value, o.OrigClOrdId?.Value, o.OrderId, r.Account, r.Symbol.Ticker, r.Side, r.Type, r.TimeInForce, r.Quantity.ToDecimal(),
            r.LimitPrice?.ToDecimal(), r.StopPrice?.ToDecimal(), o.Status, o.CumQty.ToDecimal(), o.LeavesQty.ToDecimal(),
            o.CumQty.Raw == 0 ? null : o.AveragePrice, r.SentTime, o.UpdatedTime.Value == 0 ? r.SentTime : o.UpdatedTime, NullIfEmpty(o.Text), o.RejectReason, o.RiskReason);
    }

    internal static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>An execution report as the gateway shows it (JSON <c>ExecutionReportView</c>).</summary>
/// <param name="ExecId">FIX 17.</param>
/// <param name="ClOrdId">FIX 11.</param>
/// <param name="OrigClOrdId">FIX 41.</param>
/// <param name="OrderId">FIX 37.</param>
/// <param name="Account">FIX 1.</param>
/// <param name="Symbol">FIX 55.</param>
/// <param name="Side">FIX 54.</param>
/// <param name="ExecType">FIX 150.</param>
/// <param name="OrdStatus">FIX 39.</param>
/// <param name="LastQty">FIX 32, for a trade.</param>
/// <param name="LastPx">FIX 31, for a trade.</param>
/// <param name="CumQty">FIX 14.</param>
/// <param name="LeavesQty">FIX 151.</param>
/// <param name="AvgPx">FIX 6.</param>
/// <param name="OrdRejReason">FIX 103 name.</param>
/// <param name="RiskReason">Risk reason code.</param>
/// <param name="Text">FIX 58.</param>
/// <param name="TransactTime">FIX 60, UTC.</param>
public sealed record ExecutionReportView(
    string ExecId, string ClOrdId, string? OrigClOrdId, string? OrderId, string Account, string Symbol, Side Side, ExecType ExecType, OrdStatus OrdStatus,
    decimal? LastQty, decimal? LastPx, decimal CumQty, decimal LeavesQty, decimal? AvgPx, OrdRejReason? OrdRejReason, PreTradeRejectReason? RiskReason,
    string? Text, UnixNanos TransactTime)
{
    /// <summary>The view of a report.</summary>
    public static ExecutionReportView From(ExecutionReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ExecutionReportView(
            r.ExecId, r.ClOrdId.Value, r.OrigClOrdId?.Value, r.OrderId, r.Account, r.Symbol.Ticker, r.Side, r.ExecType, r.OrdStatus,
            r.Fill?.LastQty.ToDecimal(), r.Fill?.LastPx.ToDecimal(), r.CumQty.ToDecimal(), r.LeavesQty.ToDecimal(), r.AveragePrice,
            r.RejectReason, r.RiskReason, OrderView.NullIfEmpty(r.Text), r.TransactTime);
    }
}

/// <summary>A fill as the gateway shows it (JSON <c>FillView</c>).</summary>
/// <param name="ExecId">FIX 17.</param>
/// <param name="ClOrdId">FIX 11.</param>
/// <param name="Account">FIX 1.</param>
/// <param name="Symbol">FIX 55.</param>
/// <param name="Side">FIX 54.</param>
/// <param name="LastQty">Units.</param>
/// <param name="LastPx">Quote currency per unit.</param>
/// <param name="Fee">Quote currency.</param>
/// <param name="TransactTime">When it filled, UTC.</param>
/// <param name="QuoteTime">Time of the NBBO quote that caused it, UTC.</param>
public sealed record FillView(string ExecId, string ClOrdId, string Account, string Symbol, Side Side, decimal LastQty, decimal LastPx, decimal Fee, UnixNanos TransactTime, UnixNanos QuoteTime)
{
    /// <summary>The view of a fill.</summary>
    public static FillView From(Fill f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new FillView(f.FillId, f.ClOrdId.Value, f.Account, f.Symbol.Ticker, f.Side, f.LastQty.ToDecimal(), f.LastPx.ToDecimal(), f.Fee, f.Time, f.QuoteTime);
    }
}

/// <summary>The answer to an order command: the order and the reports produced.</summary>
/// <param name="Order">The order after the command.</param>
/// <param name="Reports">Reports in order.</param>
public sealed record OrderResponse(OrderView Order, ExecutionReportView[] Reports);

/// <summary>Risk limits as the gateway shows them.</summary>
/// <param name="MaxOrderQuantity">Units.</param>
/// <param name="MaxOrderNotional">Quote currency.</param>
/// <param name="PriceCollarBps">Basis points.</param>
/// <param name="MaxPositionPerSymbol">Units.</param>
/// <param name="MaxGrossExposure">Quote currency.</param>
/// <param name="CapitalThreshold">Quote currency.</param>
/// <param name="MaxOrdersPerSecond">Orders per second (0: off).</param>
/// <param name="DuplicateWindowMillis">Milliseconds (0: off).</param>
/// <param name="RestrictedSymbols">Tickers.</param>
public sealed record RiskLimitsView(
    decimal MaxOrderQuantity, decimal MaxOrderNotional, decimal PriceCollarBps, decimal MaxPositionPerSymbol, decimal MaxGrossExposure,
    decimal CapitalThreshold, int MaxOrdersPerSecond, int DuplicateWindowMillis, string[] RestrictedSymbols);

/// <summary>Risk usage as the gateway shows it.</summary>
/// <param name="GrossExposure">Quote currency.</param>
/// <param name="Equity">Quote currency.</param>
/// <param name="OrdersLastSecond">Orders accepted in the last second of order time.</param>
/// <param name="WorkingOrders">Orders not yet terminal.</param>
public sealed record RiskUsageView(decimal GrossExposure, decimal Equity, int OrdersLastSecond, int WorkingOrders);

/// <summary>An account's risk view (JSON <c>RiskView</c>).</summary>
/// <param name="Account">The account.</param>
/// <param name="State">Active, Reducing or Halted.</param>
/// <param name="StateReason">Why; null when never changed.</param>
/// <param name="Limits">The limits.</param>
/// <param name="Usage">The usage.</param>
/// <param name="Rejections">Rejections per reason code.</param>
public sealed record RiskView(string Account, RiskState State, string? StateReason, RiskLimitsView Limits, RiskUsageView Usage, IReadOnlyDictionary<string, long> Rejections)
{
    /// <summary>The view of a risk snapshot.</summary>
    public static RiskView From(RiskSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var l = s.Limits;
        var limits = new RiskLimitsView(
            l.Order.MaxOrderQuantity.ToDecimal(), l.Order.MaxOrderNotional, l.Order.PriceCollarBps, l.MaxPositionPerSymbol.ToDecimal(), l.MaxGrossExposure,
            l.CapitalThreshold, l.MaxOrdersPerSecond, l.DuplicateWindowMillis, [.. l.RestrictedSymbols.Select(x => x.Ticker)]);
        var rejections = s.Rejections.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).ToDictionary(kv => kv.Key.ToString(), kv => kv.Value);
        return new RiskView(s.Account, s.State, OrderView.NullIfEmpty(s.StateReason), limits, new RiskUsageView(s.GrossExposure, s.Equity, s.OrdersLastSecond, s.WorkingOrders), rejections);
    }
}

/// <summary>The kill switch's answer.</summary>
/// <param name="Accounts">The accounts halted.</param>
/// <param name="OrdersCanceled">Working orders cancelled over all of them.</param>
/// <param name="BlockedMicros">Microseconds from receipt of the command to every account blocked.</param>
/// <param name="CanceledMicros">Microseconds from receipt of the command to every working order's cancel booked.</param>
/// <param name="State">Halted.</param>
public sealed record KillResponse(string[] Accounts, int OrdersCanceled, double BlockedMicros, double CanceledMicros, RiskState State);

/// <summary>A signal event as the gateway shows it.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Time">Market time, UTC.</param>
/// <param name="Forecast">Expected log return over the horizon.</param>
/// <param name="Level">Filtered price level.</param>
/// <param name="Slope">Filtered slope of the log price.</param>
/// <param name="RegimePass">Regime gate verdict.</param>
/// <param name="JudgePass">Judge gate verdict.</param>
public sealed record SignalView(string Symbol, UnixNanos Time, double Forecast, double Level, double Slope, bool RegimePass, bool JudgePass)
{
    /// <summary>The view of a signal event.</summary>
    public static SignalView From(SignalEvent s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SignalView(s.Symbol, s.Time, s.Forecast, s.Level, s.Slope, s.RegimePass, s.JudgePass);
    }
}
