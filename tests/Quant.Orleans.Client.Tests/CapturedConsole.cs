using Spectre.Console;

namespace Quant.Orleans.Client.Tests;

/// <summary>A Spectre console writing plain text (no ANSI, 200 columns) into a string, for assertions.</summary>
internal sealed class CapturedConsole
{
    private readonly StringWriter _writer = new();

    public CapturedConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        Console.Profile.Width = 200;
    }

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}
