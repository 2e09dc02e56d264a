using System.Text.RegularExpressions;
using Quant.Orleans.Client.Commands;
using Quant.Orleans.Deploy.Tests.Support;
using Quant.Orleans.Silo.Hosting;
using Spectre.Console;

namespace Quant.Orleans.Deploy.Tests;

/// <summary><c>docs/operations.md</c> against the repository: the files it names exist, the commands in its code
/// blocks parse with the silo's, the client's and the local script's own command lines, the variables it names are
/// settings.</summary>
public sealed partial class OperationsGuideTests
{
    private const string Guide = "docs/operations.md";

    private static readonly string Text = Repo.Read(Guide);

    private static IEnumerable<string> CodeLines() =>
        CodeBlock().Matches(Text).SelectMany(m => m.Groups[1].Value.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0);

    [Fact]
    public void EveryRepositoryPathTheGuideNamesExists()
    {
        var paths = RepositoryPath().Matches(Text).Select(m => m.Groups[1].Value.TrimEnd('.', ',', ':', ';'))
            .Concat(RelativeLink().Matches(Text).Select(m => "docs/" + m.Groups[1].Value))
            .Where(p => !p.Contains('<', StringComparison.Ordinal) && !p.Contains('…', StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal))
            .Select(p => p.Replace("docs/../", string.Empty, StringComparison.Ordinal))
            .Distinct()
            .ToArray();
        Assert.Contains("deploy/local/cluster.sh", paths);
        Assert.All(paths, p => Assert.True(Repo.Exists(p), $"{Guide} names {p}, which does not exist."));
    }

    [Fact]
    public void EverySiloCommandInTheGuideParses()
    {
        var commands = CodeLines().Select(l => SiloArguments().Match(l)).Where(m => m.Success).Select(m => Words(m.Groups[1].Value)).ToArray();
        Assert.NotEmpty(commands);
        foreach (var arguments in commands)
        {
            var parsed = SiloCommandLine.Build().Parse([.. arguments]);
            Assert.True(parsed.Errors.Count == 0, $"{Guide}: the silo refuses '{string.Join(' ', arguments)}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void EveryClientCommandInTheGuideParses()
    {
        var commands = CodeLines().Select(l => ClientArguments().Match(l)).Where(m => m.Success).Select(m => Words(m.Groups[1].Value)).ToArray();
        Assert.NotEmpty(commands);
        var silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        foreach (var arguments in commands)
        {
            var parsed = ClientCommandLine.Build(new ClientContext(silent, silent)).Parse([.. arguments]);
            Assert.True(parsed.Errors.Count == 0, $"{Guide}: the client refuses '{string.Join(' ', arguments)}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void EveryLocalClusterCommandInTheGuideIsOneTheScriptHas()
    {
        var verbs = ScriptVerb().Matches(Repo.Read("deploy/local/cluster.sh")).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { "start", "stop", "status", "add", "drain", "restart", "kill", "upgrade", "plan" }, verbs);
        var used = GuideVerb().Matches(Text).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(used);
        Assert.All(used, v => Assert.True(verbs.Contains(v), $"{Guide} uses 'deploy/local/cluster.sh {v}', which the script does not have."));
    }

    [Fact]
    public void EveryQoVariableTheGuideNamesIsASetting()
    {
        var variables = QoVariable().Matches(Text).Select(m => m.Value).Distinct().ToArray();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Null(SettingsSchema.Resolve(v).Problem));
    }

    [Fact]
    public void TheGuideHasNoPlaceholderAndNamesTheCommandsBehindItsFigures()
    {
        foreach (var placeholder in new[] { "(figures: see issue note)", "TODO", "TBD", "FIGURES" })
        {
            Assert.DoesNotContain(placeholder, Text, StringComparison.Ordinal);
        }

        // The measured figures come with the commands that produced them.
        foreach (var command in new[] { "-- bench-cluster", "--filter '*CrossSilo*'", "-- chaos" })
        {
            Assert.Contains(command, Text, StringComparison.Ordinal);
        }
    }

    /// <summary>The words of a command line up to a comment or the end of the command.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        foreach (var word in SystemdUnit.Words(line))
        {
            if (word.StartsWith('#') || word is "&&" or "||" or ";" or "|" or "&")
            {
                break;
            }

            words.Add(word);
        }

        return words;
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"`((?:deploy|docs|Silo|Client|tests)/[^`\s]*)`")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"\]\(((?!https?:)[^)#]+?)(?:#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"--project Silo -- (.*)$")]
    private static partial Regex SiloArguments();

    [GeneratedRegex(@"--project Client -- (.*)$")]
    private static partial Regex ClientArguments();

    [GeneratedRegex(@"^#   deploy/local/cluster\.sh (\w+)", RegexOptions.Multiline)]
    private static partial Regex ScriptVerb();

    [GeneratedRegex(@"deploy/local/cluster\.sh (\w+)")]
    private static partial Regex GuideVerb();

    [GeneratedRegex(@"\bQO_[A-Za-z0-9]+__[A-Za-z0-9_]+")]
    private static partial Regex QoVariable();
}
