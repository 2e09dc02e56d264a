using System.CommandLine;
using Quant.Orleans.Client.Rendering;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>risk [--all]</c> command: the account's risk state (ACTIVE, REDUCING, HALTED), limits, usage and
/// rejections by reason; every account with <c>--all</c>.</summary>
public static class RiskCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = new Option<bool>("--all") { Description = "Every known account instead of --account." };
        var command = new Command("risk", "Show the pre-trade risk state, limits, usage and rejections by reason.");
        command.Options.Add(all);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            var views = parseResult.GetValue(all) ? await client.GetAllRiskAsync(ct) : [await client.GetRiskAsync(account, ct)];
            if (views.Length == 0)
            {
                context.Output.MarkupLine("no accounts yet");
            }

            foreach (var view in views)
            {
                RiskRenderer.Render(context.Output, view);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
