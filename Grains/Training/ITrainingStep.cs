using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Grains.Training;

/// <summary>
/// One named step of a family's training pipeline (teacher refresh, student distillation, judge retrain, GRPO,
/// validation, gates, registry). The silo registers a family's steps in order
/// (<see cref="TrainingSiloBuilderExtensions.AddTrainingStep{TStep}"/>); the training grain resolves them from
/// dependency injection by family and runs them one after another, off its turn, on the thread pool.
/// </summary>
/// <remarks>Steps must be idempotent: a step whose silo died before the grain recorded it as finished runs again from
/// its beginning on another silo, so it must overwrite (not append to) what a half-finished earlier execution left, and
/// may read the results of the steps before it from <see cref="TrainingStepContext.Previous"/>.</remarks>
public interface ITrainingStep
{
    /// <summary>The step's name, unique within its family's pipeline (e.g. <c>distill-student</c>).</summary>
    string Name { get; }

    /// <summary>Runs the step.</summary>
    /// <param name="context">The run and the results of the steps before this one.</param>
    /// <param name="progress">Where to report epochs, loss, ETA and messages; cheap to call, latest report wins.</param>
    /// <param name="cancellationToken">Signalled when the run is cancelled or the grain's silo shuts down; the step
    /// should stop soon after, by throwing <see cref="OperationCanceledException"/>.</param>
    /// <returns>The step's artefact and metrics, persisted with the run.</returns>
    Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken);
}

/// <summary>What a step knows about the run it belongs to.</summary>
/// <param name="Family">The model family.</param>
/// <param name="RunId">The run's id (GUID, "N" format).</param>
/// <param name="Request">The request that started the run.</param>
/// <param name="StepIndex">This step's index (0-based) in the pipeline.</param>
/// <param name="StepCount">Steps in the pipeline.</param>
/// <param name="Previous">The results of the steps before this one, in order (length <paramref name="StepIndex"/>).</param>
/// <param name="ExecutionId">This execution's id (12 lower-case hex digits, new for every execution: a step re-run after
/// a resume gets another one).</param>
/// <param name="WorkFolder">This execution's own working folder (absolute; not created):
/// <c>&lt;TrainingOptions.WorkRoot&gt;/&lt;family&gt;/&lt;run id&gt;/&lt;step index, 2 digits&gt;-&lt;step&gt;-&lt;execution id&gt;</c>.
/// No other execution writes there, so a step that outlived its activation (its silo was shutting down and it did not
/// stop in time) cannot overwrite the files of its re-run elsewhere; a step that writes files writes them here and
/// publishes its artefact as a whole (<c>Core/AtomicFolder</c>), naming this folder in its artefact.</param>
public sealed record TrainingStepContext(
    string Family,
    string RunId,
    TrainingRequest Request,
    int StepIndex,
    int StepCount,
    IReadOnlyList<TrainingStepResult> Previous,
    string ExecutionId,
    string WorkFolder)
{
    /// <summary>The working folder of an execution (see <see cref="WorkFolder"/>).</summary>
    /// <param name="workRoot">The root (<see cref="TrainingOptions.WorkRoot"/>).</param>
    /// <param name="family">The family.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="stepIndex">The step's index (0-based).</param>
    /// <param name="stepName">The step's name.</param>
    /// <param name="executionId">The execution id.</param>
    /// <returns>The absolute folder path.</returns>
    public static string WorkFolderOf(string workRoot, string family, string runId, int stepIndex, string stepName, string executionId) =>
        Path.GetFullPath(Path.Combine(workRoot, family, runId, $"{stepIndex:D2}-{stepName}-{executionId}"));
}
