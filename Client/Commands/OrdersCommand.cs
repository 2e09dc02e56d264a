using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>orders</c> command: the account's order blotter.</summary>
public static class OrdersCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("orders", "Show the account's order blotter: every order with its status, fills and reason.");
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            OrdersRenderer.Render(context.Output, account, await client.GetOrdersAsync(account, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
