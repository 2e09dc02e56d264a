using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Engine.Tests.Replay;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Distillation;

/// <summary>A replay of recorded days with a distilled student serving in the symbol grains.</summary>
public sealed class StudentReplayTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-student-replay");

    public void Dispose() => _folder.Dispose();

    /// <summary>A small student trained on synthetic days (its forecasts need not be good: the test is about serving).</summary>
    private string TrainStudent()
    {
        var options = SyntheticDays.TinyOptions(11);
        DateOnly monday = new(2013, 9, 30);
        var days = Enumerable.Range(0, 2).Select(d => SyntheticDays.Day("AAA", monday.AddDays(d), 1500, (ulong)(d + 21))).ToArray();
        var models = DistillationPipeline.Train(days, options, null, null, TextWriter.Null, default);
        return DistillationModelStore.Write(Path.Combine(_folder.Path, "models"), models, days, options, new { note = "test" }, null).StudentFolder;
    }

    private static async Task<ReplayResult> ReplayAsync(string data, string student)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = "2013-10-08",
            ["Replay:Symbols:0"] = "IBM",
            ["Strategy:StudentModel"] = student,
        };
        return await InProcessReplay.RunAsync(overrides);
    }

    [Fact]
    public async Task TheStudentForecastsEveryDecisionItCanServeTheRidgeStandsInWhileItWarmsAndTwoRunsAgree()
    {
        var data = TestData.Require("lean");
        var student = TrainStudent();
        var version = Path.GetFileName(student);

        var first = await ReplayAsync(data, student);
        var second = await ReplayAsync(data, student);

        var ibm = Assert.Single(first.Symbols);
        Assert.Equal(version, ibm.ModelVersion);
        Assert.True(ibm.StudentForecasts > 100, $"{ibm.StudentForecasts} student forecasts");
        Assert.True(ibm.FallbackWarming > 0, "the first decision of the session comes before the window holds L warm steps");
        Assert.Equal(ibm.Candidates, ibm.StudentForecasts + ibm.FallbackWarming + ibm.FallbackNonFinite);
        Assert.Equal(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{version} ({ibm.StudentForecasts:N0} student forecasts; ridge fallback: {ibm.FallbackWarming:N0} warming, 0 non-finite)"),
            ibm.ModelDescription); // what the replay table and the dashboard show
        Assert.Equal(ReplayOutputs.OrdersCsv(first.Record.Orders), ReplayOutputs.OrdersCsv(second.Record.Orders));
    }

    [Fact]
    public void AFolderThatIsNotAServableStudentIsRefusedWhenTheSettingsLoad()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder.Path, "not-a-model")).FullName;
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Strategy:StudentModel"] = empty }));
        Assert.Contains("Strategy:StudentModel", e.Message, StringComparison.Ordinal);
        Assert.Contains("manifest.json is missing", e.Message, StringComparison.Ordinal);
    }
}
