using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders one symbol's status: a line of counters, the mids, and the model line (with a student: its forecasts
/// and the ridge baseline's fallbacks by reason).</summary>
public static class SymbolRenderer
{
    /// <summary>Writes <paramref name="symbol"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, SymbolStatusView symbol)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(symbol);
        console.MarkupLine(Markup.Escape(
            $"{symbol.Symbol}: {Formats.Quantity(symbol.Quotes)} NBBO updates, {Formats.Quantity(symbol.Trades)} trades, "
            + $"{Formats.Quantity(symbol.Candidates)} candidates, {Formats.Quantity(symbol.RegimeBlocked)} blocked by the regime gate, "
            + $"{Formats.Quantity(symbol.JudgeBlocked)} by the judge, {Formats.Quantity(symbol.Signals)} signals"));
        console.MarkupLine(Markup.Escape($"mid {Mid(symbol.LastMid)}, filtered {Mid(symbol.FilteredMid)}"));
        var fallbacks = symbol.FallbackWarming + symbol.FallbackNonFinite;
        console.MarkupLine(Markup.Escape(symbol.StudentForecasts + fallbacks == 0
            ? $"model {symbol.ModelVersion}"
            : $"model {symbol.ModelVersion}: {Formats.Quantity(symbol.StudentForecasts)} student forecasts; ridge fallback {Formats.Quantity(fallbacks)} ({Formats.Quantity(symbol.FallbackWarming)} warming, {Formats.Quantity(symbol.FallbackNonFinite)} non-finite)"));
    }

    private static string Mid(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
