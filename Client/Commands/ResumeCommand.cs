using Quant.Orleans.Gateway.Contracts;
using System.CommandLine;
using Quant.Orleans.Client.Rendering;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>resume [--reducing] [--all]</c> command: lifts a halt; the account (or every account) is Active
/// again, or Reducing (only orders that reduce a position are accepted) with <c>--reducing</c>.</summary>
public static class ResumeCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reducing = new Option<bool>("--reducing") { Description = "Resume in Reducing state: only position-reducing orders are accepted." };
        var all = new Option<bool>("--all") { Description = "Resume every account instead of --account." };
        var command = new Command("resume", "Lift a halt: the account trades again (Active, or Reducing with --reducing).");
        command.Options.Add(reducing);
        command.Options.Add(all);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            var request = new ResumeRequest(parseResult.GetValue(all) ? null : account, parseResult.GetValue(reducing) ? "reducing" : "active");
            foreach (var view in await client.ResumeAsync(request, ct))
            {
                context.Output.MarkupLine(RiskRenderer.StateLine(view));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
