using System.CommandLine;
using System.Globalization;
using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>train</c> commands: <c>train now [--family F]</c> starts a family's training on the silo (every
/// configured family without <c>--family</c>) and prints each run; <c>train status</c> prints each family's run (step i
/// of n, the step's name, epoch, loss and ETA of the running step, state, error) and the nightly schedule.</summary>
public static class TrainCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("train", "Training: start a family's run now, or show every family's run and the nightly schedule.");
        var family = new Option<string?>("--family") { Description = "The family to train (default: every configured family)." };
        var now = new Command("now", "Start training now (a run in progress is shown, not restarted).");
        now.Options.Add(family);
        now.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            var families = parseResult.GetValue(family) is { } one
                ? [one]
                : (await client.GetTrainingAsync(ct)).Families.Select(f => f.Family).ToArray();
            foreach (var name in families)
            {
                var run = await client.TrainNowAsync(name, ct);
                context.Output.MarkupLine($"training {Markup.Escape(run.Family)}: {Markup.Escape(run.State)}, run {Markup.Escape(run.RunId ?? "-")} ({Markup.Escape(run.Trigger ?? "-")}), {run.StepCount} steps; follow it with 'train status'");
            }

            return ExitCodes.Ok;
        }));
        var status = new Command("status", "Show each family's training: step i of n, its name, epoch, loss, ETA and state.");
        status.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            Render(context.Output, await client.GetTrainingAsync(ct));
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(now);
        command.Subcommands.Add(status);
        return command;
    }

    /// <summary>Writes the training overview: the schedule line and one row per family (state coloured: green
    /// Succeeded, yellow Running, red Failed), then each failed run's error.</summary>
    public static void Render(IAnsiConsole console, TrainingOverview overview)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(overview);
        console.MarkupLine(overview.NightlyEnabled
            ? $"nightly training: on, next run {overview.NextNightlyUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-"} UTC"
            : "nightly training: off (Training:Enabled); 'train now' starts a run");
        var table = new Table();
        table.AddColumn("Family");
        table.AddColumn("State");
        table.AddColumn("Step");
        table.AddColumn(new TableColumn("Epoch").RightAligned());
        table.AddColumn(new TableColumn("Loss").RightAligned());
        table.AddColumn(new TableColumn("ETA").RightAligned());
        table.AddColumn("Run");
        table.AddColumn("Trigger");
        foreach (var f in overview.Families)
        {
            var step = f.StepCount == 0 ? "-" : $"{Math.Min(f.StepIndex + 1, f.StepCount)}/{f.StepCount} {f.Step ?? (f.StepIndex >= f.StepCount ? "done" : "-")}";
            var p = f.Progress;
            table.AddRow(
                Markup.Escape(f.Family),
                State(f.State),
                Markup.Escape(step),
                p is null ? "-" : $"{p.Epoch}/{p.EpochCount}",
                p is null ? "-" : p.Loss.ToString("G4", CultureInfo.InvariantCulture),
                p?.EtaSeconds is { } eta ? TimeSpan.FromSeconds(Math.Round(eta)).ToString("c", CultureInfo.InvariantCulture) : "-",
                Markup.Escape(f.RunId ?? "-"),
                Markup.Escape(f.Trigger ?? "-"));
        }

        console.Write(table);
        foreach (var f in overview.Families.Where(f => f.Error is not null))
        {
            console.MarkupLine($"[red]{Markup.Escape(f.Family)} failed:[/] {Markup.Escape(f.Error!)}");
        }
    }

    private static string State(string state) => state switch
    {
        "Succeeded" => "[green]Succeeded[/]",
        "Running" => "[yellow]Running[/]",
        "Failed" => "[red]Failed[/]",
        _ => Markup.Escape(state),
    };
}
