using Quant.Orleans.Client.Gateway;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders execution reports one line each: <c>accepted</c>, <c>filled</c>, <c>partially filled</c>,
/// <c>cancelled</c> or <c>rejected</c>, with the order, quantities, the fill price and the reason text.</summary>
public static class ExecutionReportRenderer
{
    /// <summary>The word for a report: <c>New</c> → accepted, <c>Trade</c> → filled (or partially filled),
    /// <c>Canceled</c> → cancelled, <c>Rejected</c> → rejected; any other type in lower case.</summary>
    public static string Describe(ExecutionReportDto report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.ExecType switch
        {
            "New" => "accepted",
            "Trade" => report.OrdStatus == "PartiallyFilled" ? "partially filled" : "filled",
            "Canceled" => "cancelled",
            "Rejected" => "rejected",
            _ => report.ExecType.ToLowerInvariant(),
        };
    }

    /// <summary>Writes one line per report to <paramref name="console"/>. No report means the order passed the
    /// pre-trade checks and waits at the venue for the next quote (the venue reports only rejections and immediate
    /// fills at once): that is written as <c>accepted</c>, pointing to the <c>orders</c> command.</summary>
    public static void Render(IAnsiConsole console, IReadOnlyList<ExecutionReportDto> reports)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            console.MarkupLine("[blue]accepted[/]: the order passed the pre-trade checks and is working at the venue until the next quote; run 'orders' to see its fill.");
            return;
        }

        foreach (var report in reports)
        {
            console.MarkupLine(Line(report));
        }
    }

    private static string Line(ExecutionReportDto r)
    {
        var word = Describe(r);
        var color = r.ExecType switch
        {
            "Rejected" => "red",
            "Canceled" => "yellow",
            "Trade" => "green",
            _ => "blue",
        };
        var head = $"[{color}]{word}[/] {Markup.Escape(r.ClOrdId)} {Markup.Escape(r.Side.ToLowerInvariant())} {Formats.Quantity(r.OrderQty)} {Markup.Escape(r.Symbol)}";
        var detail = r.ExecType switch
        {
            "Trade" when r.Fill is { } fill => $"{Formats.Quantity(fill.LastQty)} @ {Formats.Price(fill.LastPx)}, fee {Formats.Money(fill.Fee)}, filled {Formats.Quantity(r.CumQty)}, leaves {Formats.Quantity(r.LeavesQty)}",
            "Rejected" => $"{Markup.Escape(r.RejectReason ?? "rejected")}: {Markup.Escape(r.Text)}",
            "Canceled" => $"filled {Formats.Quantity(r.CumQty)}: {Markup.Escape(r.Text)}",
            _ => $"status {Markup.Escape(r.OrdStatus)}, leaves {Formats.Quantity(r.LeavesQty)}",
        };
        return $"{head} at {Formats.Time(r.TransactTime)}: {detail}";
    }
}
