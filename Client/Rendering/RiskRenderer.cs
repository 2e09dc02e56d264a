using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders an account's risk view: the state in capitals (<c>ACTIVE</c>, <c>REDUCING</c>, <c>HALTED</c>)
/// with its reason, a table of the limits beside their usage, and the rejections counted by risk reason code.</summary>
public static class RiskRenderer
{
    /// <summary>Writes <paramref name="risk"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, RiskView risk)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(risk);
        console.MarkupLine(StateLine(risk));
        if (risk.Limits is null && risk.Usage is null)
        {
            return; // quarantined or unavailable: the state line says why
        }

        var limits = risk.Limits;
        var usage = risk.Usage;
        var table = new Table { Title = new TableTitle($"Limits of {Markup.Escape(risk.Account)}") };
        table.AddColumn("Check");
        table.AddColumn(new TableColumn("Limit").RightAligned());
        table.AddColumn(new TableColumn("In use").RightAligned());
        table.AddRow("Order quantity", Number(limits?.MaxOrderQuantity, Formats.Quantity), "-");
        table.AddRow("Order notional (USD)", Number(limits?.MaxOrderNotional, Formats.Money), "-");
        table.AddRow("Price collar", Number(limits?.PriceCollarBps, v => $"{Formats.Quantity(v)} bps"), "-");
        table.AddRow("Position per symbol", Number(limits?.MaxPositionPerSymbol, Formats.Quantity), "-");
        table.AddRow("Gross exposure (USD)", Number(limits?.MaxGrossExposure, Formats.Money), Number(usage?.GrossExposure, Formats.Money));
        table.AddRow("Capital threshold (USD)", Number(limits?.CapitalThreshold, Formats.Money), Number(usage?.Equity, v => $"equity {Formats.Money(v)}"));
        table.AddRow("Orders per second", Number(limits?.MaxOrdersPerSecond, Formats.Quantity), Number(usage?.OrdersLastSecond, Formats.Quantity));
        table.AddRow("Duplicate window", Number(limits?.DuplicateWindowMillis, v => $"{Formats.Quantity(v)} ms"), "-");
        table.AddRow(
            "Restricted symbols",
            limits?.RestrictedSymbols is { Length: > 0 } restricted ? Markup.Escape(string.Join(", ", restricted)) : "none",
            "-");
        table.AddRow("Working orders", "-", Number(usage?.WorkingOrders, Formats.Quantity));
        console.Write(table);
        var rejections = risk.Rejections.Where(r => r.Value > 0).OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray();
        if (rejections.Length == 0)
        {
            console.MarkupLine("Rejections: none");
            return;
        }

        var byReason = new Table { Title = new TableTitle("Rejections by reason") };
        byReason.AddColumn("Reason");
        byReason.AddColumn(new TableColumn("Orders").RightAligned());
        foreach (var (reason, count) in rejections)
        {
            byReason.AddRow(Markup.Escape(reason), Formats.Quantity(count));
        }

        console.Write(byReason);
    }

    /// <summary>The state line: <c>SIM-1 HALTED: kill switch: fat finger</c> (coloured: green Active, yellow
    /// Reducing, red Halted, Quarantined and Unavailable, with the reason).</summary>
    public static string StateLine(RiskView risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var state = risk.State.ToUpperInvariant();
        var color = state switch
        {
            "ACTIVE" => "green",
            "REDUCING" => "yellow",
            _ => "red",
        };
        var reason = string.IsNullOrEmpty(risk.StateReason) ? string.Empty : $": {Markup.Escape(risk.StateReason)}";
        return $"{Markup.Escape(risk.Account)} [{color}]{Markup.Escape(state)}[/]{reason}";
    }

    private static string Number(decimal? value, Func<decimal, string> format) => value is { } v ? Markup.Escape(format(v)) : "-";
}
