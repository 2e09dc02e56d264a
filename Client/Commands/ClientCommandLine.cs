using System.CommandLine;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The client console's command line: global <c>--gateway</c> and <c>--account</c>, and the
/// <c>positions</c>, <c>orders</c> and <c>order</c> commands.</summary>
public static class ClientCommandLine
{
    /// <summary>Builds the root command over <paramref name="context"/>.</summary>
    public static RootCommand Build(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("Quant.Orleans client: positions, order blotter and manual orders through the silo's HTTP gateway.");
        root.Options.Add(context.Gateway);
        root.Options.Add(context.Account);
        root.Subcommands.Add(PositionsCommand.Create(context));
        root.Subcommands.Add(OrdersCommand.Create(context));
        root.Subcommands.Add(OrderCommand.Create(context));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>. A parse error (missing argument, unknown command) prints
    /// every problem to <see cref="ClientContext.Error"/> and returns <see cref="ExitCodes.BadInput"/> before
    /// anything is sent.</summary>
    public static async Task<int> RunAsync(string[] args, ClientContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var parseResult = Build(context).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            context.Error.MarkupLine("Run with --help for the commands and their arguments.");
            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(cancellationToken: cancellationToken);
    }
}
