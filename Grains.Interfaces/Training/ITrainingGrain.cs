namespace Quant.Orleans.Grains.Interfaces.Training;

/// <summary>
/// The training pipeline of one model family (key: the family, e.g. <c>student-es</c>): an ordered list of named steps
/// (teacher refresh → student distillation → judge retrain → GRPO → validation → gates → registry, as the silo wires
/// them) run one after another off the grain's turn. The grain persists the run after every finished step; when its
/// silo dies mid-run, the grain re-activated on another silo resumes from the first unfinished step (a step re-runs
/// from its beginning). Placed on a silo whose metadata says <c>role = gpu</c> when the cluster has one.
/// </summary>
[Alias("qo.ITrainingGrain")]
public interface ITrainingGrain : IGrainWithStringKey
{
    /// <summary>Starts a run of the family's pipeline, unless one is in progress: then it answers with that run
    /// (idempotent). A finished, failed or cancelled run is replaced by a new one.</summary>
    /// <param name="request">Why and when; <see cref="TrainingRequest.Trigger"/> not empty.</param>
    /// <returns>The run's status right after the start.</returns>
    /// <exception cref="ArgumentException">The trigger is empty.</exception>
    /// <exception cref="InvalidOperationException">No steps are registered for the family on this silo.</exception>
    [Alias("Start")]
    Task<TrainingStatus> Start(TrainingRequest request);

    /// <summary>Requests the cancellation of the run in progress and answers at once, without waiting for the step: the
    /// request is persisted, the running step's cancellation token is signalled, and once the step has returned (steps
    /// observe the token cooperatively) the run is recorded as <see cref="TrainingRunStatus.Cancelled"/>. When no step
    /// runs on this activation (a run waiting to be resumed) the run is recorded as cancelled right away. Without a run
    /// in progress nothing changes.</summary>
    /// <returns>The status right after the request: <see cref="TrainingRunStatus.Running"/> with
    /// <see cref="TrainingStatus.CancelRequested"/> while the step is still returning, else
    /// <see cref="TrainingRunStatus.Cancelled"/> (or the run's terminal status when it had already ended).</returns>
    [Alias("Cancel")]
    Task<TrainingStatus> Cancel();

    /// <summary>The run's status and progress (step, step i of n, epoch, loss, ETA, message).</summary>
    [Alias("GetStatus")]
    Task<TrainingStatus> GetStatus();
}
