using System.CommandLine;
using Quant.Orleans.Client.Input;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>cancel CLORDID</c> command (FIX OrderCancelRequest): prints the cancel's reports and the order's
/// state. An unknown order exits <see cref="ExitCodes.BadInput"/>; a cancel the order's state does not allow (it is
/// filled, already cancelled: FIX OrderCancelReject "too late") exits <see cref="ExitCodes.Rejected"/>.</summary>
public static class CancelCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = new Argument<string>("clordid") { Description = "ClOrdID of the working order to cancel." };
        var command = new Command("cancel", "Cancel a working order: cancel SIM-1-0000000003.");
        command.Arguments.Add(id);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => OrderInput.ParseClOrdId(parseResult.GetValue(id) ?? string.Empty, "clordid"),
            async (client, account, clOrdId) =>
            {
                var response = await client.CancelOrderAsync(account, clOrdId, ct);
                OrderResponseRenderer.Render(context.Output, response);
                return OrderResponseRenderer.IsRejected(response) ? ExitCodes.Rejected : ExitCodes.Ok;
            }));
        return command;
    }
}
