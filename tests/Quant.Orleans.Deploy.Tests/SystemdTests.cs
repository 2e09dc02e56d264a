using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Quant.Orleans.Deploy.Tests.Support;

namespace Quant.Orleans.Deploy.Tests;

/// <summary><c>deploy/systemd/</c>: the silo template unit with its environment files (one shared, one per instance)
/// and the lab's Azurite unit, parsed and checked against the silo's settings and command line.</summary>
public sealed partial class SystemdTests
{
    private const string Folder = "deploy/systemd";
    private const string SiloUnit = $"{Folder}/quant-orleans-silo@.service";
    private const string AzuriteUnit = $"{Folder}/quant-orleans-azurite.service";
    private const string InstalledFolder = "/etc/quant-orleans/";

    public static TheoryData<string> Instances() => [.. InstanceNames()];

    [Fact]
    public void TheSiloTemplateRunsServeClusterFromThePublishedSilo()
    {
        var unit = SystemdUnit.Read(SiloUnit);
        Assert.Equal(["Unit", "Service", "Install"], unit.Sections);
        var (launch, program) = LaunchOf(InstanceNames()[0]);
        Assert.Equal("dotnet", Path.GetFileName(program[0]));
        Assert.Equal("Quant.Orleans.Silo.dll", Path.GetFileName(program[1]));
        Assert.True(Path.IsPathRooted(program[1]), $"ExecStart runs {program[1]}, not an absolute path.");
        Assert.Equal("serve", launch.Command);
        Assert.True(launch.Has("--cluster"));
        Assert.True(Repo.Exists("Silo/Quant.Orleans.Silo.csproj"));
    }

    [Fact]
    public void TheSiloTemplateReadsTheSharedAndItsOwnEnvironmentFileAndBothShipHere()
    {
        var files = SystemdUnit.Read(SiloUnit).All("Service", "EnvironmentFile");
        Assert.Equal([$"{InstalledFolder}silo.env", $"{InstalledFolder}silo-%i.env"], files);
        Assert.True(Repo.Exists($"{Folder}/silo.env"));
        Assert.True(InstanceNames().Count >= 2, $"{Folder} should ship at least two instances' files (silo-1.env, silo-2.env).");
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void EachInstanceNamesOnlySettingsAndItsSettingsLoadInClusterMode(string instance)
    {
        var launch = Launch(instance);
        var settings = launch.Load();
        Assert.True(settings.Cluster.Enabled);
        launch.AssertPortsDistinct(settings);
    }

    [Fact]
    public void NoTwoInstancesShareAPortOrAFolder()
    {
        var ports = new Dictionary<int, string>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in InstanceNames())
        {
            var settings = Launch(instance).Load();
            var (silo, gateway, http) = SiloLaunch.Ports(settings);
            foreach (var (name, port) in new[] { ("silo port", silo), ("gateway port", gateway), ("HTTP port", http) })
            {
                Assert.True(ports.TryAdd(port, $"instance {instance} {name}"), $"instance {instance}'s {name} {port} is also {ports.GetValueOrDefault(port)}'s.");
            }

            Assert.True(folders.Add(settings.Storage.Path), $"instance {instance} shares Storage:Path {settings.Storage.Path}.");
        }
    }

    [Fact]
    public void TheLabInstancesListenOnLoopbackAndTheirStorageIsTheLabsAzurite()
    {
        var azurite = SystemdUnit.Read(AzuriteUnit).ExecStart();
        var ports = new[] { "--blobPort", "--queuePort", "--tablePort" }.Select(o => int.Parse(azurite[azurite.ToList().IndexOf(o) + 1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var instance in InstanceNames())
        {
            var settings = Launch(instance).Load();
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(settings.Cluster.AdvertisedAddress)));
            Assert.True(settings.Gateway.IsLoopback, $"instance {instance} binds {settings.Gateway.Urls}, beyond loopback, without an access token.");
            var connection = new DbConnectionStringBuilder { ConnectionString = settings.Cluster.ConnectionString };
            var endpoints = new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" }.Select(k => new Uri((string)connection[k])).ToArray();
            Assert.All(endpoints, e => Assert.Equal("127.0.0.1", e.Host));
            Assert.Equal(ports, endpoints.Select(e => e.Port));
        }
    }

    [Fact]
    public void AzuriteRunsOnLoopbackWithTelemetryOff()
    {
        var exec = SystemdUnit.Read(AzuriteUnit).ExecStart();
        Assert.Contains("azurite", exec.Take(2));
        Assert.Contains("--disableTelemetry", exec);
        foreach (var host in new[] { "--blobHost", "--queueHost", "--tableHost" })
        {
            Assert.Equal("127.0.0.1", exec[exec.ToList().IndexOf(host) + 1]);
        }

        Assert.Contains("--location", exec);
    }

