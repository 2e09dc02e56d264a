using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>symbol</c> command: one symbol grain's counters and the model it forecasts with (with a distilled
/// student, its forecasts and the ridge baseline's fallbacks by reason).</summary>
public static class SymbolCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ticker = new Argument<string>("symbol") { Description = "The ticker, e.g. IBM." };
        var command = new Command("symbol", "Show a symbol's NBBO updates, candidates, gate blocks, signals, mids and model (student forecasts and ridge fallbacks).");
        command.Arguments.Add(ticker);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            SymbolRenderer.Render(context.Output, await client.GetSymbolAsync(parseResult.GetValue(ticker)!, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
