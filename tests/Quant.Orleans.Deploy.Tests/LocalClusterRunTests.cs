using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Quant.Orleans.Deploy.Tests.Support;

namespace Quant.Orleans.Deploy.Tests;

/// <summary>
/// <c>deploy/local/cluster.sh</c> for real: Azurite and two silos of this build on free loopback ports, a drain and a
/// restart of one silo, a rolling upgrade of both, then a stop. Needs <c>azurite</c> on the PATH (<c>npm install -g azurite@3.35.0</c>) and the
/// silo built in this test's configuration (it is a project reference, so it is); skips with the reason otherwise.
/// </summary>
public sealed class LocalClusterRunTests
{
    private const string Script = "deploy/local/cluster.sh";

    [Fact]
    public async Task StartsTwoSilosOnLoopbackDrainsRestartsUpgradesAndStopsEverything()
    {
        if (ProcessRunner.FindOnPath("azurite") is null)
        {
            Assert.Skip("azurite is not on the PATH (npm install -g azurite@3.35.0).");
        }

        var configuration = typeof(LocalClusterRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var silo = Repo.PathOf($"Silo/bin/{configuration}/net10.0/Quant.Orleans.Silo.dll");
        if (!File.Exists(silo))
        {
            Assert.Skip($"{silo} is not built.");
        }

        var state = Directory.CreateTempSubdirectory("qo-local-cluster-");
        int siloPort = FreeRange(2), gatewayPort = FreeRange(2), httpPort = FreeRange(2), azuritePort = FreeRange(3);
        var environment = new Dictionary<string, string>
        {
            ["QUANT_LOCAL_STATE"] = state.FullName,
            ["QUANT_LOCAL_CONFIGURATION"] = configuration,
            ["QUANT_LOCAL_SILO_PORT"] = $"{siloPort}",
            ["QUANT_LOCAL_GATEWAY_PORT"] = $"{gatewayPort}",
            ["QUANT_LOCAL_HTTP_PORT"] = $"{httpPort}",
            ["QUANT_LOCAL_AZURITE_PORT"] = $"{azuritePort}",
        };
        int[] ports = [siloPort, siloPort + 1, gatewayPort, gatewayPort + 1, httpPort, httpPort + 1, azuritePort, azuritePort + 1, azuritePort + 2];
        Task<ProcessRunner.Result> Run(params string[] arguments) => ProcessRunner.RunAsync("bash", [Script, .. arguments], environment, TimeSpan.FromMinutes(4));
        try
        {
            var start = await Run("start", "2", "--no-build");
            Assert.True(start.ExitCode == 0, start.ToString());

            var status = await Run("status");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("azurite: running", status.Output, StringComparison.Ordinal);
            foreach (var i in new[] { 1, 2 })
            {
                Assert.Contains($"silo {i}: running", status.Output, StringComparison.Ordinal);
            }

            Assert.Equal(2, status.Output.Split("{\"status\":\"ok\"").Length - 1);
            var listening = status.Output.Split('\n').Single(l => l.StartsWith("listening: ", StringComparison.Ordinal))["listening: ".Length..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(listening, l => Assert.StartsWith("127.0.0.1:", l, StringComparison.Ordinal));
            Assert.Superset(ports.Select(p => $"127.0.0.1:{p}").ToHashSet(), listening.ToHashSet());

            var drain = await Run("drain", "2");
            Assert.True(drain.ExitCode == 0, drain.ToString());
            Assert.Contains("silo 2", drain.Output, StringComparison.Ordinal);
            Assert.Contains("drained", drain.Output, StringComparison.Ordinal);
            Assert.Contains("silo 2: stopped", (await Run("status")).Output, StringComparison.Ordinal);
            Assert.False(Listening(httpPort + 1));

            var restart = await Run("restart", "2");
            Assert.True(restart.ExitCode == 0, restart.ToString());
            Assert.Contains("silo 2: running, release 1,", (await Run("status")).Output, StringComparison.Ordinal);

            // A rolling upgrade: release 2, one silo at a time; the first release is deleted once nothing runs it.
            var upgrade = await Run("upgrade", "--no-build");
            Assert.True(upgrade.ExitCode == 0 && upgrade.Error.Length == 0, upgrade.ToString() + Logs(state));
            Assert.True(upgrade.Output.IndexOf("silo 1 (pid", StringComparison.Ordinal) < upgrade.Output.IndexOf("silo 2 (pid", StringComparison.Ordinal), upgrade.ToString());
            status = await Run("status");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("silo 1: running, release 2,", status.Output, StringComparison.Ordinal);
            Assert.Contains("silo 2: running, release 2,", status.Output, StringComparison.Ordinal);
            Assert.Equal(["2"], Directory.GetDirectories(Path.Combine(state.FullName, "releases")).Select(Path.GetFileName));
        }
        finally
        {
            var stop = await Run("stop");
            var after = await Run("status");
            var left = ports.Where(Listening).ToArray();
            try
            {
                state.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a file still held by an exiting process: the temp folder is cleaned later
            }

            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.DoesNotContain(": running", after.Output, StringComparison.Ordinal);
            Assert.True(left.Length == 0, $"still listening after stop: {string.Join(", ", left)}");
        }
    }

    /// <summary>The end of every log of the state folder, for a failure's message.</summary>
    private static string Logs(DirectoryInfo state) =>
        string.Concat(Directory.EnumerateFiles(Path.Combine(state.FullName, "logs"), "*.log").Order(StringComparer.Ordinal)
            .Select(f => $"\n--- {Path.GetFileName(f)} (end)\n{string.Join('\n', File.ReadLines(f).TakeLast(40))}"));

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that are free now.</summary>
    private static int FreeRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000); // below the ephemeral range (32768+), which outgoing connections take
            if (Enumerable.Range(first, count).All(Free))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free loopback ports found.");
    }

    private static bool Free(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = true };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
