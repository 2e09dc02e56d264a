using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Hosting;

/// <summary>Bad options are refused before any work, naming the option, the value and the rule, with exit code 2 and
/// no stack trace (they used to surface as unhandled exceptions, the last one after the whole replay had run).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SiloCommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-command-line");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--data", "/nonexistent/lean", "does not exist")]
    [InlineData("--speed", "Infinity", "must be a finite number >= 0")]
    [InlineData("--speed", "NaN", "must be a finite number >= 0")]
    [InlineData("--speed", "-1", "must be a finite number >= 0")]
    public async Task ABadReplayOptionIsRefusedBeforeAnyWork(string option, string value, string rule)
    {
        Directory.CreateDirectory(_folder.Path);
        var output = Path.Combine(_folder.Path, "out");
        var args = option == "--data"
            ? new[] { "replay", option, value, "--out", output }
            : ["replay", option, value, "--out", output, "--data", _folder.Path];
        var (code, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.Contains(rule, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));
    }

    [Fact]
    public async Task AnOutputPathThatIsAFileIsRefusedBeforeTheReplayRuns()
    {
        Directory.CreateDirectory(_folder.Path);
        var file = Path.Combine(_folder.Path, "taken");
        await File.WriteAllTextAsync(file, "keep me", TestContext.Current.CancellationToken);

        var (code, error) = await RunAsync("replay", "--out", file, "--data", _folder.Path);

        Assert.Equal(2, code);
        Assert.Contains($"--out) '{file}' is an existing file", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
    }

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            return (await SiloCommandLine.Build().Parse(args).InvokeAsync(), error.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }
}

/// <summary>Tests that redirect the process's console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "console";
}
