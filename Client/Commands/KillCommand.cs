using Quant.Orleans.Gateway.Contracts;
using System.CommandLine;
using Quant.Orleans.Client.Rendering;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>kill [--all] [--reason TEXT] [--yes]</c> command: the kill switch. Halts the account (or every
/// account): new orders are rejected and working orders cancelled; prints how long the silo took to block and to
/// cancel. Asks for confirmation on standard input unless <c>--yes</c>; anything but <c>y</c>/<c>yes</c>, or the end
/// of the input, sends nothing and exits <see cref="ExitCodes.NotConfirmed"/>.</summary>
public static class KillCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = new Option<bool>("--all") { Description = "Halt every account instead of --account." };
        var reason = new Option<string?>("--reason") { Description = "Why, kept as the accounts' state reason." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var command = new Command("kill", "Kill switch: block every new order and cancel every working order of the account (or --all).");
        command.Options.Add(all);
        command.Options.Add(reason);
        command.Options.Add(yes);
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, account) =>
        {
            var target = parseResult.GetValue(all) ? null : account;
            var what = target is null ? "every account" : target;
            if (!parseResult.GetValue(yes))
            {
                context.Output.Markup($"Halt {Markup.Escape(what)}: reject every new order and cancel every working order? [[y/N]] ");
                var line = await context.Input.ReadLineAsync(ct);
                if (context.EchoInput && line is not null)
                {
                    context.Output.WriteLine(line);
                }

                var answer = line?.Trim().ToLowerInvariant();
                if (answer is not ("y" or "yes"))
                {
                    if (line is null || !context.EchoInput)
                    {
                        context.Output.WriteLine();
                    }

                    return context.Fail($"kill not confirmed (answer y, or pass --yes); nothing was sent, {what} still trades.", ExitCodes.NotConfirmed);
                }
            }

            KillRenderer.Render(context.Output, await client.KillAsync(new KillRequest(target, parseResult.GetValue(reason)), ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
