namespace Quant.Orleans.Grains.Interfaces.Training;

/// <summary>Where a family's training run stands. A run moves <see cref="Idle"/> → <see cref="Running"/> → one of
/// <see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="Cancelled"/>; a new start leaves any of the last three for
/// <see cref="Running"/> again.</summary>
[GenerateSerializer, Alias("qo.TrainingRunStatus")]
public enum TrainingRunStatus
{
    /// <summary>No run has been started for the family.</summary>
    Idle = 0,

    /// <summary>A run is in progress (or waits to be resumed on another silo after its silo died).</summary>
    Running = 1,

    /// <summary>Every step finished.</summary>
    Succeeded = 2,

    /// <summary>A step threw; the run stopped there (<see cref="TrainingStatus.Error"/>).</summary>
    Failed = 3,

    /// <summary>The run was cancelled on request before its last step finished.</summary>
    Cancelled = 4,
}

/// <summary>A request to run a family's training pipeline.</summary>
/// <param name="Trigger">Why it runs, for the record: <c>nightly</c> (the schedule's reminder), <c>on-demand</c>
/// (<c>train now</c>) or a caller's word; not empty.</param>
/// <param name="RequestedUtc">When it was asked for (UTC).</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingRequest")]
public sealed record TrainingRequest([property: Id(0)] string Trigger, [property: Id(1)] DateTime RequestedUtc);

/// <summary>One named number a step produced (a validation Sharpe ratio, a final loss, a count of samples).</summary>
/// <param name="Name">The metric's name with its unit where it has one (e.g. <c>val_loss</c>, <c>sharpe_annual</c>).</param>
/// <param name="Value">Its value; NaN when the step could not compute it.</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingMetric")]
public sealed record TrainingMetric([property: Id(0)] string Name, [property: Id(1)] double Value);

/// <summary>What a finished step leaves for the steps after it and for the record: an artefact and its metrics.</summary>
/// <param name="ArtefactPath">Where the step wrote its artefact (weights, a dataset, a manifest), or null when it wrote none.</param>
/// <param name="ArtefactSha256">Lower-case hex SHA-256 of that artefact, or null.</param>
/// <param name="Metrics">The step's metrics, in the step's order (never changed once returned).</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingArtefact")]
public sealed record TrainingArtefact(
    [property: Id(0)] string? ArtefactPath,
    [property: Id(1)] string? ArtefactSha256,
    [property: Id(2)] TrainingMetric[] Metrics)
{
    /// <summary>No artefact and no metrics.</summary>
    public static TrainingArtefact None { get; } = new(null, null, []);
}

/// <summary>A finished step of a run, as persisted by the training grain.</summary>
/// <param name="StepName">The step's name.</param>
/// <param name="Artefact">What it returned.</param>
/// <param name="StartedUtc">When its (last) execution started (UTC).</param>
/// <param name="FinishedUtc">When it finished (UTC).</param>
/// <param name="Silo">The silo that ran it, as text (<c>SiloAddress.ToString()</c>).</param>
/// <param name="ExecutionId">The id of the execution whose result this is (12 lower-case hex digits; each execution of a
/// step, first or re-run after a resume, gets a new one), or null in states written before executions had ids.</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingStepResult")]
public sealed record TrainingStepResult(
    [property: Id(0)] string StepName,
    [property: Id(1)] TrainingArtefact Artefact,
    [property: Id(2)] DateTime StartedUtc,
    [property: Id(3)] DateTime FinishedUtc,
    [property: Id(4)] string Silo,
    [property: Id(5)] string? ExecutionId = null);

/// <summary>Progress a step reports while it runs (epochs of a training loop, or a single message).</summary>
/// <param name="Epoch">Epochs finished, 0 before the first or for a step without epochs.</param>
/// <param name="EpochCount">Epochs planned, 0 when the step has none.</param>
/// <param name="Loss">The latest training loss (the step's own objective, unitless); NaN when none.</param>
/// <param name="Eta">The step's estimate of its remaining time, or null when it cannot tell.</param>
/// <param name="Message">A short human-readable line (e.g. <c>distilling student on 2026-12-04</c>).</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingProgress")]
public sealed record TrainingProgress(
    [property: Id(0)] int Epoch,
    [property: Id(1)] int EpochCount,
    [property: Id(2)] double Loss,
    [property: Id(3)] TimeSpan? Eta,
    [property: Id(4)] string Message);

/// <summary>A family's training run as the dashboard and the client see it.</summary>
/// <param name="Family">The model family (the training grain's key).</param>
/// <param name="RunId">The run's id (a GUID in "N" format), or null before the first run.</param>
/// <param name="Status">Where the run stands.</param>
/// <param name="StepIndex">Index (0-based) of the step running now, or of the step the run stopped at; equal to
/// <paramref name="StepCount"/> once every step finished.</param>
/// <param name="StepCount">Steps in the run's pipeline.</param>
/// <param name="StepName">The step at <paramref name="StepIndex"/>, or null when there is none.</param>
/// <param name="Progress">The running step's latest progress, or null when it reported none or nothing runs on this
/// activation.</param>
/// <param name="Results">The finished steps, in pipeline order.</param>
/// <param name="Request">The request that started the run, or null before the first run.</param>
/// <param name="StartedUtc">When the run started (UTC), or null.</param>
/// <param name="FinishedUtc">When it reached a terminal status (UTC), or null.</param>
/// <param name="Error">Why it failed (<c>step: exception type: message</c>), or null.</param>
/// <param name="Silo">The silo hosting the training grain now, as text.</param>
/// <param name="CancelRequested">True once a cancellation was requested for this run: while
/// <paramref name="Status"/> is still <see cref="TrainingRunStatus.Running"/> the running step has been signalled and
/// the run is recorded as <see cref="TrainingRunStatus.Cancelled"/> when it returns.</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingStatus")]
public sealed record TrainingStatus(
    [property: Id(0)] string Family,
    [property: Id(1)] string? RunId,
    [property: Id(2)] TrainingRunStatus Status,
    [property: Id(3)] int StepIndex,
    [property: Id(4)] int StepCount,
    [property: Id(5)] string? StepName,
    [property: Id(6)] TrainingProgress? Progress,
    [property: Id(7)] TrainingStepResult[] Results,
    [property: Id(8)] TrainingRequest? Request,
    [property: Id(9)] DateTime? StartedUtc,
    [property: Id(10)] DateTime? FinishedUtc,
    [property: Id(11)] string? Error,
    [property: Id(12)] string Silo,
    [property: Id(13)] bool CancelRequested = false);
