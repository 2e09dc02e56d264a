using Quant.Orleans.Gateway.Contracts;
using System.Text.Json;
using Quant.Orleans.Client.Gateway;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders one live event of <c>/api/events</c> as one line: <c>fill</c>, <c>order</c> (an execution
/// report), <c>signal</c> and <c>risk</c>, each with its time and figures; another event name, or data that is not
/// the expected JSON, is written as it came.</summary>
public static class EventRenderer
{
    /// <summary>The markup line of <paramref name="gatewayEvent"/>.</summary>
    public static string Line(GatewayEvent gatewayEvent)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        try
        {
            return gatewayEvent.Name switch
            {
                "fill" => Fill(Read<FillView>(gatewayEvent.Data)),
                "order" => "[blue]order[/]  " + ExecutionReportRenderer.Line(Read<ExecutionReportView>(gatewayEvent.Data)),
                "signal" => Signal(Read<SignalView>(gatewayEvent.Data)),
                "risk" => "[red]risk[/]   " + RiskRenderer.StateLine(Read<RiskView>(gatewayEvent.Data)),
                _ => $"{Markup.Escape(gatewayEvent.Name)} {Markup.Escape(gatewayEvent.Data)}",
            };
        }
        catch (JsonException e)
        {
            return $"{Markup.Escape(gatewayEvent.Name)} (unreadable: {Markup.Escape(e.Message)}) {Markup.Escape(gatewayEvent.Data)}";
        }
    }

    private static T Read<T>(string data) =>
        JsonSerializer.Deserialize<T>(data, GatewayJson.Options) ?? throw new JsonException("the event has no data.");

    private static string Fill(FillView f) =>
        $"[green]fill[/]   {Formats.Time(f.TransactTime)} {Markup.Escape(f.ClOrdId)} {Markup.Escape(f.Side.ToLowerInvariant())} "
        + $"{Formats.Quantity(f.LastQty)} {Markup.Escape(f.Symbol)} @ {Formats.Price(f.LastPx)}, fee {Formats.Money(f.Fee)}";

    private static string Signal(SignalView s) =>
        $"[yellow]signal[/] {Formats.Time(s.Time)} {Markup.Escape(s.Symbol)} forecast {Formats.Signed(s.Forecast)} level {Formats.Signed(s.Level)} "
        + $"slope {Formats.Signed(s.Slope)} regime {(s.RegimePass ? "pass" : "fail")} judge {(s.JudgePass ? "pass" : "fail")}";
}
