using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>positions</c> command: the account's positions table and its cash/equity line.</summary>
public static class PositionsCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("positions", "Show the account's positions (quantity, average cost, mark, PnL, fees), cash and equity.");
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            PositionsRenderer.Render(context.Output, await client.GetPortfolioAsync(account, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
