using System.CommandLine;
using System.Globalization;
using Quant.Orleans.Client.Input;
using Quant.Orleans.Client.Rendering;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>
/// The <c>watch [--count N]</c> command: streams <c>/api/events</c> (fills, execution reports, signals, risk
/// changes), one line per event. It stops on Ctrl+C, when the gateway ends the stream, and: without <c>--count</c>,
/// when a line is typed (Enter) or standard input ends (in an interactive session a command typed then runs next);
/// with <c>--count N</c>, after N events (standard input is not watched then, so a script can run
/// <c>watch --count 5 &lt; /dev/null</c>). Exits <see cref="ExitCodes.Ok"/> whichever way it stops.
/// </summary>
public static class WatchCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = new Option<string?>("--count") { Description = "Stop after this many events (a positive whole number)." };
        var command = new Command("watch", "Stream live fills, order reports, signals and risk changes; Ctrl+C, Enter or the end of input stops.");
        command.Options.Add(count);
        command.SetAction((parseResult, ct) => context.RunAsync(
            parseResult,
            () => ParseCount(parseResult.GetValue(count)),
            async (client, account, limit) =>
            {
                using var interrupt = context.Interrupts.Begin(ct);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
                var seen = 0;
                var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var pump = Task.Run(
                    async () =>
                    {
                        void OnConnected()
                        {
                            context.Output.MarkupLine(Header(account, limit));
                            connected.TrySetResult();
                        }

                        await foreach (var e in client.StreamEventsAsync(account, OnConnected, stop.Token))
                        {
                            context.Output.MarkupLine(EventRenderer.Line(e));
                            if (++seen == limit)
                            {
                                return $"watched {seen} event{(seen == 1 ? string.Empty : "s")}.";
                            }
                        }

                        return $"the gateway ended the event stream after {seen} event{(seen == 1 ? string.Empty : "s")}.";
                    },
                    CancellationToken.None);
                // Standard input is watched once the stream is open: a gateway that cannot be reached is reported
                // as such, not as a watch stopped by the end of the input.
                await Task.WhenAny(connected.Task, pump);
                Task input = pump.IsCompleted ? pump : limit is null ? context.Input.WaitAsync() : Task.Delay(Timeout.Infinite, stop.Token);
                if (await Task.WhenAny(pump, input) != pump)
                {
                    await stop.CancelAsync();
                    if (input is Task<string?> { Result: { } line } && string.IsNullOrWhiteSpace(line))
                    {
                        // Enter only stops the watch; a command typed instead runs next.
                        await context.Input.ReadLineAsync(ct);
                    }
                }

                string summary;
                try
                {
                    summary = await pump;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    summary = $"stopped after {seen} event{(seen == 1 ? string.Empty : "s")}.";
                }

                context.Output.MarkupLine(Markup.Escape(summary));
                return ExitCodes.Ok;
            }));
        return command;
    }

    /// <summary>The <c>--count</c> value: null when absent, else a positive whole number.</summary>
    /// <exception cref="ClientInputException">Not a positive whole number.</exception>
    public static int? ParseCount(string? count)
    {
        if (count is null)
        {
            return null;
        }

        if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ClientInputException($"count for --count must be a positive whole number, got '{count}'.");
        }

        return value;
    }

    private static string Header(string account, int? limit) => limit is { } n
        ? $"watching the events of {Markup.Escape(account)} until {n} arrive (Ctrl+C stops)"
        : $"watching the events of {Markup.Escape(account)} (Ctrl+C, Enter or the end of input stops)";
}
