using System.CommandLine;
using Quant.Orleans.Client.Input;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>order SIDE SYMBOL QUANTITY [--limit PRICE]</c> command: checks the input, sends the order and
/// prints its execution reports. Exit code <see cref="ExitCodes.Rejected"/> when a report is a rejection.</summary>
public static class OrderCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var side = new Argument<string>("side") { Description = "buy or sell." };
        var symbol = new Argument<string>("symbol") { Description = "Ticker, e.g. IBM." };
        var quantity = new Argument<string>("quantity") { Description = "Units, a positive number, e.g. 100." };
        var limit = new Option<string?>("--limit") { Description = "Limit price in USD, e.g. 185.10; a market order when absent." };
        var command = new Command("order", "Send an order: order buy IBM 100 --limit 185.10, or order sell IBM 100 for a market order.");
        command.Arguments.Add(side);
        command.Arguments.Add(symbol);
        command.Arguments.Add(quantity);
        command.Options.Add(limit);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => OrderInput.Parse(
                parseResult.GetValue(side) ?? string.Empty,
                parseResult.GetValue(symbol) ?? string.Empty,
                parseResult.GetValue(quantity) ?? string.Empty,
                parseResult.GetValue(limit)),
            async (client, account, ticket) =>
            {
                var reports = await client.SubmitOrderAsync(account, ticket, ct);
                ExecutionReportRenderer.Render(context.Output, reports);
                return reports.Any(r => r.ExecType == "Rejected" || r.OrdStatus == "Rejected") ? ExitCodes.Rejected : ExitCodes.Ok;
            }));
        return command;
    }
}
