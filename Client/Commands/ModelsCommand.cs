using System.CommandLine;
using System.Globalization;
using Quant.Orleans.Client.Input;
using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>models</c> commands over the model registry: <c>models</c> (every family), <c>models FAMILY</c> (its
/// versions with stages and metrics), <c>models promote FAMILY VERSION --reason TEXT [--stage live] [--manual]
/// [--actor NAME]</c>, <c>models rollback FAMILY --reason TEXT [--version V] [--actor NAME]</c> and <c>models journal
/// FAMILY [--last N]</c> (the newest N journal lines, default 50, N in 1..1000). A promotion without
/// <c>--manual</c> is an automatic step, which the registry refuses for a monitor-only version (exit
/// <see cref="ExitCodes.Rejected"/>); a missing <c>--reason</c> sends nothing (exit <see cref="ExitCodes.BadInput"/>).
/// Every change is journaled by the registry with its reason and actor (default: the user name).</summary>
public static class ModelsCommand
{
    /// <summary>Most lines <c>models journal --last</c> may ask for (the gateway's bound).</summary>
    private const int MaxJournalLines = 1000;

    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var family = new Argument<string?>("family") { Description = "The family to show (default: every family).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("models", "The model registry: families, versions, stages, metrics; promote and roll back.");
        command.Arguments.Add(family);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            if (parseResult.GetValue(family) is { } one)
            {
                Render(context.Output, await client.GetModelFamilyAsync(one, ct), metrics: true);
            }
            else
            {
                var all = await client.GetModelsAsync(ct);
                if (all.Families.Length == 0)
                {
                    context.Output.MarkupLine("no model registered yet ('train now' trains and registers the student)");
                }

                foreach (var f in all.Families)
                {
                    Render(context.Output, f, metrics: false);
                }
            }

            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(Promote(context));
        command.Subcommands.Add(Rollback(context));
        command.Subcommands.Add(Journal(context));
        return command;
    }

    /// <summary>Writes journal lines, one row each: sequence, time (UTC), version, from → to, action, actor, whether a
    /// person asked (and whether a monitor-only version was promoted), reason.</summary>
    public static void RenderJournal(IAnsiConsole console, ModelJournalResponse journal)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.Transitions.Length == 0)
        {
            console.MarkupLine($"family {Markup.Escape(journal.Family)}: nothing journaled yet");
            return;
        }

        console.MarkupLine($"family {Markup.Escape(journal.Family)}: journal lines {journal.Transitions[0].Sequence}..{journal.Transitions[^1].Sequence}, newest last");
        var table = new Table();
        table.AddColumn(new TableColumn("Seq").RightAligned());
        table.AddColumn("Time (UTC)");
        table.AddColumn("Version");
        table.AddColumn("Change");
        table.AddColumn("Action");
        table.AddColumn("Actor");
        table.AddColumn("Manual");
        table.AddColumn("Reason");
        foreach (var t in journal.Transitions)
        {
            table.AddRow(
                t.Sequence.ToString(CultureInfo.InvariantCulture),
                t.TimeUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(t.Version),
                Markup.Escape($"{t.From ?? "-"} -> {t.To}"),
                t.Action == "rollback" ? "[red]rollback[/]" : Markup.Escape(t.Action),
                Markup.Escape(t.Actor),
                (t.Manual ? "manual" : "automatic") + (t.MonitorOnlyOverride ? ", [yellow]monitor-only override[/]" : string.Empty),
                Markup.Escape(t.Reason));
        }

        console.Write(table);
    }

    /// <summary>Writes a family: its live version and one row per version, then (with <paramref name="metrics"/>) each
    /// version's metrics with their methods.</summary>
    public static void Render(IAnsiConsole console, ModelFamilyEntry family, bool metrics)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(family);
        console.MarkupLine($"family {Markup.Escape(family.Family)}: {family.Versions.Length} versions, live {Markup.Escape(family.Live ?? "none")}, {family.JournalLength} journal lines");
        var table = new Table();
        table.AddColumn("Version");
        table.AddColumn("Stage");
        table.AddColumn("Type");
        table.AddColumn("Data");
        table.AddColumn("Days");
        table.AddColumn("Parents");
        table.AddColumn(new TableColumn("Metrics").RightAligned());
        table.AddColumn("Registered (UTC)");
        foreach (var v in family.Versions)
        {
            table.AddRow(
                Markup.Escape(v.Version),
                v.Stage == "live" ? "[green]live[/]" : v.MonitorOnly ? $"[yellow]{Markup.Escape(v.Stage)}[/]" : Markup.Escape(v.Stage),
                Markup.Escape(v.ModelType),
                Markup.Escape($"{v.DataRegime} {string.Join(",", v.Symbols)}"),
                Markup.Escape($"{v.FirstDay:yyyy-MM-dd}..{v.LastDay:yyyy-MM-dd}"),
                Markup.Escape(v.Parents.Length == 0 ? "-" : string.Join(",", v.Parents)),
                v.Metrics.Length.ToString(CultureInfo.InvariantCulture),
                v.RegisteredUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        if (!metrics)
        {
            return;
        }

        foreach (var v in family.Versions.Where(v => v.Metrics.Length > 0))
        {
            console.MarkupLine($"metrics of {Markup.Escape(v.Version)} (code {Markup.Escape(v.CodeVersion)}):");
            foreach (var m in v.Metrics)
            {
                var value = m.Value is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : m.Status;
                console.MarkupLine($"  {Markup.Escape(m.Name)} = {Markup.Escape(value)} {Markup.Escape(m.Unit)} (n={m.Observations}; {Markup.Escape(m.Method)})");
            }
        }
    }

    private static Command Promote(ClientContext context)
    {
        var family = new Argument<string>("family") { Description = "The family, e.g. student." };
        var version = new Argument<string>("version") { Description = "The version id (16 hex digits)." };
        var reason = new Option<string>("--reason") { Description = "Why (required; journaled).", Required = true };
        var stage = new Option<string>("--stage") { Description = "Target stage: shadow, canary or live.", DefaultValueFactory = _ => "live" };
        var manual = new Option<bool>("--manual") { Description = "A person's decision: may skip stages and promote a monitor-only version (journaled as an override)." };
        var actor = new Option<string?>("--actor") { Description = "Who asks (default: the user name); journaled." };
        var command = new Command("promote", "Promote a version (journaled with reason and actor).");
        command.Arguments.Add(family);
        command.Arguments.Add(version);
        command.Options.Add(reason);
        command.Options.Add(stage);
        command.Options.Add(manual);
        command.Options.Add(actor);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => new PromoteModelRequest(
                parseResult.GetValue(version),
                NotBlank("--reason", parseResult.GetValue(reason)),
                NotBlank("--actor", parseResult.GetValue(actor) ?? Environment.UserName),
                parseResult.GetValue(stage),
                parseResult.GetValue(manual)),
            async (client, _, request) =>
            {
                Changed(context.Output, await client.PromoteModelAsync(parseResult.GetValue(family)!, request, ct));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command Rollback(ClientContext context)
    {
        var family = new Argument<string>("family") { Description = "The family, e.g. student." };
        var reason = new Option<string>("--reason") { Description = "Why (required; journaled).", Required = true };
        var version = new Option<string?>("--version") { Description = "The version to roll back (default: the live one)." };
        var actor = new Option<string?>("--actor") { Description = "Who asks (default: the user name); journaled." };
        var command = new Command("rollback", "Roll back the live version (its predecessor returns), or retire a shadow/canary version.");
        command.Arguments.Add(family);
        command.Options.Add(reason);
        command.Options.Add(version);
        command.Options.Add(actor);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => new RollbackModelRequest(
                NotBlank("--reason", parseResult.GetValue(reason)),
                NotBlank("--actor", parseResult.GetValue(actor) ?? Environment.UserName),
                parseResult.GetValue(version)),
            async (client, _, request) =>
            {
                Changed(context.Output, await client.RollbackModelAsync(parseResult.GetValue(family)!, request, ct));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command Journal(ClientContext context)
    {
        var family = new Argument<string>("family") { Description = "The family, e.g. student." };
        var last = new Option<int>("--last") { Description = $"How many of the newest lines, 1..{MaxJournalLines}.", DefaultValueFactory = _ => 50 };
        var command = new Command("journal", "The family's journal: every stage change with its time, reason, actor and whether a person asked.");
        command.Arguments.Add(family);
        command.Options.Add(last);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => parseResult.GetValue(last) is var n && n is >= 1 and <= MaxJournalLines
                ? n
                : throw new ClientInputException($"--last must lie in 1..{MaxJournalLines}, got {n}."),
            async (client, _, n) =>
            {
                RenderJournal(context.Output, await client.GetModelJournalAsync(parseResult.GetValue(family)!, n, ct));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static string NotBlank(string option, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new ClientInputException($"{option} must not be blank.") : value;

    private static void Changed(IAnsiConsole console, ModelChangeResponse change)
    {
        foreach (var t in change.Transitions)
        {
            var how = t.Manual ? "manual" : "automatic";
            var flag = t.MonitorOnlyOverride ? ", monitor-only override" : string.Empty;
            console.MarkupLine($"{Markup.Escape(change.Family)} {Markup.Escape(t.Version)}: {Markup.Escape(t.From ?? "-")} -> {Markup.Escape(t.To)} ({Markup.Escape(t.Action)}, {how}{flag}) by {Markup.Escape(t.Actor)}: {Markup.Escape(t.Reason)} [[journal #{t.Sequence}]]");
        }
    }
}
