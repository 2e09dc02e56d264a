using Spectre.Console;

namespace Quant.Orleans.Client;

/// <summary>Creates the process's output and error consoles. When a stream is redirected (a pipe or a file) it gets
/// no ANSI codes and a wide fixed width, so tables and reasons are not wrapped at 80 columns.</summary>
public static class ConsoleFactory
{
    /// <summary>Width used for redirected output, in characters.</summary>
    public const int RedirectedWidth = 200;

    /// <summary>The console over standard output.</summary>
    public static IAnsiConsole Output() => Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>The console over standard error.</summary>
    public static IAnsiConsole Error() => Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
