using Quant.Orleans.Gateway.Contracts;
using System.Globalization;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders the kill switch's answer: the accounts and their state, the working orders cancelled, and the
/// two timings measured by the silo from the receipt of the command (every new order blocked; every working order
/// cancelled), in microseconds; then one line per account the command could not reach (quarantined or unavailable).</summary>
public static class KillRenderer
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, KillResponse result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var accounts = result.Accounts.Length == 0 ? "no account" : string.Join(", ", result.Accounts);
        console.MarkupLine(
            $"[red]{Markup.Escape(result.State.ToUpperInvariant())}[/] {Markup.Escape(accounts)}: "
            + $"{result.OrdersCanceled.ToString("#,0", CultureInfo.InvariantCulture)} working order{(result.OrdersCanceled == 1 ? string.Empty : "s")} cancelled; "
            + $"new orders blocked after {Micros(result.BlockedMicros)}, working orders cancelled after {Micros(result.CanceledMicros)}.");
        foreach (var failure in result.Failed ?? [])
        {
            console.MarkupLine($"[red]NOT HALTED[/] {Markup.Escape(failure.Account)} ({Markup.Escape(failure.State)}): {Markup.Escape(failure.Error)}");
        }
    }

    private static string Micros(double micros) => $"{micros.ToString("#,0.#", CultureInfo.InvariantCulture)} µs";
}
