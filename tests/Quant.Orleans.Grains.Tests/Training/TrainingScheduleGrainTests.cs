using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using static Quant.Orleans.Grains.Tests.Training.StepBehaviour;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>The nightly schedule with in-memory reminders: Enable registers the reminder at the next market time,
/// Disable removes it, <c>train now</c> starts one family or all, and a reminder tick starts every configured family
/// and re-arms the reminder.</summary>
public sealed class TrainingScheduleGrainTests
{
    private static readonly TrainingOptions Options = new() { Families = ["alpha", "beta"] };

    private static Task<TrainingCluster> StartAsync() => TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
    {
        ["alpha"] = [("teacher", Succeed), ("distill", Succeed)],
        ["beta"] = [("judge", Succeed)],
    }, Options);

    [Fact]
    public async Task EnableRegistersTheReminderAtTheNextMarketTimeAndDisableRemovesIt()
    {
        await using var cluster = await StartAsync();
        var schedule = cluster.Grains.GetGrain<ITrainingScheduleGrain>(TrainingScheduleGrain.NightlyKey);
        var zone = Options.ResolveTimeZone();

        var before = await schedule.GetStatus();
        var earliest = DateTime.UtcNow;
        var enabled = await schedule.Enable();
        var latest = DateTime.UtcNow;
        var disabled = await schedule.Disable();

        Assert.False(before.ReminderRegistered);
        Assert.True(enabled.ReminderRegistered);
        Assert.Contains(
            enabled.NextFireUtc!.Value,
            new[] { TrainingCalendar.NextFireUtc(earliest, Options.LocalTime, zone, Options.Days), TrainingCalendar.NextFireUtc(latest, Options.LocalTime, zone, Options.Days) });
        var local = TimeZoneInfo.ConvertTimeFromUtc(enabled.NextFireUtc.Value, zone);
        Assert.Equal(new TimeOnly(17, 30), TimeOnly.FromDateTime(local));
        Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.Equal("America/New_York", enabled.TimeZoneId);
        Assert.Equal(["alpha", "beta"], enabled.Families);
        Assert.False(disabled.ReminderRegistered);
        Assert.Null(disabled.NextFireUtc);
    }

    [Fact]
    public async Task TrainNowStartsTheNamedFamilysPipelineOrEveryConfiguredOne()
    {
        await using var cluster = await StartAsync();
        var schedule = cluster.Grains.GetGrain<ITrainingScheduleGrain>(TrainingScheduleGrain.NightlyKey);

        var one = await schedule.TrainNow("alpha");
        var alpha = await cluster.WaitForEndAsync("alpha");
        var betaBefore = await cluster.Grains.GetGrain<ITrainingGrain>("beta").GetStatus();
        var all = await schedule.TrainNow(null);
        var alphaAgain = await cluster.WaitForEndAsync("alpha");
        var beta = await cluster.WaitForEndAsync("beta");

        Assert.Equal(["alpha"], one.Select(s => s.Family));
        Assert.Equal("on-demand", one[0].Request!.Trigger);
        Assert.Equal(TrainingRunStatus.Succeeded, alpha.Status);
        Assert.Equal(TrainingRunStatus.Idle, betaBefore.Status);
        Assert.Equal(["alpha", "beta"], all.Select(s => s.Family));
        Assert.NotEqual(alpha.RunId, alphaAgain.RunId);
        Assert.Equal((TrainingRunStatus.Succeeded, TrainingRunStatus.Succeeded), (alphaAgain.Status, beta.Status));
        Assert.Equal((2, 2, 1), (cluster.Ledger.Executions("teacher"), cluster.Ledger.Executions("distill"), cluster.Ledger.Executions("judge")));
        await Assert.ThrowsAsync<ArgumentException>(() => schedule.TrainNow(" "));
    }

    [Fact]
    public async Task AReminderTickStartsEveryConfiguredFamilyAndRearmsTheReminder()
    {
        await using var cluster = await StartAsync();
        var schedule = cluster.Grains.GetGrain<ITrainingScheduleGrain>(TrainingScheduleGrain.NightlyKey);
        await schedule.Enable();

        // The tick the reminder service would deliver, delivered through the grain's IRemindable interface.
        var now = DateTime.UtcNow;
        await schedule.AsReference<IRemindable>().ReceiveReminder(TrainingScheduleGrain.ReminderName, new TickStatus(now, TimeSpan.FromDays(1), now));
        var after = await schedule.GetStatus();
        var alpha = await cluster.WaitForEndAsync("alpha");
        var beta = await cluster.WaitForEndAsync("beta");

        Assert.Equal(("nightly", "nightly"), (alpha.Request!.Trigger, beta.Request!.Trigger));
        Assert.Equal((TrainingRunStatus.Succeeded, TrainingRunStatus.Succeeded), (alpha.Status, beta.Status));
        Assert.True(after.ReminderRegistered);
        Assert.NotNull(after.LastFiredUtc);
        Assert.True(after.NextFireUtc > after.LastFiredUtc!.Value.AddMinutes(1), $"next {after.NextFireUtc:o} after tick {after.LastFiredUtc:o}");
    }
}
