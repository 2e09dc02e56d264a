using System.Reflection;
using System.Xml.Linq;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Architecture.Tests;

/// <summary>
/// The allowed dependency graph of the source projects (DESIGN §2, docs/architecture.md): dependencies point
/// downwards only; the domain libraries (Core, MarketData, Numerics, Learning, Research, Trading) never reference
/// Orleans, the grains, the engine, the dashboard or the silo; the client speaks HTTP only (the contracts). Transitive
/// project references are off (Directory.Build.props), so each project's .csproj lists every project it uses, and the
/// graph read from the .csproj files is the graph the compiler sees.
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>Every source project and the projects it may reference.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Core"] = [],
        ["MarketData"] = ["Core"],
        ["Numerics"] = ["Core"],
        ["Learning"] = ["Core"],
        ["Research"] = ["Core", "MarketData", "Numerics"],
        ["Trading"] = ["Core"],
        ["Gateway.Contracts"] = [],
        ["Grains.Interfaces"] = ["Core", "MarketData", "Trading"],
        ["Grains"] = ["Core", "MarketData", "Numerics", "Learning", "Research", "Trading", "Grains.Interfaces"],
        ["Engine"] = ["Core", "MarketData", "Numerics", "Learning", "Trading", "Research", "Grains.Interfaces"],
        ["Dashboard"] = ["Core", "MarketData", "Trading", "Grains.Interfaces", "Engine"],
        ["Silo"] = ["Core", "MarketData", "Numerics", "Learning", "Research", "Trading", "Grains.Interfaces", "Grains", "Engine", "Gateway.Contracts", "Dashboard"],
        ["Client"] = ["Gateway.Contracts"],
    };

    /// <summary>The libraries that hold the domain and never see the runtime.</summary>
    public static readonly string[] Domain = ["Core", "MarketData", "Numerics", "Learning", "Research", "Trading"];

    public static TheoryData<string> Projects() => [.. Allowed.Keys];

    [Fact]
    public void EverySourceProjectOfTheSolutionIsInTheGraph()
    {
        var solution = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "Quant.Orleans.sln"));
        var sources = Directory.EnumerateFiles(TestData.RepositoryRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Relative(p).StartsWith("tests/", StringComparison.Ordinal) && !Relative(p).Contains("/obj/", StringComparison.Ordinal))
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), sources);
        Assert.All(sources, s => Assert.Contains($"{s}/Quant.Orleans.{s}.csproj", solution.Replace('\\', '/'), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void AProjectReferencesOnlyWhatTheGraphAllows(string project)
    {
        var referenced = References(project);
        var forbidden = referenced.Except(Allowed[project], StringComparer.Ordinal).ToArray();
        Assert.True(forbidden.Length == 0, $"{project} references {string.Join(", ", forbidden)}, which the graph does not allow (allowed: {string.Join(", ", Allowed[project])}).");
    }

    [Fact]
    public void TheGraphHasNoCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string node, Stack<string> path)
        {
            if (state.GetValueOrDefault(node) == 1)
            {
                Assert.Fail($"cycle: {string.Join(" -> ", path.Reverse())} -> {node}");
            }

            if (state.GetValueOrDefault(node) == 2)
            {
                return;
            }

            state[node] = 1;
            path.Push(node);
            foreach (var next in Allowed[node])
            {
                Visit(next, path);
            }

            path.Pop();
            state[node] = 2;
        }

        foreach (var node in Allowed.Keys)
        {
            Visit(node, new Stack<string>());
        }
    }

    [Fact]
    public void TransitiveProjectReferencesAreOffSoEveryDependencyIsDeclared()
    {
        var props = XDocument.Load(Path.Combine(TestData.RepositoryRoot, "Directory.Build.props"));
        var value = props.Descendants("DisableTransitiveProjectReferences").Select(e => e.Value.Trim()).SingleOrDefault();
        Assert.Equal("true", value);
    }

    [Theory]
    [MemberData(nameof(DomainProjects))]
    public void ADomainLibraryDeclaresNoOrleansOrAspNetCore(string project)
    {
        var document = XDocument.Load(ProjectFile(project));
        var packages = document.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? string.Empty).ToArray();
        var frameworks = document.Descendants("FrameworkReference").Select(e => (string?)e.Attribute("Include") ?? string.Empty).ToArray();
        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(frameworks, f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Equal("Microsoft.NET.Sdk", (string?)document.Root!.Attribute("Sdk"));
    }

    [Theory]
    [MemberData(nameof(DomainProjects))]
    public void ADomainAssemblyReferencesNoOrleansAssemblyAndNoProjectAboveIt(string project)
    {
        var assembly = Assembly.Load($"Quant.Orleans.{project}");
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToArray();
        Assert.DoesNotContain(references, r => r.StartsWith("Orleans", StringComparison.Ordinal) || r.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        var ours = references.Where(r => r.StartsWith("Quant.Orleans.", StringComparison.Ordinal)).Select(r => r["Quant.Orleans.".Length..]);
        Assert.All(ours, r => Assert.Contains(r, Allowed[project]));
    }

    [Fact]
    public void TheClientDoesNotReferenceOrleans()
    {
        var references = Assembly.Load("quant").GetReferencedAssemblies().Select(a => a.Name ?? string.Empty);
        Assert.DoesNotContain(references, r => r.Contains("Orleans", StringComparison.Ordinal) && !r.StartsWith("Quant.Orleans.Gateway.Contracts", StringComparison.Ordinal));
    }

    public static TheoryData<string> DomainProjects() => [.. Domain];

    private static string ProjectFile(string project) => Path.Combine(TestData.RepositoryRoot, project, $"Quant.Orleans.{project}.csproj");

    private static string[] References(string project) =>
        [.. XDocument.Load(ProjectFile(project)).Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? string.Empty)
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p.Replace('\\', '/')))!)];

    private static string Relative(string path) => Path.GetRelativePath(TestData.RepositoryRoot, path).Replace('\\', '/');
}
