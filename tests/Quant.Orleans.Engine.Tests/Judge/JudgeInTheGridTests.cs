using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Judge;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Silo.Research;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Judge;

/// <summary>The trained judge in the grid on recorded days: the <c>compare</c> command end to end, and train-as-serve
/// (the rows a symbol grain served the judge are the rows its training would build from the same recording).</summary>
public sealed class JudgeInTheGridTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-judge-grid");

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Overrides(string data, string output) => new()
    {
        ["Replay:DataFolder"] = data,
        ["Replay:From"] = "2013-10-07",
        ["Replay:To"] = "2013-10-09",
        ["Replay:Symbols:0"] = "IBM",
        ["Replay:Output"] = output,
    };

    [Fact]
    public async Task CompareTrainsTheAuditedJudgeOnEarlierDaysOnlyServesItAndItsServedRowsAreTheRowsTrainingBuilds()
    {
        var data = TestData.Require("lean");
        var settings = SettingsLoader.Load(null, Overrides(data, _folder.Path));
        var text = new StringWriter();
        var options = new CompareCommand.Options(
            [StrategyProfile.Sniper, StrategyProfile.Audited, StrategyProfile.Reckless],
            1,
            Path.Combine(_folder.Path, "trials.sqlite"),
            new JudgeTrainingOptions { TreeCounts = [50], LeafCounts = [7], LearningRates = [0.1], Folds = 3 });

        var code = await CompareCommand.RunAsync(settings, options, text, TestContext.Current.CancellationToken);

        var output = text.ToString();
        Assert.True(code == 0, output);
        Assert.Contains("test days 2013-10-09..2013-10-09 (1)", output, StringComparison.Ordinal);
        Assert.Contains("judge for 2013-10-09: ", output, StringComparison.Ordinal);
        Assert.Contains(" candidates of 10-08 ", output, StringComparison.Ordinal); // only the day before the test day
        foreach (var profile in new[] { "Sniper ", "Audited ", "Reckless " })
        {
            Assert.Contains("\n" + profile, output, StringComparison.Ordinal);
        }

        Assert.Contains("a small sample", output, StringComparison.Ordinal);
        var judgeFolder = Path.Combine(_folder.Path, "compare", "judges", "2013-10-09");
        Assert.True(File.Exists(Path.Combine(judgeFolder, "manifest.json")), output);

        // Serve that judge on 10-08..10-09 with a recorder and rebuild the rows from the recording with its d.
        var strategy = settings.Strategy.ToOptions(settings.Risk);
        var served = JudgeServingModel.Load(judgeFolder, strategy.JudgeFeatures);
        Assert.StartsWith("judge-fasttree@", served.Version, StringComparison.Ordinal);
        var recorder = new JudgeCandidateRecorder();
        var audited = strategy with { Profile = StrategyProfile.Audited, MinimumConfidence = 0.5, Judge = served, JudgeRecorder = recorder };
        var window = SettingsLoader.Load(null, new Dictionary<string, string?>(Overrides(data, Path.Combine(_folder.Path, "serve"))) { ["Replay:From"] = "2013-10-08" });
        var runtime = GridHost.Create(window, new GridSiloOptions { MemoryStorage = true, Private = true, Strategy = audited });
        await runtime.StartAsync(TestContext.Current.CancellationToken);
        ReplayResult result;
        try
        {
            result = await new ReplayJob(window.Replay, runtime.Grains).RunAsync(TestContext.Current.CancellationToken);

            // What the dashboard's judge panel shows: the served judge, its threshold and its gain importance.
            var status = await runtime.Grains.GetGrain<Grains.Interfaces.IJudgeGrain>("IBM").GetStatus();
            Assert.Equal(served.Version, status.Version);
            Assert.Equal(served.Model.Threshold, status.Threshold);
            Assert.Equal(1.0, status.Importance.Sum(i => i.Share), 9);
            Assert.Equal(served.Model.Schema.Width, status.Importance.Length);
        }
        finally
        {
            await runtime.DisposeAsync();
        }

        var recording = Assert.Single(recorder.Snapshot());
        var scored = recording.Candidates.Where(c => c.ServedRow is not null && c.RegimePassed).ToList();
        Assert.True(scored.Count > 100, $"{scored.Count} candidates scored by the judge");
        var rebuilt = JudgeRecordingTrainer.Build([recording], new JudgeRecordingOptions
        {
            Features = strategy.JudgeFeatures,
            FractionalDifference = served.Model.FractionalDifference,
            Eligible = c => c.ServedRow is not null && c.RegimePassed,
            Labels = new JudgeLabelOptions { Barriers = new Quant.Orleans.Research.Labels.TripleBarrierOptions { MaxHoldingObservations = 60 } },
        });
        Assert.Equal(scored.Count, rebuilt.Data.Rows);
        var byTime = rebuilt.Data.Times.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        foreach (var c in scored)
        {
            var row = rebuilt.Data.Row(byTime[recording.Steps[c.Step].Time]).ToArray(); // a label starts at its candidate's step
            Assert.Equal(c.ServedRow!, row);
        }

        var ibm = Assert.Single(result.Symbols);
        // Every candidate the regime gate passed was judged (confidence >= 0.5 always holds): taken or blocked.
        Assert.Equal(recording.Candidates.Count(c => c.RegimePassed), ibm.Signals + ibm.JudgeBlocked);
        Assert.Equal(recording.Candidates.Count, ibm.Candidates);
    }
}
