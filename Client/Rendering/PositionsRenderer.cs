using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders a <see cref="PortfolioView"/>: a table of positions (symbol, quantity, average cost, mark,
/// unrealised and realised PnL, fees) and a line with cash, equity and the account's PnL totals.</summary>
public static class PositionsRenderer
{
    /// <summary>Writes the positions table and the cash/equity line to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, PortfolioView portfolio)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(portfolio);
        var table = new Table { Title = new TableTitle($"Positions of {Markup.Escape(portfolio.Account)}") };
        table.AddColumn("Symbol");
        foreach (var column in new[] { "Quantity", "Avg cost", "Mark", "Unrealised", "Realised", "Fees" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var p in portfolio.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(p.Symbol),
                Formats.Quantity(p.Quantity),
                p.Quantity == 0 ? "-" : Formats.Price(p.AverageCost),
                Formats.Price(p.Mark),
                Pnl(p.UnrealizedPnl),
                Pnl(p.RealizedPnl),
                Formats.Money(p.Fees));
        }

        if (portfolio.Positions.Length == 0)
        {
            table.Caption = new TableTitle("no positions");
        }

        console.Write(table);
        console.MarkupLine(
            $"Cash {Formats.Money(portfolio.Cash)}  Equity {Formats.Money(portfolio.Equity)}  "
            + $"Unrealised {Pnl(portfolio.UnrealizedPnl)}  Realised {Pnl(portfolio.RealizedPnl)}  Fees {Formats.Money(portfolio.Fees)}  "
            + $"Orders {portfolio.OrderCount}  Fills {portfolio.FillCount}");
    }

    private static string Pnl(decimal value)
    {
        var text = Formats.SignedMoney(value);
        return value > 0 ? $"[green]{text}[/]" : value < 0 ? $"[red]{text}[/]" : text;
    }
}
