using Quant.Orleans.Core;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>Maps the grid's domain records to the gateway's wire types (<see cref="Quant.Orleans.Gateway.Contracts"/>):
/// exact decimals for prices and quantities, FIX names for enumerations, UTC timestamps.</summary>
public static class GatewayViews
{
    /// <summary>The view of an order log line.</summary>
    public static OrderView ToView(this OrderRecord o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var r = o.Order;
        return new OrderView(
            r.ClOrdId.Value, o.OrigClOrdId?.Value, NullIfEmpty(o.OrderId), r.Account, r.Symbol.Ticker, r.Side.ToString(), r.Type.ToString(), r.TimeInForce.ToString(),
            r.Quantity.ToDecimal(), r.LimitPrice?.ToDecimal(), r.StopPrice?.ToDecimal(), o.Status.ToString(), o.CumQty.ToDecimal(), o.LeavesQty.ToDecimal(),
            o.CumQty.Raw == 0 ? null : o.AveragePrice, Time(r.SentTime), Time(o.UpdatedTime.Value == 0 ? r.SentTime : o.UpdatedTime), NullIfEmpty(o.Text),
            o.RejectReason?.ToString(), o.RiskReason?.ToString());
    }

    /// <summary>The view of an execution report.</summary>
    public static ExecutionReportView ToView(this ExecutionReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ExecutionReportView(
            r.ExecId, r.ClOrdId.Value, r.OrigClOrdId?.Value, NullIfEmpty(r.OrderId), r.Account, r.Symbol.Ticker, r.Side.ToString(), r.ExecType.ToString(), r.OrdStatus.ToString(),
            r.Fill?.LastQty.ToDecimal(), r.Fill?.LastPx.ToDecimal(), r.CumQty.ToDecimal(), r.LeavesQty.ToDecimal(), r.AveragePrice,
            r.RejectReason?.ToString(), r.RiskReason?.ToString(), NullIfEmpty(r.Text), Time(r.TransactTime));
    }

    /// <summary>The view of a fill.</summary>
    public static FillView ToView(this Fill f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new FillView(f.FillId, f.ClOrdId.Value, f.Account, f.Symbol.Ticker, f.Side.ToString(), f.LastQty.ToDecimal(), f.LastPx.ToDecimal(), f.Fee, Time(f.Time), Time(f.QuoteTime));
    }

    /// <summary>The view of an account's state.</summary>
    public static PortfolioView ToView(this PortfolioSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new PortfolioView(
            s.Account, s.InitialCash, s.Cash, s.Equity, s.RealizedPnl, s.UnrealizedPnl, s.Fees, [.. s.Positions.Select(ToView)], s.OrderCount, s.FillCount,
            s.RiskRejections, s.Reconciled);
    }

    /// <summary>The view of a position.</summary>
    public static PositionView ToView(this Position p) =>
        new(p.Symbol.Ticker, p.Quantity.ToDecimal(), p.CostBasis, p.RealizedPnl, p.Fees, p.Mark, p.AverageCost, p.MarketValue, p.UnrealizedPnl);

    /// <summary>The view of a risk snapshot.</summary>
    public static RiskView ToView(this RiskSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var l = s.Limits;
        var limits = new RiskLimitsView(
            l.Order.MaxOrderQuantity.ToDecimal(), l.Order.MaxOrderNotional, l.Order.PriceCollarBps, l.MaxPositionPerSymbol.ToDecimal(), l.MaxGrossExposure,
            l.CapitalThreshold, l.MaxOrdersPerSecond, l.DuplicateWindowMillis, [.. l.RestrictedSymbols.Select(x => x.Ticker)]);
        var rejections = s.Rejections.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).ToDictionary(kv => kv.Key.ToString(), kv => kv.Value);
        return new RiskView(s.Account, s.State.ToString(), NullIfEmpty(s.StateReason), limits, new RiskUsageView(s.GrossExposure, s.Equity, s.OrdersLastSecond, s.WorkingOrders), rejections);
    }

    /// <summary>The view of a signal event.</summary>
    public static SignalView ToView(this SignalEvent s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SignalView(s.Symbol, Time(s.Time), s.Forecast, s.Level, s.Slope, s.RegimePass, s.JudgePass);
    }

    /// <summary>The view of a symbol grain's status.</summary>
    public static SymbolStatusView ToView(this SymbolStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SymbolStatusView(s.Symbol.Ticker, s.Quotes, s.Trades, s.Candidates, s.RegimeBlocked, s.JudgeBlocked, s.Signals, s.LastMid, s.FilteredMid, s.ModelVersion)
        {
            StudentForecasts = s.StudentForecasts,
            FallbackWarming = s.FallbackWarming,
            FallbackNonFinite = s.FallbackNonFinite,
        };
    }

    /// <summary>The answer of an order command (the order and its reports).</summary>
    public static OrderResponse ToResponse(this OrderCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new OrderResponse(result.Order!.ToView(), [.. result.Reports.Select(ToView)]);
    }

    /// <summary>A timestamp on the wire (100 ns resolution, UTC).</summary>
    public static DateTimeOffset Time(UnixNanos time) => new(time.ToDateTime());

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
