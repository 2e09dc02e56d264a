using Quant.Orleans.Client.Gateway;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders the order log as a blotter: one row per order in creation order, with its status, filled
/// quantity and average fill price; the reasons of rejections and cancels follow the table, one line per order.</summary>
public static class OrdersRenderer
{
    /// <summary>Writes the blotter to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, string account, IReadOnlyList<OrderLogEntryDto> orders)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(orders);
        var table = new Table { Title = new TableTitle($"Orders of {Markup.Escape(account)}") };
        table.AddColumn("Order");
        table.AddColumn("Sent (UTC)");
        table.AddColumn("Side");
        table.AddColumn(new TableColumn("Qty").RightAligned());
        table.AddColumn("Symbol");
        table.AddColumn("Type");
        table.AddColumn(new TableColumn("Limit").RightAligned());
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Filled").RightAligned());
        table.AddColumn(new TableColumn("Avg px").RightAligned());
        table.AddColumn("Origin");
        foreach (var entry in orders)
        {
            var order = entry.Order;
            table.AddRow(
                Markup.Escape(order.ClOrdId),
                Formats.Time(order.SentTime),
                Markup.Escape(order.Side),
                Formats.Quantity(order.Quantity),
                Markup.Escape(order.Symbol),
                Markup.Escape(order.Type),
                order.LimitPrice is { } limit ? Formats.Price(limit) : "-",
                Status(entry.Status),
                Formats.Quantity(entry.CumQty),
                entry.CumQty == 0 ? "-" : Formats.Price(entry.AveragePrice),
                Markup.Escape(entry.Origin));
        }

        if (orders.Count == 0)
        {
            table.Caption = new TableTitle("no orders");
        }

        console.Write(table);
        foreach (var entry in orders.Where(o => !string.IsNullOrEmpty(o.Text)))
        {
            console.MarkupLine($"{Markup.Escape(entry.Order.ClOrdId)} {Status(entry.Status)}: {Markup.Escape(entry.Text)}");
        }
    }

    private static string Status(string status) => status switch
    {
        "Filled" => "[green]Filled[/]",
        "Rejected" => "[red]Rejected[/]",
        "Canceled" => "[yellow]Canceled[/]",
        _ => Markup.Escape(status),
    };
}
