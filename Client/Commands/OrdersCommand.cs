using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>orders [--working]</c> command: the account's order blotter.</summary>
public static class OrdersCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var working = new Option<bool>("--working") { Description = "Only the working orders (New, PartiallyFilled, pending)." };
        var command = new Command("orders", "Show the account's orders: type, time in force, prices, status, fills and reasons.");
        command.Options.Add(working);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            var workingOnly = parseResult.GetValue(working);
            OrdersRenderer.Render(context.Output, account, await client.GetOrdersAsync(account, workingOnly, ct), workingOnly);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
