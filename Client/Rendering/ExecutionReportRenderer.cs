using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders execution reports one line each (<c>accepted</c>, <c>filled</c>, <c>partially filled</c>,
/// <c>cancelled</c>, <c>replaced</c>, <c>expired</c>, <c>rejected</c>) with the order, the quantities, the fill price
/// and, for a rejection, the risk reason code, the FIX OrdRejReason and the text.</summary>
public static class ExecutionReportRenderer
{
    /// <summary>The word for a report's ExecType (FIX 150): <c>New</c> → accepted, <c>Trade</c> (and the older
    /// <c>Fill</c>/<c>PartialFill</c>) → filled or partially filled, <c>Canceled</c> → cancelled, <c>Replaced</c> →
    /// replaced, <c>Rejected</c> → rejected, <c>Expired</c> → expired; any other type as lower-case words
    /// (<c>PendingNew</c> → pending new: the order passed the risk checks and waits for the venue's acknowledgement,
    /// which comes with the next quote).</summary>
    public static string Describe(ExecutionReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.ExecType switch
        {
            "New" => "accepted",
            "Trade" or "Fill" or "PartialFill" => report.OrdStatus == "PartiallyFilled" ? "partially filled" : "filled",
            "Canceled" => "cancelled",
            "Replaced" => "replaced",
            "Rejected" => "rejected",
            "Expired" => "expired",
            _ => Words(report.ExecType),
        };
    }

    /// <summary>A PascalCase FIX name as lower-case words: <c>PendingNew</c> → <c>pending new</c>,
    /// <c>DoneForDay</c> → <c>done for day</c>.</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }

    /// <summary>True when the report rejects the order (ExecType or OrdStatus <c>Rejected</c>).</summary>
    public static bool IsRejection(ExecutionReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.ExecType == "Rejected" || report.OrdStatus == "Rejected";
    }

    /// <summary>The reason of a rejection: the risk reason code, then the FIX OrdRejReason in parentheses, then the
    /// text, e.g. <c>MaxOrderQuantityExceeded (OrdRejReason OrderExceedsLimit): order quantity 1000000 exceeds the
    /// limit 10000</c>.</summary>
    public static string Reason(string? riskReason, string? ordRejReason, string? text)
    {
        var code = (riskReason, ordRejReason) switch
        {
            (null or "", null or "") => "rejected",
            (null or "", _) => $"OrdRejReason {ordRejReason}",
            (_, null or "") => riskReason,
            _ => $"{riskReason} (OrdRejReason {ordRejReason})",
        };
        return string.IsNullOrEmpty(text) ? code : $"{code}: {text}";
    }

    /// <summary>Writes one line per report to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, IEnumerable<ExecutionReportView> reports)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            console.MarkupLine(Line(report));
        }
    }

    /// <summary>The markup line of one report.</summary>
    public static string Line(ExecutionReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report;
        var color = r.ExecType switch
        {
            "Rejected" => "red",
            "Canceled" or "Expired" => "yellow",
            "Trade" or "Fill" or "PartialFill" => "green",
            _ => "blue",
        };
        var replaces = string.IsNullOrEmpty(r.OrigClOrdId) ? string.Empty : $" (replaces {Markup.Escape(r.OrigClOrdId)})";
        var head = $"[{color}]{Describe(r)}[/] {Markup.Escape(r.ClOrdId)}{replaces} {Markup.Escape(r.Side.ToLowerInvariant())} {Markup.Escape(r.Symbol)}";
        var detail = r.ExecType switch
        {
            "Trade" or "Fill" or "PartialFill" when r is { LastQty: { } qty, LastPx: { } px } =>
                $"{Formats.Quantity(qty)} @ {Formats.Price(px)}, filled {Formats.Quantity(r.CumQty)}, leaves {Formats.Quantity(r.LeavesQty)}",
            "Rejected" => Markup.Escape(Reason(r.RiskReason, r.OrdRejReason, r.Text)),
            "Canceled" or "Expired" => $"filled {Formats.Quantity(r.CumQty)}" + (string.IsNullOrEmpty(r.Text) ? string.Empty : $": {Markup.Escape(r.Text)}"),
            _ => $"{Markup.Escape(r.OrdStatus)}, filled {Formats.Quantity(r.CumQty)}, leaves {Formats.Quantity(r.LeavesQty)}",
        };
        return $"{head} at {Formats.Time(r.TransactTime)}: {detail}";
    }
}
