using System.Data.Common;
using System.Text.RegularExpressions;
using Quant.Orleans.Client.Commands;
using Quant.Orleans.Deploy.Tests.Support;
using Spectre.Console;
using YamlDotNet.RepresentationModel;

namespace Quant.Orleans.Deploy.Tests;

/// <summary><c>deploy/compose/</c>: compose.yaml, its Dockerfile and the silo's entry point, parsed and checked against
/// the silo and the client (no container runtime here, so nothing is built or run).</summary>
public sealed partial class ComposeTests
{
    private const string ComposeFile = "deploy/compose/compose.yaml";
    private const string Dockerfile = "deploy/compose/Dockerfile";
    private const string Entrypoint = "deploy/compose/silo-entrypoint.sh";

    private static readonly YamlMappingNode Compose = Yaml.Documents(ComposeFile).Single();

    private static YamlNode Service(string name) => Compose.At("services", name) ?? throw new InvalidDataException($"{ComposeFile} has no service '{name}'.");

    [Fact]
    public void TheFileHasAzuriteTheSiloAndTheClient()
    {
        Assert.Equal(["azurite", "client", "silo"], Compose.At("services").Entries().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.True(int.Parse(Service("silo").Text("deploy", "replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture) >= 2, "the silo service should run several silos.");
    }

    [Fact]
    public void AzuriteRunsWithTelemetryOffAndPublishesNothing()
    {
        var azurite = Service("azurite");
        Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite", azurite.Text("image"), StringComparison.Ordinal);
        var command = azurite.At("command").Words();
        Assert.Contains("--disableTelemetry", command);
        Assert.Null(azurite.At("ports"));
    }

    [Fact]
    public void TheSilosSettingsLoadInClusterModeWithTheirPortsDistinct()
    {
        var launch = SiloLaunch();
        var settings = launch.Load();
        Assert.Equal("serve", launch.Command);
        Assert.True(settings.Cluster.Enabled, "the silos must run with --cluster.");
        launch.AssertPortsDistinct(settings);
        Assert.False(settings.Gateway.IsLoopback, "in a container the gateway must bind the container's interfaces to be reached.");
        Assert.False(string.IsNullOrEmpty(settings.Gateway.AccessToken));
    }

    [Fact]
    public void TheDefaultConnectionStringIsTheComposeAzurite()
    {
        var settings = SiloLaunch().Load();
        var connection = new DbConnectionStringBuilder { ConnectionString = settings.Cluster.ConnectionString };
        var ports = Ports(Service("azurite").At("command").Words());
        foreach (var (key, port) in new[] { ("BlobEndpoint", ports.Blob), ("QueueEndpoint", ports.Queue), ("TableEndpoint", ports.Table) })
        {
            var endpoint = new Uri((string)connection[key]);
            Assert.Equal("azurite", endpoint.Host);
            Assert.Equal(port, endpoint.Port);
        }

        // A service name is not an IP address: Azurite must not take the host's first label for the account.
        Assert.Contains("--disableProductStyleUrl", Service("azurite").At("command").Words());
    }

    [Fact]
    public void TheSilosPortsAreTheSettingsPortsAndOnlyTheHttpPortIsPublishedOnLoopback()
    {
        var silo = Service("silo");
        var (siloPort, gatewayPort, http) = Support.SiloLaunch.Ports(SiloLaunch().Load());
        var exposed = silo.At("expose").Items().Select(i => int.Parse(i.Text()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([siloPort, gatewayPort], exposed.Order());
        var published = silo.At("ports").Items().Select(i => i.Text()!).ToArray();
        var mapping = Assert.Single(published);
        var match = PublishedPort().Match(mapping);
        Assert.True(match.Success, $"'{mapping}' is not host-ip:ports:container-port.");
        Assert.Equal("127.0.0.1", match.Groups["ip"].Value);
        Assert.Equal(http, int.Parse(match.Groups["container"].Value, System.Globalization.CultureInfo.InvariantCulture));
        var first = int.Parse(match.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var last = match.Groups["last"].Success ? int.Parse(match.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture) : first;
        var replicas = int.Parse(silo.Text("deploy", "replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(last - first + 1 >= replicas, $"{replicas} replicas need {replicas} host ports, '{mapping}' has {last - first + 1}.");
    }

    [Fact]
    public void TheSilosStopGracePeriodCoversTheirDeactivation()
    {
        var silo = Service("silo");
        var settings = SiloLaunch().Load();
        Assert.Equal("SIGTERM", silo.Text("stop_signal") ?? "SIGTERM");
        var grace = Duration(silo.Text("stop_grace_period") ?? "10s");
        Assert.True(grace > settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5), $"stop_grace_period {grace} does not cover Grid:DeactivationTimeout {settings.Grid.DeactivationTimeout} + the host's 5 s.");
    }

    [Fact]
    public void EveryVolumeAMountNamesIsDeclared()
    {
        var declared = Compose.At("volumes").Entries().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, service) in Compose.At("services").Entries())
        {
            foreach (var mount in service.At("volumes").Items().Select(i => ComposeInterpolation.Apply(i.Text()!).Value))
            {
                var source = mount.Split(':')[0];
                if (!source.StartsWith('.') && !source.StartsWith('/'))
                {
                    Assert.True(declared.Contains(source), $"service {name} mounts volume '{source}', which compose.yaml does not declare.");
                }
            }
        }
    }

    [Fact]
    public void TheClientCommandParsesWithTheClientsCommandLine()
    {
        var client = Service("client");
        var entrypoint = client.At("entrypoint").Words();
        Assert.Equal("dotnet", entrypoint[0]);
        Assert.EndsWith("/quant.dll", entrypoint[1], StringComparison.Ordinal);
        var root = ClientCommandLine.Build(new ClientContext(Silent(), Silent()));
        foreach (var command in new[] { "positions", "orders --working", "risk" })
        {
            var parsed = root.Parse([.. entrypoint.Skip(2), .. command.Split(' ')]);
            Assert.True(parsed.Errors.Count == 0, $"the client refuses '{string.Join(' ', entrypoint.Skip(2))} {command}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }

        var gateway = new Uri(entrypoint[entrypoint.ToList().IndexOf("--gateway") + 1]);
        Assert.Equal("silo", gateway.Host);
        Assert.Equal(Support.SiloLaunch.Ports(SiloLaunch().Load()).Http, gateway.Port);
        Assert.Contains(client.At("environment").Entries(), e => e.Key == ClientContext.TokenVariable);
    }

    [Fact]
    public void NoComposeVariableIsASiloSetting()
    {
        // `QO_…` variables exported in an operator's shell would also reach a silo run there, which refuses unknown keys.
        var variables = ComposeInterpolation.Variables(Repo.Read(ComposeFile));
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.False(v.StartsWith(SettingsSchema.Prefix, StringComparison.Ordinal), $"compose variable {v} looks like a silo setting."));
    }

    [Fact]
    public void TheBuildsUseTheDockerfileAndItsTargetsExist()
    {
        var stages = DockerStages();
        foreach (var name in new[] { "silo", "client" })
        {
            var build = Service(name).At("build");
            var context = Path.GetFullPath(Path.Combine(Repo.PathOf("deploy/compose"), build.Text("context")!));
            Assert.Equal(Path.TrimEndingDirectorySeparator(Repo.Root), Path.TrimEndingDirectorySeparator(context));
            Assert.Equal(Dockerfile, build.Text("dockerfile"));
            Assert.Contains(build.Text("target")!, stages);
        }
    }

    [Fact]
    public void TheDockerfileUsesDotnet10ImagesAndPublishesProjectsThatExist()
    {
        var text = Repo.Read(Dockerfile);
        var images = FromImage().Matches(text).Select(m => m.Groups[1].Value.Replace("${DOTNET_VERSION}", DotnetVersion().Match(text).Groups[1].Value, StringComparison.Ordinal)).ToArray();
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0", images);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0", images);
        Assert.All(images, i => Assert.StartsWith("mcr.microsoft.com/dotnet/", i, StringComparison.Ordinal));

        var published = Publish().Matches(text).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["Client/Quant.Orleans.Client.csproj", "Silo/Quant.Orleans.Silo.csproj"], published.Order(StringComparer.Ordinal));
        Assert.All(published, p => Assert.True(Repo.Exists(p), $"{Dockerfile} publishes {p}, which does not exist."));

        // Files copied from the build context exist in the repository.
        foreach (Match copy in CopyFromContext().Matches(text))
        {
            var source = copy.Groups[1].Value;
            Assert.True(source == "." || Repo.Exists(source), $"{Dockerfile} copies {source}, which does not exist.");
        }

        // The programs the images run are the published assemblies.
        Assert.Contains("/opt/quant-orleans/client/quant.dll", text, StringComparison.Ordinal);
        Assert.Contains("exec dotnet /opt/quant-orleans/silo/Quant.Orleans.Silo.dll \"$@\"", Repo.Read(Entrypoint), StringComparison.Ordinal);
        Assert.Contains("-o /out/silo", text, StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /out/silo /opt/quant-orleans/silo", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDockerfilesDefaultSiloCommandParses()
    {
        var text = Repo.Read(Dockerfile);
        var silo = text[text.IndexOf("AS silo", StringComparison.Ordinal)..];
        var cmd = DefaultCommand().Match(silo);
        Assert.True(cmd.Success, "the silo stage has no CMD.");
        var arguments = cmd.Groups[1].Value.Split(',').Select(a => a.Trim().Trim('"')).ToArray();
        var environment = ImageEnvironment().Matches(silo).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        environment["QO_Cluster__ConnectionString"] = "UseDevelopmentStorage=true";
        var launch = new SiloLaunch($"{Dockerfile} CMD", environment, arguments);
        Assert.True(launch.Load().Cluster.Enabled);
    }

    [Fact]
    public async Task TheEntrypointIsValidShellAndAdvertisesTheContainersAddressUnlessGiven()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-n", Entrypoint]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var text = Repo.Read(Entrypoint);
        Assert.Contains("QO_Cluster__AdvertisedAddress", text, StringComparison.Ordinal);
        Assert.Null(SettingsSchema.Resolve("QO_Cluster__AdvertisedAddress").Problem);
        Assert.Contains("${QO_Cluster__AdvertisedAddress:-}", text, StringComparison.Ordinal);
    }

    /// <summary>The silo service as compose would start it, with none of its variables set.</summary>
    private static SiloLaunch SiloLaunch()
    {
        var silo = Service("silo");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in EnvironmentOf(silo))
        {
            environment[key] = ComposeInterpolation.Apply(value).Value;
        }

        // The entry point sets the address to the container's own when the file does not.
        environment.TryAdd("QO_Cluster__AdvertisedAddress", "172.18.0.5");
        return new SiloLaunch($"{ComposeFile}, service silo", environment, silo.At("command").Words());
    }

    private static IEnumerable<KeyValuePair<string, string>> EnvironmentOf(YamlNode service) => service.At("environment") switch
    {
        YamlMappingNode map => map.Entries().Select(e => KeyValuePair.Create(e.Key, e.Value.Text() ?? string.Empty)),
        YamlSequenceNode list => list.Items().Select(i => i.Text()!).Select(s => KeyValuePair.Create(s.Split('=', 2)[0], s.Split('=', 2).ElementAtOrDefault(1) ?? string.Empty)),
        _ => [],
    };

    private static (int Blob, int Queue, int Table) Ports(IReadOnlyList<string> command)
    {
        int Port(string option, int fallback)
        {
            var at = command.ToList().IndexOf(option);
            return at < 0 ? fallback : int.Parse(command[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return (Port("--blobPort", 10000), Port("--queuePort", 10001), Port("--tablePort", 10002));
    }

    private static TimeSpan Duration(string text)
    {
        var match = ComposeDuration().Match(text);
        Assert.True(match.Success, $"'{text}' is not a duration like 45s or 1m30s.");
        return TimeSpan.FromMinutes(match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            + TimeSpan.FromSeconds(match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    private static HashSet<string> DockerStages() => [.. StageName().Matches(Repo.Read(Dockerfile)).Select(m => m.Groups[1].Value)];

    private static IAnsiConsole Silent() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    [GeneratedRegex(@"^(?<ip>[0-9.]+):(?<first>\d+)(?:-(?<last>\d+))?:(?<container>\d+)$")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"^(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex ComposeDuration();

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex FromImage();

    [GeneratedRegex(@"^ARG DOTNET_VERSION=(\S+)", RegexOptions.Multiline)]
    private static partial Regex DotnetVersion();

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex StageName();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex Publish();

    [GeneratedRegex(@"^COPY\s+(?:--chmod=\S+\s+)?(?!--from)(\S+)\s+\S+$", RegexOptions.Multiline)]
    private static partial Regex CopyFromContext();

    [GeneratedRegex(@"^CMD\s+\[(.*)\]", RegexOptions.Multiline)]
    private static partial Regex DefaultCommand();

    [GeneratedRegex(@"(QO_[A-Za-z_]+)=(\S+)")]
    private static partial Regex ImageEnvironment();
}
