using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders the answer to an order, a cancel or a replace: one line per execution report (including reports
/// the venue had queued for other orders of the account), then one line with the order's state (<c>order ABC-1 is New: buy 100 IBM limit 185.10 day, filled 0, leaves 100</c>).</summary>
public static class OrderResponseRenderer
{
    /// <summary>Writes the reports and the order line to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, OrderResponse response)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        ExecutionReportRenderer.Render(console, response.Reports);
        console.MarkupLine(Line(response.Order));
        if (response.Reports.Length == 0 && (!string.IsNullOrEmpty(response.Order.Text) || response.Order.RiskReason is not null || response.Order.OrdRejReason is not null))
        {
            console.MarkupLine($"  {Markup.Escape(ExecutionReportRenderer.Reason(response.Order.RiskReason, response.Order.OrdRejReason, response.Order.Text))}");
        }
    }

    /// <summary>True when the order of the response (for a replace: the replacement) is <c>Rejected</c>. The
    /// reports may also carry reports the venue had queued for other orders of the account (fills of resting
    /// orders); those do not count.</summary>
    public static bool IsRejected(OrderResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Order.OrdStatus == "Rejected";
    }

    /// <summary>What an order is, in words: <c>buy 100 IBM limit 185.10 day</c>, <c>sell 50 IBM stop 180.00 gtc</c>,
    /// <c>buy 100 IBM stop 180.00 limit 181.00 day</c>, <c>sell 100 IBM market ioc</c>.</summary>
    public static string Describe(OrderView order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var prices = (order.StopPrice, order.LimitPrice) switch
        {
            (null, null) => "market",
            (null, { } limit) => $"limit {Formats.Price(limit)}",
            ({ } stop, null) => $"stop {Formats.Price(stop)}",
            ({ } stop, { } limit) => $"stop {Formats.Price(stop)} limit {Formats.Price(limit)}",
        };
        return $"{order.Side.ToLowerInvariant()} {Formats.Quantity(order.Quantity)} {order.Symbol} {prices} {order.TimeInForce.ToLowerInvariant()}";
    }

    private static string Line(OrderView order)
    {
        var replaces = string.IsNullOrEmpty(order.OrigClOrdId) ? string.Empty : $" (replaces {Markup.Escape(order.OrigClOrdId)})";
        var average = order.AvgPx is { } avg && order.CumQty > 0 ? $" at {Formats.Price(avg)}" : string.Empty;
        return $"order {Markup.Escape(order.ClOrdId)}{replaces} is {OrdersRenderer.Status(order.OrdStatus)}: {Markup.Escape(Describe(order))}, "
            + $"filled {Formats.Quantity(order.CumQty)}{average}, leaves {Formats.Quantity(order.LeavesQty)}";
    }
}
