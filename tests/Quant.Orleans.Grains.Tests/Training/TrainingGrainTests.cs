using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using static Quant.Orleans.Grains.Tests.Training.StepBehaviour;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>The training grain's runner: steps in order with their results persisted at every step boundary; an
/// idempotent start; cancellation; a failing step; and a run that resumes on another silo from the last finished step
/// when its silo leaves.</summary>
public sealed class TrainingGrainTests
{
    private static readonly TrainingRequest Request = new("test", new DateTime(2026, 12, 7, 22, 30, 0, DateTimeKind.Utc));

    [Fact]
    public async Task StepsRunInOrderAndEachResultIsPersistedWhenItsStepFinishes()
    {
        await using var cluster = await TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["order"] = [("teacher", Succeed), ("distill", Succeed), ("grpo", Succeed)],
        });
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("order");

        var started = await grain.Start(Request);
        var done = await cluster.WaitForEndAsync("order");
        await cluster.Cluster.DeactivateAsync(grain);
        var reread = await grain.GetStatus(); // a new activation, from storage

        Assert.Equal(TrainingRunStatus.Running, started.Status);
        Assert.Equal((3, "teacher"), (started.StepCount, started.StepName));
        Assert.Equal(TrainingRunStatus.Succeeded, done.Status);
        Assert.Equal(started.RunId, done.RunId);
        Assert.Equal(["teacher", "distill", "grpo"], done.Results.Select(r => r.StepName));
        Assert.Equal(["teacher", "distill", "grpo"], cluster.Ledger.Order);
        Assert.Equal(["teacher", "distill"], cluster.Ledger.PreviousSeen["grpo"]);
        Assert.Equal((3, (string?)null, (string?)null), (done.StepIndex, done.StepName, done.Error));
        Assert.All(done.Results, r => Assert.Equal(ScriptedStep.HashOf(done.RunId!, r.StepName), r.Artefact.ArtefactSha256));
        Assert.Equal([0.0, 1.0, 2.0], done.Results.Select(r => r.Artefact.Metrics[0].Value));
        Assert.True(done.StartedUtc <= done.Results[0].StartedUtc && done.Results[^1].FinishedUtc <= done.FinishedUtc);

        // Persisted: the start, one write per finished step, the end; nothing re-runs on the new activation.
        Assert.Equal(5, cluster.Storage.Writes["training"]);
        Assert.Equal(done with { Silo = reread.Silo, Results = reread.Results }, reread);
        Assert.Equal(done.Results.Select(Describe), reread.Results.Select(Describe));
        Assert.Equal(3, cluster.Ledger.Order.Count);
    }

    [Fact]
    public async Task ARunWhoseSiloIsKilledResumesOnTheOtherSiloOnceTheMembershipDeclaresItDead()
    {
        await using var cluster = await TrainingCluster.StartAsync(2, gpu: true, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["killed"] = [("teacher", Succeed), ("distill", Succeed), ("grpo", BlockFirstExecution), ("registry", Succeed)],
        });
        var gpu = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(cluster.GpuSilo));
        var survivor = cluster.Cluster.Silos.Single(s => !s.SiloAddress.Equals(cluster.GpuSilo));
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("killed");

        var started = await grain.Start(Request);
        await cluster.Ledger.Entered("grpo").WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cluster.Cluster.KillSiloAsync(gpu, TestContext.Current.CancellationToken);
        var done = await cluster.WaitForEndAsync("killed");

        Assert.Equal(gpu.SiloAddress.ToString(), started.Silo);
        Assert.Equal((TrainingRunStatus.Succeeded, started.RunId, survivor.SiloAddress.ToString()), (done.Status, done.RunId, done.Silo));
        Assert.Equal(["teacher", "distill", "grpo", "registry"], done.Results.Select(r => r.StepName));
        Assert.Equal((1, 1, 2, 1), (cluster.Ledger.Executions("teacher"), cluster.Ledger.Executions("distill"), cluster.Ledger.Executions("grpo"), cluster.Ledger.Executions("registry")));
        Assert.Equal(["teacher", "distill"], cluster.Ledger.PreviousSeen["grpo"]);
    }

    [Fact]
    public async Task StartIsIdempotentWhileRunningAndCancelStopsTheStepAndRecordsCancelled()
    {
        await using var cluster = await TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["cancel"] = [("teacher", Succeed), ("distill", BlockUntilCancelled), ("grpo", Succeed)],
        });
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("cancel");

        var first = await grain.Start(Request);
        await cluster.Ledger.Entered("distill").WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var again = await grain.Start(Request with { Trigger = "again" });
        var requested = await grain.Cancel();
        var cancelled = await cluster.WaitForEndAsync("cancel");
        await cluster.Cluster.DeactivateAsync(grain);
        var reread = await grain.GetStatus();

        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(TrainingRunStatus.Running, again.Status);
        Assert.Equal((1, "distill"), (again.StepIndex, again.StepName));
        Assert.Equal(new TrainingProgress(1, 4, 0.25, TimeSpan.FromMinutes(3), "distill epoch 1"), again.Progress);
        Assert.Equal("test", again.Request!.Trigger); // the running run's request, not the second one

        Assert.True(requested.CancelRequested);
        Assert.Equal(TrainingRunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.CancelRequested);
        Assert.True(cluster.Ledger.Cancelled.ContainsKey("distill"));
        Assert.Equal(["teacher"], cancelled.Results.Select(r => r.StepName));
        Assert.Equal((1, 0), (cluster.Ledger.Executions("distill"), cluster.Ledger.Executions("grpo")));
        Assert.Null(cancelled.Progress);
        Assert.NotNull(cancelled.FinishedUtc);
        Assert.Equal((TrainingRunStatus.Cancelled, first.RunId, 1), (reread.Status, reread.RunId, reread.Results.Length));
    }

    /// <summary>Cancel does not wait for the step: with a step that ignores its token and waits on a gate the test holds
    /// closed, Cancel and GetStatus both answer while the step is still blocked (ordering, not timing: the gate opens only
    /// after both answers), and the loop records Cancelled once the step returns.</summary>
    [Fact]
    public async Task CancelAndGetStatusAnswerWhileAStepIgnoringCancellationIsStillBlocked()
    {
        await using var cluster = await TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["stubborn"] = [("teacher", Succeed), ("distill", GatedIgnoringCancellation), ("grpo", Succeed)],
        });
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("stubborn");

        var started = await grain.Start(Request);
        await cluster.Ledger.Entered("distill", 1).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var requested = await grain.Cancel();
        var pending = await grain.GetStatus();
        var again = await grain.Cancel();
        var stillBlocked = !cluster.Ledger.Returned("distill", 1).IsCompleted;
        cluster.Ledger.Release("distill", 1);
        var done = await cluster.WaitForEndAsync("stubborn");
        await cluster.Cluster.DeactivateAsync(grain);
        var reread = await grain.GetStatus();

        Assert.True(stillBlocked, "the step must still be blocked when Cancel and GetStatus answer");
        Assert.Equal((TrainingRunStatus.Running, true, "distill"), (requested.Status, requested.CancelRequested, requested.StepName));
        Assert.Equal((TrainingRunStatus.Running, true, 1), (pending.Status, pending.CancelRequested, pending.StepIndex));
        Assert.Equal(new TrainingProgress(1, 4, 0.25, TimeSpan.FromMinutes(3), "distill epoch 1"), pending.Progress);
        Assert.Equal((TrainingRunStatus.Running, true), (again.Status, again.CancelRequested));
        Assert.True(cluster.Ledger.Cancelled.ContainsKey("distill"), "the step's token was signalled");
        Assert.Equal((TrainingRunStatus.Cancelled, started.RunId), (done.Status, done.RunId));
        Assert.Equal(0, cluster.Ledger.Executions("grpo"));
        Assert.Equal((TrainingRunStatus.Cancelled, true), (reread.Status, reread.CancelRequested));
    }

    /// <summary>A step that outlives its activation's deactivation (it ignores its token) runs in its own work folder
    /// and its result is never written: the resumed execution (a new execution id and folder) is the one recorded, and
    /// the state is written exactly at the start, after each recorded step and at the end.</summary>
    [Fact]
    public async Task AStepOutlivingItsDeactivationWritesNothingAndEachExecutionHasItsOwnWorkFolder()
    {
        var root = Path.Combine(Path.GetTempPath(), "qo-training-work-" + Guid.NewGuid().ToString("N")[..8]);
        await using var cluster = await TrainingCluster.StartAsync(
            1,
            gpu: false,
            new Dictionary<string, (string, StepBehaviour)[]>
            {
                ["zombie"] = [("teacher", Succeed), ("distill", GatedIgnoringCancellation), ("grpo", Succeed)],
            },
            new TrainingOptions { WorkRoot = root, StepStopWait = TimeSpan.Zero });
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("zombie");
        var ct = TestContext.Current.CancellationToken;

        var started = await grain.Start(Request);
        await cluster.Ledger.Entered("distill", 1).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await cluster.Cluster.DeactivateAsync(grain); // the step keeps running: it ignores its token
        _ = await grain.GetStatus(); // a new activation resumes the run: a second execution of distill
        await cluster.Ledger.Entered("distill", 2).WaitAsync(TimeSpan.FromSeconds(30), ct);
        cluster.Ledger.Release("distill", 1); // the abandoned execution returns now, before the resumed one
        await cluster.Ledger.Returned("distill", 1).WaitAsync(TimeSpan.FromSeconds(30), ct);
        cluster.Ledger.Release("distill", 2);
        var done = await cluster.WaitForEndAsync("zombie");

        var executions = cluster.Ledger.Executed["distill"].ToArray();
        Assert.Equal(TrainingRunStatus.Succeeded, done.Status);
        Assert.Equal(2, executions.Length);
        Assert.NotEqual(executions[0].ExecutionId, executions[1].ExecutionId);
        Assert.All(executions, e => Assert.Equal(Path.Combine(Path.GetFullPath(root), "zombie", started.RunId!, $"01-distill-{e.ExecutionId}"), e.WorkFolder));
        var distill = done.Results.Single(r => r.StepName == "distill");
        Assert.Equal(executions[1].ExecutionId, distill.ExecutionId);
        Assert.Equal(Path.Combine(executions[1].WorkFolder, "distill.bin"), distill.Artefact.ArtefactPath);
        Assert.Equal(2.0, distill.Artefact.Metrics.Single(m => m.Name == "execution").Value);
        Assert.Equal(["teacher", "distill", "grpo"], done.Results.Select(r => r.StepName));
        Assert.Equal((1, 1), (cluster.Ledger.Executions("teacher"), cluster.Ledger.Executions("grpo")));

        // Start, teacher, distill (the resumed execution), grpo, end: the abandoned execution wrote nothing.
        Assert.Equal(5, cluster.Storage.Writes["training"]);
    }

    [Fact]
    public async Task AFailingStepRecordsItsErrorAndTheRunStopsThere()
    {
        await using var cluster = await TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["fail"] = [("teacher", Succeed), ("judge", Fail), ("grpo", Succeed)],
        });
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("fail");

        var first = await grain.Start(Request);
        var failed = await cluster.WaitForEndAsync("fail");
        var second = await grain.Start(Request);
        var failedAgain = await cluster.WaitForEndAsync("fail");

        Assert.Equal(TrainingRunStatus.Failed, failed.Status);
        Assert.Equal("judge: InvalidOperationException: judge diverged", failed.Error);
        Assert.Equal((1, "judge"), (failed.StepIndex, failed.StepName));
        Assert.Equal(["teacher"], failed.Results.Select(r => r.StepName));
        Assert.Equal(0, cluster.Ledger.Executions("grpo"));

        // A failed run is replaced by a new one on the next start.
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(TrainingRunStatus.Failed, failedAgain.Status);
        Assert.Equal(2, cluster.Ledger.Executions("teacher"));
    }

    [Fact]
    public async Task StartRefusesAFamilyWithoutStepsAndAnEmptyTrigger()
    {
        await using var cluster = await TrainingCluster.StartAsync(1, gpu: false, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["known"] = [("teacher", Succeed)],
        });

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Grains.GetGrain<ITrainingGrain>("unknown").Start(Request));
        var blank = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Grains.GetGrain<ITrainingGrain>("known").Start(Request with { Trigger = " " }));
        var idle = await cluster.Grains.GetGrain<ITrainingGrain>("unknown").GetStatus();

        Assert.Contains("No training steps are registered for family 'unknown'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Trigger", blank.Message, StringComparison.Ordinal);
        Assert.Equal((TrainingRunStatus.Idle, (string?)null, 0), (idle.Status, idle.RunId, idle.StepCount));
    }

    [Fact]
    public async Task ARunWhoseSiloLeavesResumesOnTheOtherSiloFromTheLastFinishedStep()
    {
        await using var cluster = await TrainingCluster.StartAsync(2, gpu: true, new Dictionary<string, (string, StepBehaviour)[]>
        {
            ["resume"] = [("teacher", Succeed), ("distill", BlockFirstExecution), ("grpo", Succeed)],
        });
        var gpu = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(cluster.GpuSilo));
        var survivor = cluster.Cluster.Silos.Single(s => !s.SiloAddress.Equals(cluster.GpuSilo));
        var grain = cluster.Grains.GetGrain<ITrainingGrain>("resume");

        var started = await grain.Start(Request);
        await cluster.Ledger.Entered("distill").WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cluster.Cluster.StopSiloAsync(gpu, TestContext.Current.CancellationToken);
        var done = await cluster.WaitForEndAsync("resume");

        Assert.Equal(gpu.SiloAddress.ToString(), started.Silo);
        Assert.Equal(TrainingRunStatus.Succeeded, done.Status);
        Assert.Equal(started.RunId, done.RunId);
        Assert.Equal(survivor.SiloAddress.ToString(), done.Silo);
        Assert.Equal(["teacher", "distill", "grpo"], done.Results.Select(r => r.StepName));
        Assert.Equal([gpu.SiloAddress.ToString(), survivor.SiloAddress.ToString(), survivor.SiloAddress.ToString()], done.Results.Select(r => r.Silo));

        // The finished step did not run again; the interrupted one re-ran from its beginning.
        Assert.Equal((1, 2, 1), (cluster.Ledger.Executions("teacher"), cluster.Ledger.Executions("distill"), cluster.Ledger.Executions("grpo")));
        Assert.True(cluster.Ledger.Cancelled.ContainsKey("distill"));
        Assert.Equal(["teacher", "distill", "distill", "grpo"], cluster.Ledger.Order);
    }

    private static string Describe(TrainingStepResult r) =>
        $"{r.StepName} {r.Artefact.ArtefactPath} {r.Artefact.ArtefactSha256} [{string.Join(", ", r.Artefact.Metrics.Select(m => $"{m.Name}={m.Value}"))}] {r.StartedUtc:o} {r.FinishedUtc:o} {r.Silo}";
}
