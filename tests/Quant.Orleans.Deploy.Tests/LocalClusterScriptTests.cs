using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Quant.Orleans.Deploy.Tests.Support;

namespace Quant.Orleans.Deploy.Tests;

/// <summary>
/// <c>deploy/local/cluster.sh</c>: checked through its <c>plan</c> command, which prints what <c>start</c> runs (the
/// same functions build both), one item a line: <c>azurite arg …</c>, <c>silo I env KEY=VALUE</c>, <c>silo I arg …</c>.
/// </summary>
public sealed partial class LocalClusterScriptTests
{
    private const string Script = "deploy/local/cluster.sh";

    [Fact]
    public async Task TheScriptIsValidBash()
    {
        var result = await ProcessRunner.RunAsync("bash", ["-n", Script]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task AzuriteRunsOnLoopbackWithTelemetryOffAndItsDataInTheStateFolder()
    {
        var plan = await PlanAsync(3);
        var azurite = plan.Azurite;
        Assert.Equal("azurite", azurite[0]);
        Assert.Contains("--disableTelemetry", azurite);
        foreach (var host in new[] { "--blobHost", "--queueHost", "--tableHost" })
        {
            Assert.Equal("127.0.0.1", Value(azurite, host));
        }

        Assert.Equal(Path.Combine(plan.State, "azurite"), Value(azurite, "--location"));
        var ports = plan.AzuritePorts;
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
        Assert.Equal(3, ports.Distinct().Count());
    }

    [Fact]
    public async Task EverySiloNamesOnlySettingsAndItsSettingsLoadInClusterModeOnLoopback()
    {
        var plan = await PlanAsync(3);
        Assert.Equal(3, plan.Silos.Count);
        foreach (var silo in plan.Silos)
        {
            var launch = silo.Launch;
            var settings = launch.Load();
            Assert.Equal("serve", launch.Command);
            Assert.True(launch.Has("--cluster"), $"{launch.Source} does not pass --cluster.");
            Assert.True(settings.Cluster.Enabled);
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(settings.Cluster.AdvertisedAddress)), $"{launch.Source} advertises {settings.Cluster.AdvertisedAddress}.");
            Assert.True(settings.Gateway.IsLoopback, $"{launch.Source} binds its gateway to {settings.Gateway.Urls}.");
            launch.AssertPortsDistinct(settings);

            // The connection string is the Azurite the script starts: its ports, on loopback.
            var connection = new DbConnectionStringBuilder { ConnectionString = settings.Cluster.ConnectionString };
            var endpoints = new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" }.Select(k => new Uri((string)connection[k])).ToArray();
            Assert.All(endpoints, e => Assert.Equal("127.0.0.1", e.Host));
            Assert.Equal(plan.AzuritePorts, endpoints.Select(e => e.Port));
            Assert.Equal("devstoreaccount1", (string)connection["AccountName"]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task NoTwoSilosShareAPortAndNoneUsesAzuritesPorts(int count)
    {
        var plan = await PlanAsync(count);
        var used = new Dictionary<int, string>(plan.AzuritePorts.Select(p => KeyValuePair.Create(p, "Azurite")));
        foreach (var silo in plan.Silos)
        {
            var (siloPort, gateway, http) = SiloLaunch.Ports(silo.Launch.Load());
            foreach (var (name, port) in new[] { ("silo port", siloPort), ("gateway port", gateway), ("HTTP port", http) })
            {
                Assert.True(used.TryAdd(port, $"silo {silo.Index} {name}"), $"silo {silo.Index}'s {name} {port} is also {used.GetValueOrDefault(port)}'s.");
            }
        }
    }

    [Fact]
    public async Task EachSiloHasItsOwnStorageFolderLogAndPidFile()
    {
        var plan = await PlanAsync(3);
        var storage = plan.Silos.Select(s => s.Launch.Load().Storage.Path).ToArray();
        Assert.Equal(3, storage.Distinct().Count());
        Assert.All(storage, p => Assert.StartsWith(plan.State, p, StringComparison.Ordinal));
        Assert.Equal(3, plan.Silos.Select(s => s.Log).Distinct().Count());
        Assert.Equal(3, plan.Silos.Select(s => s.PidFile).Distinct().Count());
        Assert.All(plan.Silos, s => Assert.StartsWith(plan.State, s.Log, StringComparison.Ordinal));
        Assert.All(plan.Silos, s => Assert.StartsWith(plan.State, s.PidFile, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSilosRunAReleaseBuiltFromTheSiloProjectOrCopiedFromItsBuildOutput()
    {
        var project = XDocument.Load(Repo.PathOf("Silo/Quant.Orleans.Silo.csproj"));
        var assembly = project.Descendants("AssemblyName").Single().Value;
        var framework = XDocument.Load(Repo.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value;

        // A fresh state folder: start builds release 1 from the silo project into the state folder.
        var plan = await PlanAsync(2);
        Assert.Equal(("1", "build", Repo.PathOf("Silo/Quant.Orleans.Silo.csproj")), plan.Release);
        Assert.True(File.Exists(plan.Release.Source), $"{Script} builds {plan.Release.Source}, which does not exist.");
        foreach (var silo in plan.Silos)
        {
            Assert.Equal("dotnet", silo.Program[0]);
            Assert.Equal(Path.Combine(plan.State, "releases", "1", $"{assembly}.dll"), silo.Program[1]);
        }

        // --no-build copies the silo's build output of the configuration asked for.
        Assert.Equal(("1", "copy", Repo.PathOf($"Silo/bin/Release/{framework}")), (await PlanAsync(1, "--no-build")).Release);
        Assert.Equal(("1", "copy", Repo.PathOf($"Silo/bin/Debug/{framework}")), (await PlanAsync(1, "--no-build", new() { ["QUANT_LOCAL_CONFIGURATION"] = "Debug" })).Release);
    }

    [Fact]
    public async Task OnlyTheFirstSiloReplaysUnlessEverySiloIsAskedTo()
    {
        var plan = await PlanAsync(3, "--replay");
        Assert.True(plan.Silos[0].Launch.Has("--replay"));
        Assert.Equal("60", Value(plan.Silos[0].Launch.Arguments, "--speed"));
        Assert.All(plan.Silos.Skip(1), s => Assert.False(s.Launch.Has("--replay")));
        Assert.All((await PlanAsync(3)).Silos, s => Assert.False(s.Launch.Has("--replay")));

        var all = await PlanAsync(3, "--replay", new() { ["QUANT_LOCAL_REPLAY_SILOS"] = "all", ["QUANT_LOCAL_SPEED"] = "120" });
        Assert.All(all.Silos, s => Assert.Equal("120", s.Launch.Load().Replay.Speed?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ThePortsFollowTheOperatorsBasePorts()
    {
        var plan = await PlanAsync(2, null, new()
        {
            ["QUANT_LOCAL_SILO_PORT"] = "21000",
            ["QUANT_LOCAL_GATEWAY_PORT"] = "22000",
            ["QUANT_LOCAL_HTTP_PORT"] = "23000",
            ["QUANT_LOCAL_AZURITE_PORT"] = "24000",
        });
        Assert.Equal([24000, 24001, 24002], plan.AzuritePorts);
        Assert.Equal((21001, 22001, 23001), SiloLaunch.Ports(plan.Silos[1].Launch.Load()));
    }

    [Theory]
    [InlineData("0", null, null)]
    [InlineData("abc", null, null)]
    [InlineData("3", "QUANT_LOCAL_HTTP_PORT", "http")]
    [InlineData("3", "QUANT_LOCAL_REPLAY_SILOS", "some")]
    public async Task ThePlanRefusesABadCountOrSetting(string count, string? variable, string? value)
    {
        var environment = new Dictionary<string, string> { ["QUANT_LOCAL_STATE"] = Path.Combine(Path.GetTempPath(), "qo-plan") };
        if (variable is not null)
        {
            environment[variable] = value!;
        }

        var result = await ProcessRunner.RunAsync("bash", [Script, "plan", count], environment);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cluster.sh:", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void TheScriptSetsOnlyQoVariablesThatAreSettings()
    {
        // Its own knobs are QUANT_LOCAL_*: a QO_ variable the silo does not know would make every silo refuse to start.
        var text = Repo.Read(Script);
        var variables = QoVariable().Matches(text).Select(m => m.Value).Distinct().ToArray();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Null(SettingsSchema.Resolve(v).Problem));
    }

    [Fact]
    public async Task StopGivesEachSiloMoreTimeThanItsDeactivationThenKills()
    {
        var text = Repo.Read(Script);
        var timeout = StopTimeout().Match(text);
        Assert.True(timeout.Success, "the script has no default QUANT_LOCAL_STOP_TIMEOUT.");
        var settings = (await PlanAsync(1)).Silos[0].Launch.Load();
        var needed = settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5);
        Assert.True(TimeSpan.FromSeconds(int.Parse(timeout.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) > needed, $"stop waits {timeout.Groups[1].Value} s; a silo may take {needed} (Grid:DeactivationTimeout + the host's 5 s).");
        var term = text.IndexOf("kill -TERM", StringComparison.Ordinal);
        var kill = text.IndexOf("kill -KILL", StringComparison.Ordinal);
        Assert.True(term >= 0 && kill > term, "stop must send SIGTERM first, SIGKILL only after waiting.");
    }

    /// <summary>Runs <c>plan</c> with a state folder of its own and parses what it prints.</summary>
    internal static async Task<LocalPlan> PlanAsync(int count, string? option = null, Dictionary<string, string>? environment = null)
    {
        var state = Path.Combine(Path.GetTempPath(), $"qo-local-plan-{Guid.NewGuid():N}");
        environment ??= [];
        environment["QUANT_LOCAL_STATE"] = state;
        string[] arguments = option is null ? [Script, "plan", count.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [Script, "plan", count.ToString(System.Globalization.CultureInfo.InvariantCulture), option];
        var result = await ProcessRunner.RunAsync("bash", arguments, environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return LocalPlan.Parse(result.Output, state);
    }

    private static string Value(IReadOnlyList<string> arguments, string option)
    {
        var at = arguments.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < arguments.Count, $"'{string.Join(' ', arguments)}' has no value for {option}.");
        return arguments[at + 1];
    }

    [GeneratedRegex(@"\bQO_[A-Za-z0-9_]+")]
    private static partial Regex QoVariable();

    [GeneratedRegex(@"STOP_TIMEOUT=""\$\{QUANT_LOCAL_STOP_TIMEOUT:-(\d+)\}""")]
    private static partial Regex StopTimeout();
}

/// <summary>What <c>cluster.sh plan</c> printed.</summary>
internal sealed record LocalPlan(string State, (string Number, string How, string Source) Release, IReadOnlyList<string> Azurite, IReadOnlyList<LocalSilo> Silos)
{
    /// <summary>Azurite's blob, queue and table ports.</summary>
    public IReadOnlyList<int> AzuritePorts =>
        [.. new[] { "--blobPort", "--queuePort", "--tablePort" }.Select(o => int.Parse(Azurite[Azurite.ToList().IndexOf(o) + 1], System.Globalization.CultureInfo.InvariantCulture))];

    public static LocalPlan Parse(string output, string state)
    {
        var azurite = new List<string>();
        (string, string, string)? release = null;
        var silos = new SortedDictionary<int, (Dictionary<string, string> Env, List<string> Args, string Log, string Pid)>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("azurite arg ", StringComparison.Ordinal))
            {
                azurite.Add(line["azurite arg ".Length..]);
                continue;
            }

            var parts = line.Split(' ', 4);
            if (parts[0] == "release")
            {
                Assert.True(parts.Length == 4 && release is null, $"unexpected plan line '{line}'.");
                release = (parts[1], parts[2], parts[3]);
                continue;
            }

            Assert.True(parts.Length == 4 && parts[0] == "silo", $"unexpected plan line '{line}'.");
            var index = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (!silos.TryGetValue(index, out var silo))
            {
                silo = ([], [], string.Empty, string.Empty);
            }

            switch (parts[2])
            {
                case "env":
                    var equals = parts[3].IndexOf('=', StringComparison.Ordinal);
                    Assert.True(equals > 0, $"'{line}' is not KEY=VALUE.");
                    Assert.True(silo.Env.TryAdd(parts[3][..equals], parts[3][(equals + 1)..]), $"silo {index} sets {parts[3][..equals]} twice.");
                    break;
                case "arg":
                    silo.Args.Add(parts[3]);
                    break;
                case "log":
                    silo.Log = parts[3];
                    break;
                case "pid":
                    silo.Pid = parts[3];
                    break;
                default:
                    Assert.Fail($"unexpected plan line '{line}'.");
                    break;
            }

            silos[index] = silo;
        }

        Assert.Equal(Enumerable.Range(1, silos.Count), silos.Keys);
        Assert.True(release is not null, "the plan names no release.");
        return new LocalPlan(state, release.Value, azurite, [.. silos.Select(s => new LocalSilo(
            s.Key,
            [.. s.Value.Args.Take(2)],
            new SiloLaunch($"{"deploy/local/cluster.sh"} silo {s.Key}", s.Value.Env, [.. s.Value.Args.Skip(2)]),
            s.Value.Log,
            s.Value.Pid))]);
    }
}

/// <summary>One silo of the plan: the program (<c>dotnet</c> and the silo's dll), what it is given, its files.</summary>
internal sealed record LocalSilo(int Index, IReadOnlyList<string> Program, SiloLaunch Launch, string Log, string PidFile);