    [Fact]
    public void StopSendsSigtermAndWaitsLongerThanTheSilosDeactivation()
    {
        var unit = SystemdUnit.Read(SiloUnit);
        Assert.Equal("SIGTERM", unit.Get("Service", "KillSignal") ?? "SIGTERM");
        var settings = Launch(InstanceNames()[0]).Load();
        var stop = Seconds(unit.Get("Service", "TimeoutStopSec") ?? "90s");
        Assert.True(stop > settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5), $"TimeoutStopSec {stop} does not cover Grid:DeactivationTimeout {settings.Grid.DeactivationTimeout} + the host's 5 s.");

        // A silo that exits with 2 refused its settings or a port: restarting it would not help.
        Assert.Equal("2", unit.Get("Service", "RestartPreventExitStatus"));
    }

    [Fact]
    public async Task SystemdAnalyzeAcceptsTheUnits()
    {
        if (ProcessRunner.FindOnPath("systemd-analyze") is null)
        {
            Assert.Skip("systemd-analyze is not on this machine; the units are still parsed by the other tests.");
        }

        var folder = Directory.CreateTempSubdirectory("qo-systemd-");
        try
        {
            File.Copy(Repo.PathOf(AzuriteUnit), Path.Combine(folder.FullName, "quant-orleans-azurite.service"));
            File.Copy(Repo.PathOf(SiloUnit), Path.Combine(folder.FullName, "quant-orleans-silo@1.service"));
            var result = await ProcessRunner.RunAsync("systemd-analyze", ["verify", "--man=no", Path.Combine(folder.FullName, "quant-orleans-azurite.service"), Path.Combine(folder.FullName, "quant-orleans-silo@1.service")]);
            var complaints = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Contains("quant-orleans", StringComparison.Ordinal) && !l.Contains("is not executable", StringComparison.Ordinal) && !l.Contains("No such file", StringComparison.Ordinal))
                .ToArray();
            Assert.True(complaints.Length == 0, result.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryVariableOfTheEnvironmentFilesIsASettingOrOneExecStartUses()
    {
        var used = Expansion().Matches(SystemdUnit.Read(SiloUnit).Get("Service", "ExecStart")!).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        foreach (var file in new[] { "silo.env" }.Concat(InstanceNames().Select(i => $"silo-{i}.env")))
        {
            foreach (var variable in SystemdUnit.ReadEnvironmentFile($"{Folder}/{file}").Keys)
            {
                Assert.True(used.Contains(variable) || SettingsSchema.Resolve(variable).Problem is null, $"{file}: {variable} is neither a silo setting ({SettingsSchema.Resolve(variable).Problem}) nor used by ExecStart.");
            }
        }
    }

    /// <summary>Instance <paramref name="instance"/> as systemd would start it: silo.env, then silo-N.env, then ExecStart.</summary>
    private static SiloLaunch Launch(string instance) => LaunchOf(instance).Launch;

    private static (SiloLaunch Launch, IReadOnlyList<string> Program) LaunchOf(string instance)
    {
        var unit = SystemdUnit.Read(SiloUnit);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in unit.All("Service", "EnvironmentFile"))
        {
            Assert.StartsWith(InstalledFolder, file, StringComparison.Ordinal);
            var shipped = $"{Folder}/{file[InstalledFolder.Length..].Replace("%i", instance, StringComparison.Ordinal)}";
            foreach (var (key, value) in SystemdUnit.ReadEnvironmentFile(shipped))
            {
                environment[key] = value;
            }
        }

        // systemd expands %i and ${VARIABLE} (from the environment files) in ExecStart.
        var exec = unit.ExecStart()
            .Select(w => Expansion().Replace(w.Replace("%i", instance, StringComparison.Ordinal), m =>
            {
                Assert.True(environment.TryGetValue(m.Groups[1].Value, out var value), $"ExecStart uses ${{{m.Groups[1].Value}}}, which no environment file sets.");
                return value!;
            }))
            .ToArray();
        return (new SiloLaunch($"{SiloUnit} instance {instance}", environment, exec[2..]), exec[..2]);
    }

    private static List<string> InstanceNames() =>
        [.. Directory.EnumerateFiles(Repo.PathOf(Folder), "silo-*.env")
            .Select(f => InstanceFile().Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)];

    private static TimeSpan Seconds(string text)
    {
        var match = Regex.Match(text, @"^(\d+)(s|sec)?$", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"'{text}' is not a number of seconds.");
        return TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Expansion();

    [GeneratedRegex(@"^silo-([A-Za-z0-9]+)\.env$")]
    private static partial Regex InstanceFile();
}
