using Quant.Orleans.Core;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains.Judge;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Research.Policy;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Research;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Policy;

/// <summary>The <c>policy</c> command end to end on recorded days (skipped without the data), and train-as-serve: the
/// rotten-apple generator's states of the recorded candidates are the states the portfolio sized its orders with.</summary>
public sealed class PolicyCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-policy");

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Overrides(string data, string output, string from, string to, string symbol = "IBM") => new()
    {
        ["Replay:DataFolder"] = data,
        ["Replay:From"] = from,
        ["Replay:To"] = to,
        ["Replay:Symbols:0"] = symbol,
        ["Replay:Output"] = output,
    };

    [Fact]
    public async Task ThePolicyForADayIsTrainedOnEarlierDaysOnlyAndItsVariantIsSizedByIt()
    {
        var data = TestData.Require("lean");
        var settings = SettingsLoader.Load(null, Overrides(data, _folder.Path, "2013-10-07", "2013-10-09", "BAC")); // Kelly trades BAC on 10-09 (IBM: no order)
        var text = new StringWriter();
        var options = new PolicyCommand.Options(1, Path.Combine(_folder.Path, "trials.sqlite"), Epochs: 2, BatchSize: 32, GroupSize: 4, Hidden: [8]);

        var code = await PolicyCommand.RunAsync(settings, options, text, TestContext.Current.CancellationToken);

        var output = text.ToString();
        Assert.True(code == 0, output);
        Assert.Contains("test days 2013-10-09..2013-10-09 (1)", output, StringComparison.Ordinal);
        Assert.Contains("recording candidates out of sample on 2013-10-08..2013-10-08", output, StringComparison.Ordinal);
        Assert.Contains(" apples of 10-08 (", output, StringComparison.Ordinal); // only the day before the test day
        Assert.Contains("ms per epoch; last epoch: mean reward ", output, StringComparison.Ordinal);
        Assert.Matches(@"\nkelly +-?\d", output);
        Assert.Matches(@"\npolicy +-?\d", output);
        Assert.Contains("Deflated Sharpe: N = 2 trials of family", output, StringComparison.Ordinal);
        Assert.Contains("turnover: ", output, StringComparison.Ordinal);

        var folder = Path.Combine(_folder.Path, "policy", "policies", "2013-10-09");
        var manifest = PolicyModelFolder.ReadManifest(folder);
        Assert.Equal("policy-beta-grpo-2013-10-09", manifest.Version);
        Assert.Equal([8], manifest.Config.Hidden);

        // Every signal order of the policy variant is audited with that policy (with 2 epochs the head stays near flat:
        // |p| < 0.25, the minimum rebalance, so it may send none; the steep head below sends some); Kelly's with kelly.
        Assert.All(SizingMethods("policy"), m => Assert.Equal("policy@policy-beta-grpo-2013-10-09", m));
        var kelly = SizingMethods("kelly");
        Assert.NotEmpty(kelly);
        Assert.All(kelly, m => Assert.Equal("kelly", m));
    }

    [Fact]
    public async Task TheGeneratorsStatesAreTheStatesThePortfolioSizedWith()
    {
        var data = TestData.Require("lean");
        var settings = SettingsLoader.Load(null, Overrides(data, Path.Combine(_folder.Path, "serve"), "2013-10-07", "2013-10-08"));

        // A steep linear head with fixed weights: z0 = 8·s0, z1 = −8·s0 (s0 = μ/σ), so |p| is large and orders are sent.
        var head = new PolicyHead(new PolicyHeadConfig { Features = PolicyState.Width, Hidden = [] }, new DeterministicRandom(1));
        var parameters = head.StateDict();
        parameters["mlp.layers.0.weight"].CopyFrom([8f, 0f, 0f, 0f, -8f, 0f, 0f, 0f]);
        parameters["mlp.layers.0.bias"].CopyFrom([0f, 0f]);
        var folder = Path.Combine(_folder.Path, "steep");
        PolicyModelFolder.Write(folder, head, "policy-beta-steep-test", 0, "fixed-weights", DateTimeOffset.UnixEpoch);
        settings.Strategy.Sizing = "policy@" + folder;
        var recorder = new JudgeCandidateRecorder();
        var strategy = settings.Strategy.ToOptions(settings.Risk) with { JudgeRecorder = recorder };
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, Strategy = strategy });
        await runtime.StartAsync(TestContext.Current.CancellationToken);
        ReplayResult result;
        try
        {
            result = await new ReplayJob(settings.Replay, runtime.Grains).RunAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            await runtime.DisposeAsync();
        }

        var orders = result.Record.Orders.Where(o => o.Sizing?.Method == "policy@policy-beta-steep-test").ToList();
        Assert.True(orders.Count > 5, $"{orders.Count} policy orders");

        // The generator over the same recording (the candidates the Baseline profile sends on; a 1 s horizon for the
        // forward return so that only the session's last second is lost), states for the served horizon.
        var horizon = strategy.Session.Training.Horizon;
        var set = RottenApples.Build(recorder.Snapshot(), new RottenAppleOptions
        {
            Horizon = strategy.JudgeCadence,
            Cadence = strategy.JudgeCadence,
            Calendar = strategy.JudgeFeatures.Calendar,
            Eligible = PolicyCommand.BaselineEligible(strategy.JudgeMinimumRatio),
        });
        var states = set.States(horizon);
        var served = new PolicyHeadInference(PolicyModelFolder.Read(folder).Head);
        var generated = new HashSet<double>();
        for (var i = 0; i < set.Apples.Length; i++)
        {
            generated.Add(served.Position(states.AsSpan(i * PolicyState.Width, PolicyState.Width)));
        }

        // Each order's p is the head's position of one generated state, bit for bit: the inputs (μ, σ, horizon,
        // volatility, trend) the portfolio sized with are those the generator wrote. A perturbed state does not match.
        Assert.All(orders, o => Assert.Contains(o.Sizing!.PolicyPosition, generated));
        var a = set.Apples[0];
        var moved = new float[PolicyState.Width];
        PolicyState.Write(a.Mu * (1 + 1e-6), a.Sigma, horizon, a.RealisedVolatility, a.Trend, moved);
        Assert.DoesNotContain(served.Position(moved), orders.Select(o => o.Sizing!.PolicyPosition));
    }

    private IEnumerable<string> SizingMethods(string variant)
    {
        var path = Path.Combine(_folder.Path, "policy", variant, "research", "2013-10-09", "orders.csv");
        var lines = File.ReadAllLines(path);
        var column = Array.IndexOf(lines[0].Split(','), "sizing_method");
        Assert.True(column >= 0, lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[column]);
    }
}
