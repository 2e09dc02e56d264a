using System.CommandLine;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The client console's command line: the global <c>--gateway</c>, <c>--account</c> and <c>--token</c>
/// options; the commands <c>order</c>, <c>cancel</c>, <c>replace</c>, <c>orders</c>, <c>positions</c>, <c>pnl</c>,
/// <c>watch</c>, <c>risk</c>, <c>kill</c>, <c>resume</c>, <c>train</c>, <c>models</c>, <c>rollout</c>; and the interactive session (no command, or
/// <c>interactive</c>).</summary>
public static class ClientCommandLine
{
    /// <summary>Builds the root command over <paramref name="context"/>.</summary>
    public static RootCommand Build(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand(
            "Quant.Orleans client: orders, blotter, positions, PnL, live events, risk and the kill switch through the silo's HTTP gateway. "
            + "Without a command: an interactive session reading commands from standard input.");
        root.Options.Add(context.Gateway);
        root.Options.Add(context.Account);
        root.Options.Add(context.Token);
        root.Subcommands.Add(OrderCommand.Create(context));
        root.Subcommands.Add(CancelCommand.Create(context));
        root.Subcommands.Add(ReplaceCommand.Create(context));
        root.Subcommands.Add(OrdersCommand.Create(context));
        root.Subcommands.Add(PositionsCommand.Create(context));
        root.Subcommands.Add(PnlCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        root.Subcommands.Add(RiskCommand.Create(context));
        root.Subcommands.Add(KillCommand.Create(context));
        root.Subcommands.Add(ResumeCommand.Create(context));
        root.Subcommands.Add(ClusterCommand.Create(context));
        root.Subcommands.Add(SymbolCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(ModelsCommand.Create(context));
        root.Subcommands.Add(RolloutCommand.Create(context));
        var interactive = new Command("interactive", "Read commands line by line from standard input (the same as no command); 'help', 'exit' or 'quit'.");
        interactive.SetAction((parseResult, ct) => InteractiveSession.RunAsync(root, context, parseResult, ct));
        root.Subcommands.Add(interactive);
        root.SetAction((parseResult, ct) => InteractiveSession.RunAsync(root, context, parseResult, ct));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. A parse error (missing argument, unknown command) prints
    /// every problem to <see cref="ClientContext.Error"/> and returns <see cref="ExitCodes.BadInput"/> before
    /// anything is sent.</summary>
    public static Task<int> RunAsync(string[] args, ClientContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        return InvokeAsync(Build(context), args, context, cancellationToken);
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command; help text goes to
    /// <see cref="ClientContext.Output"/>, parse errors to <see cref="ClientContext.Error"/>
    /// (<see cref="ExitCodes.BadInput"/>). Ctrl+C is left to <see cref="ClientContext.Interrupts"/>.</summary>
    internal static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, ClientContext context, CancellationToken cancellationToken)
    {
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            context.Error.MarkupLine("Run with --help (or type 'help') for the commands and their arguments.");
            return ExitCodes.BadInput;
        }

        using var help = new StringWriter();
        using var errors = new StringWriter();
        var configuration = new InvocationConfiguration { Output = help, Error = errors, ProcessTerminationTimeout = null };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        finally
        {
            if (help.GetStringBuilder().Length > 0)
            {
                context.Output.Write(new Text(help.ToString()));
            }

            if (errors.GetStringBuilder().Length > 0)
            {
                context.Error.Write(new Text(errors.ToString()));
            }
        }
    }
}
