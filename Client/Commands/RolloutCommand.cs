using System.CommandLine;
using System.Globalization;
using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>rollout FAMILY [--evaluate]</c> command: the family's staged rollout on the silo (docs/rollout.md):
/// the assignment (live, canary with its share of symbols, shadow, generation), one row per monitored version (stage,
/// predictions, symbols, orders sent/rejected, fills, mean slippage, shadow orders and P&amp;L, gates, whether it has a
/// training reference for the drift rules) and the latest decisions of the rules. With <c>--evaluate</c> the rules are
/// applied first (<c>POST /api/rollout/{family}/evaluate</c>); a change they make is journaled by the registry
/// (<c>models journal FAMILY</c>). A silo without <c>Strategy:Rollout:Enabled</c> answers 409 (exit
/// <see cref="ExitCodes.Rejected"/>, with the gateway's message).</summary>
public static class RolloutCommand
{
    /// <summary>Decisions printed, the newest ones.</summary>
    public const int DecisionsShown = 10;

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var family = new Argument<string>("family") { Description = "The family the rollout serves, e.g. student." };
        var evaluate = new Option<bool>("--evaluate") { Description = "Apply the rollout rules now (promotions and rollbacks are journaled), then show the status." };
        var command = new Command("rollout", "The staged rollout of a family: live, canary and shadow versions, what they did, the rules' decisions.");
        command.Arguments.Add(family);
        command.Options.Add(evaluate);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            var name = parseResult.GetValue(family)!;
            Render(context.Output, parseResult.GetValue(evaluate) ? await client.EvaluateRolloutAsync(name, ct) : await client.GetRolloutAsync(name, ct));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Writes the assignment line, the versions table and the newest <see cref="DecisionsShown"/> decisions.</summary>
    public static void Render(IAnsiConsole console, RolloutView rollout)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(rollout);
        var a = rollout.Assignment;
        var canary = a.Canary is null ? "none" : $"{a.Canary} ({(100 * a.CanaryShare).ToString("0.#", CultureInfo.InvariantCulture)}% of symbols)";
        console.MarkupLine(Markup.Escape($"rollout {a.Family}: live {a.Live ?? "none"}, canary {canary}, shadow {a.Shadow ?? "none"}; generation {a.Generation}"));
        if (rollout.Versions.Length == 0)
        {
            console.MarkupLine("no version in shadow, canary or live");
        }
        else
        {
            var table = new Table();
            table.AddColumn("Version");
            table.AddColumn("Stage");
            table.AddColumn(new TableColumn("Predictions").RightAligned());
            table.AddColumn("Symbols");
            table.AddColumn(new TableColumn("Sent/rejected").RightAligned());
            table.AddColumn(new TableColumn("Fills").RightAligned());
            table.AddColumn(new TableColumn("Slippage bp").RightAligned());
            table.AddColumn(new TableColumn("Shadow orders").RightAligned());
            table.AddColumn(new TableColumn("Shadow P&L").RightAligned());
            table.AddColumn("Gates");
            table.AddColumn("Reference");
            foreach (var v in rollout.Versions)
            {
                table.AddRow(
                    Markup.Escape(v.Version),
                    v.Stage == "live" ? "[green]live[/]" : Markup.Escape(v.Stage),
                    v.Predictions.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(v.Symbols.Length == 0 ? "-" : string.Join(",", v.Symbols)),
                    $"{v.OrdersSent}/{v.OrdersRejected}",
                    v.Fills.ToString(CultureInfo.InvariantCulture),
                    v.MeanSlippageBp is { } bp ? bp.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                    v.ShadowOrders.ToString(CultureInfo.InvariantCulture),
                    v.ShadowProfitAndLoss.ToString("0.00", CultureInfo.InvariantCulture),
                    v.GatePasses.Length == 0 ? "-" : $"{v.GatePasses.Count(p => p)}/{v.GatePasses.Length} passed",
                    v.HasReference ? "yes" : "[yellow]no[/]");
            }

            console.Write(table);
        }

        if (rollout.Decisions.Length == 0)
        {
            console.MarkupLine("no decision yet");
            return;
        }

        var shown = rollout.Decisions[Math.Max(0, rollout.Decisions.Length - DecisionsShown)..];
        console.MarkupLine($"latest {shown.Length} of {rollout.Decisions.Length} decisions, newest last:");
        foreach (var d in shown)
        {
            var applied = d.Applied ? "applied" : "not applied";
            console.MarkupLine(Markup.Escape($"  {d.TimeUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {d.Version} {d.Action} ({applied}): {d.Detail}"));
        }
    }
}
