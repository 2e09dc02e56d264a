using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>pnl</c> command: cash, equity, realised and unrealised PnL, fees, and the realised PnL curve
/// rebuilt from the account's fills.</summary>
public static class PnlCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("pnl", "Show the account's PnL: cash, equity, realised/unrealised, fees, and the realised PnL after each fill as a sparkline.");
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            var portfolio = await client.GetPortfolioAsync(account, ct);
            var fills = await client.GetFillsAsync(account, ct);
            PnlRenderer.Render(context.Output, portfolio, fills);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
