using System.CommandLine;
using Quant.Orleans.Client.Input;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>
/// The interactive session: reads commands line by line from <see cref="ClientContext.Input"/> with a prompt
/// (<c>quant SIM-1&gt; </c>) and runs each with the same grammar as the command line. The session's
/// <c>--gateway</c>, <c>--account</c> and <c>--token</c> are the defaults of its commands (a line may override them).
/// <c>help</c> (or <c>help COMMAND</c>) prints the help; <c>exit</c> or <c>quit</c> ends the session, as does the end
/// of the input; blank lines and lines starting with '#' are skipped. Words are split by <see cref="CommandWords"/>
/// (double quotes group words). A line that fails (bad input, an unterminated quote, a parse error, an unreachable
/// gateway) prints its error and the session goes on. When standard input is redirected each command is
/// echoed after its prompt, so a transcript reads like a terminal session. Exits <see cref="ExitCodes.Ok"/>.
/// </summary>
public static class InteractiveSession
{
    /// <summary>Runs the session until <c>exit</c>, <c>quit</c> or the end of the input.</summary>
    public static async Task<int> RunAsync(RootCommand root, ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        if (context.SessionAccount is not null)
        {
            return context.Fail("already in an interactive session: type a command, 'help', or 'exit'.", ExitCodes.BadInput);
        }

        var account = parseResult.GetValue(context.Account) ?? ClientContext.DefaultAccount;
        var gateway = parseResult.GetValue(context.Gateway) ?? ClientContext.DefaultGateway;
        context.SessionGateway = gateway;
        context.SessionAccount = account;
        context.SessionToken = parseResult.GetValue(context.Token);
        try
        {
            context.Output.MarkupLine(
                $"Quant.Orleans client: gateway {Markup.Escape(gateway)}, account {Markup.Escape(account)}. Type 'help' for the commands, 'exit' to leave.");
            while (true)
            {
                context.Output.Markup($"quant {Markup.Escape(account)}> ");
                var line = await context.Input.ReadLineAsync(cancellationToken);
                if (line is null)
                {
                    context.Output.WriteLine();
                    return ExitCodes.Ok;
                }

                if (context.EchoInput)
                {
                    context.Output.WriteLine(line);
                }

                var text = line.Trim();
                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }

                if (text is "exit" or "quit")
                {
                    return ExitCodes.Ok;
                }

                string[] tokens;
                try
                {
                    tokens = [.. CommandWords.Split(text)];
                }
                catch (ClientInputException e)
                {
                    context.Fail(e.Message, ExitCodes.BadInput);
                    continue;
                }

                if (tokens.Length == 0)
                {
                    continue;
                }

                if (tokens[0] == "help")
                {
                    tokens = [.. tokens[1..], "--help"];
                }

                try
                {
                    await ClientCommandLine.InvokeAsync(root, tokens, context, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    context.Fail($"{text}: {e.Message}", ExitCodes.Rejected);
                }
            }
        }
        finally
        {
            context.SessionGateway = null;
            context.SessionAccount = null;
            context.SessionToken = null;
        }
    }
}
