using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>A journaled replay stopped part-way and run again on its journal carries on where it stopped.</summary>
public sealed class ReplayResumeTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-replay-resume");

    private string _temp => _folder.Path;

    public void Dispose() => _folder.Dispose();

    /// <summary>The replay stops between two batches (cancellation is observed when it waits for the next batch), so
    /// the resumed run sees the account, the symbol grains' state and the venue as the uninterrupted run did at that
    /// point: the order log must be the same byte for byte, whichever batch it stopped at.</summary>
    [Theory]
    [InlineData("2013-10-08T15:00:00Z")]
    [InlineData("2013-10-08T18:30:00Z")]
    public async Task AReplayStoppedPartWayAndResumedFromItsJournalGivesTheSameOrderLog(string stopAt)
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm");
        var reference = await RunAsync(Settings(data, Path.Combine(_temp, "journal")), journal: null);
        Assert.NotEmpty(reference.Record.Fills);

        var settings = Settings(data, Path.Combine(_temp, "journal"));
        Assert.False(Directory.Exists(settings.Journal.Path));
        var cutoff = UnixNanos.FromDateTime(DateTime.Parse(stopAt, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime()).Value;
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = settings.Journal.Path });
        await runtime.StartAsync();
        using (var stop = new CancellationTokenSource())
        {
            var job = new ReplayJob(settings.Replay, runtime.Grains);
            var run = job.RunAsync(stop.Token);
            while (!run.IsCompleted && job.MarketTime < cutoff)
            {
                await Task.Delay(1);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        await runtime.DisposeAsync();
        var journaled = JsonJournal<TradingJournalEntry>.ReadAll(settings.Journal.Path, AccountEngine.JournalName("SIM-1"), TradingJournalJson.Default.TradingJournalEntry);
        var progress = journaled.Select(e => e.Entry).OfType<ReplayCheckpoint>().Last();
        Assert.InRange(progress.EventsProcessed, 1, reference.EventsDelivered - 1);

        var resumed = await RunAsync(settings, settings.Journal.Path);
        Assert.Equal(ReplayOutputs.OrdersCsv(reference.Record.Orders), ReplayOutputs.OrdersCsv(resumed.Record.Orders));
        Assert.Equal(reference.Record.Fills, resumed.Record.Fills);
        Assert.Equal(reference.Portfolio.Cash, resumed.Portfolio.Cash);

        // The resumed run reports the whole replay (the equity curve before the stop comes back from the journal),
        // says that it resumed, and has a run id of its own.
        Assert.Equal(reference.Record.EquityCurve, resumed.Record.EquityCurve);
        Assert.Equal(progress.EventsProcessed, resumed.ResumedAfterEvents);
        var referenceSummary = ReplayOutputs.Write(reference, Path.Combine(_temp, "out-reference"));
        var resumedSummary = ReplayOutputs.Write(resumed, Path.Combine(_temp, "out-resumed"));
        Assert.Equal(referenceSummary.SharpeStepRaw.ToString(), resumedSummary.SharpeStepRaw.ToString());
        Assert.Equal(progress.EventsProcessed, resumedSummary.ResumedAfterEvents);
        Assert.Contains(ReplayOutputs.MetricLines(resumedSummary), l => l.StartsWith("resumed: ", StringComparison.Ordinal));
        Assert.DoesNotContain(ReplayOutputs.MetricLines(referenceSummary), l => l.StartsWith("resumed: ", StringComparison.Ordinal));
        Assert.NotEqual(referenceSummary.RunRecord.RunId, resumedSummary.RunRecord.RunId);
    }

    [Fact]
    public async Task ProgressOfAnotherReplayIsRefusedWithBothNames()
    {
        var data = TestData.Require("lean");
        TestData.Require("lean/equity/usa/tick/ibm");
        var journal = Path.Combine(_temp, "journal");
        await RunAsync(Settings(data, journal, to: "2013-10-07"), journal);

        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(Settings(data, journal, to: "2013-10-08"), journal));
        Assert.Contains("'IBM 2013-10-07..2013-10-07'", other.Message, StringComparison.Ordinal);
        Assert.Contains("'IBM 2013-10-07..2013-10-08'", other.Message, StringComparison.Ordinal);
    }

    private SiloSettings Settings(string data, string journal, string to = "2013-10-08")
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = "2013-10-07",
            ["Replay:To"] = to,
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:Output"] = Path.Combine(_temp, "out"),
            ["Journal:Path"] = journal,
        };
        return SettingsLoader.Load(null, overrides);
    }

    /// <summary>Runs the replay to its end, journaling in <paramref name="journal"/> (null: no journal).</summary>
    private static async Task<ReplayResult> RunAsync(SiloSettings settings, string? journal)
    {
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, JournalDirectory = journal });
        await runtime.StartAsync();
        try
        {
            return await new ReplayJob(settings.Replay, runtime.Grains).RunAsync();
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }
}
