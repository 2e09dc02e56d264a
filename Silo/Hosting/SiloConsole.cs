using Spectre.Console;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>The silo commands' console: ANSI codes and colours only on a terminal and when <c>NO_COLOR</c> is unset
/// (https://no-color.org); output redirected to a file or a pipe is plain text.</summary>
public static class SiloConsole
{
    /// <summary>The console over standard output.</summary>
    public static IAnsiConsole Output()
    {
        var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
    }
}
