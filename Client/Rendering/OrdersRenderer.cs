using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders orders as a blotter: one row per order in creation order, with its type, time in force, prices,
/// status (FIX 39), filled and remaining quantity and average fill price; the reasons of rejected, cancelled or expired
/// orders (risk reason code, FIX OrdRejReason, text) follow the table, one line per order.</summary>
public static class OrdersRenderer
{
    /// <summary>Writes the blotter to <paramref name="console"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="account">The account, in the title.</param>
    /// <param name="orders">The orders in creation order.</param>
    /// <param name="workingOnly">True when the list holds the working orders only (named in the title).</param>
    public static void Render(IAnsiConsole console, string account, IReadOnlyList<OrderView> orders, bool workingOnly = false)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(orders);
        var table = new Table { Title = new TableTitle($"{(workingOnly ? "Working orders" : "Orders")} of {Markup.Escape(account)}") };
        table.AddColumn("ClOrdID");
        table.AddColumn("Replaces");
        table.AddColumn("Created (UTC)");
        table.AddColumn("Side");
        table.AddColumn(new TableColumn("Qty").RightAligned());
        table.AddColumn("Symbol");
        table.AddColumn("Type");
        table.AddColumn("TIF");
        table.AddColumn(new TableColumn("Limit").RightAligned());
        table.AddColumn(new TableColumn("Stop").RightAligned());
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Filled").RightAligned());
        table.AddColumn(new TableColumn("Leaves").RightAligned());
        table.AddColumn(new TableColumn("Avg px").RightAligned());
        foreach (var order in orders)
        {
            table.AddRow(
                Markup.Escape(order.ClOrdId),
                string.IsNullOrEmpty(order.OrigClOrdId) ? "-" : Markup.Escape(order.OrigClOrdId),
                Formats.Time(order.CreatedTime),
                Markup.Escape(order.Side),
                Formats.Quantity(order.Quantity),
                Markup.Escape(order.Symbol),
                Markup.Escape(order.OrdType),
                Markup.Escape(order.TimeInForce),
                order.LimitPrice is { } limit ? Formats.Price(limit) : "-",
                order.StopPrice is { } stop ? Formats.Price(stop) : "-",
                Status(order.OrdStatus),
                Formats.Quantity(order.CumQty),
                Formats.Quantity(order.LeavesQty),
                order is { CumQty: > 0, AvgPx: { } avg } ? Formats.Price(avg) : "-");
        }

        if (orders.Count == 0)
        {
            table.Caption = new TableTitle(workingOnly ? "no working orders" : "no orders");
        }

        console.Write(table);
        foreach (var order in orders.Where(o => !string.IsNullOrEmpty(o.Text) || o.RiskReason is not null || o.OrdRejReason is not null))
        {
            var why = order.RiskReason is null && order.OrdRejReason is null
                ? order.Text!
                : ExecutionReportRenderer.Reason(order.RiskReason, order.OrdRejReason, order.Text);
            console.MarkupLine($"{Markup.Escape(order.ClOrdId)} {Status(order.OrdStatus)}: {Markup.Escape(why)}");
        }
    }

    /// <summary>An OrdStatus as markup: Filled green, Rejected red, Canceled and Expired yellow.</summary>
    public static string Status(string status) => status switch
    {
        "Filled" => "[green]Filled[/]",
        "Rejected" => "[red]Rejected[/]",
        "Canceled" => "[yellow]Canceled[/]",
        "Expired" => "[yellow]Expired[/]",
        _ => Markup.Escape(status),
    };
}
