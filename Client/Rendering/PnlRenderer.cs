using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Client.Analysis;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders an account's PnL: cash, equity, initial cash and return; realised and unrealised PnL, fees and
/// the net (<c>realised + unrealised − fees</c>); then the realised PnL net of fees after each fill as a sparkline
/// with its low, high, last value and maximum drawdown.</summary>
public static class PnlRenderer
{
    /// <summary>Characters of the sparkline.</summary>
    public const int CurveWidth = 60;

    /// <summary>Writes the PnL of <paramref name="portfolio"/>, with the curve rebuilt from <paramref name="fills"/>.</summary>
    public static void Render(IAnsiConsole console, PortfolioView portfolio, IReadOnlyList<FillView> fills)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(fills);
        var net = portfolio.RealizedPnl + portfolio.UnrealizedPnl - portfolio.Fees;
        var ret = portfolio.InitialCash == 0 ? "-" : Formats.SignedPercent((portfolio.Equity - portfolio.InitialCash) / portfolio.InitialCash);
        console.MarkupLine($"PnL of {Markup.Escape(portfolio.Account)}");
        console.MarkupLine($"Cash {Formats.Money(portfolio.Cash)}  Equity {Formats.Money(portfolio.Equity)}  Initial {Formats.Money(portfolio.InitialCash)}  Return {ret}");
        console.MarkupLine(
            $"Realised {Pnl(portfolio.RealizedPnl)}  Unrealised {Pnl(portfolio.UnrealizedPnl)}  Fees {Formats.Money(portfolio.Fees)}  Net {Pnl(net)}  "
            + $"Orders {portfolio.OrderCount}  Fills {portfolio.FillCount}  Risk rejections {portfolio.RiskRejections}");
        var curve = RealizedPnlCurve.Build(fills);
        if (curve.Count == 0)
        {
            console.MarkupLine("Realised net of fees: no fills yet.");
            return;
        }

        var values = curve.Select(p => p.Net).ToArray();
        console.MarkupLine(
            $"Realised net of fees over {curve.Count} fills ({Formats.Time(curve[0].Time)} to {Formats.Time(curve[^1].Time)}): "
            + $"{Sparkline.Render(values, CurveWidth)}  low {Formats.SignedMoney(values.Min())}  high {Formats.SignedMoney(values.Max())}  "
            + $"last {Formats.SignedMoney(values[^1])}  max drawdown {Formats.Money(RealizedPnlCurve.MaxDrawdown(values))}");
    }

    private static string Pnl(decimal value)
    {
        var text = Formats.SignedMoney(value);
        return value > 0 ? $"[green]{text}[/]" : value < 0 ? $"[red]{text}[/]" : text;
    }
}
