using System.Diagnostics;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;
using LearningProgress = Quant.Orleans.Learning.Training.TrainingProgress;

namespace Quant.Orleans.Silo.Training;

/// <summary>
/// Step 1 of the <c>student</c> family, <c>distill</c>: the <c>distill</c> command's job (<see cref="DistillationRun"/>)
/// on the replay's symbols and days: data sets from the recorded days, the walk-forward evaluation when
/// <c>Training:Evaluate</c> is on, then the final teacher and student trained on every day and written as model folders
/// under <c>&lt;work folder&gt;/models</c>; the job's text goes to <c>&lt;work folder&gt;/distill.log</c>. The work
/// folder is the execution's own (<see cref="TrainingStepContext.WorkFolder"/>) and is published whole by a rename
/// (<see cref="TrainingData.PublishAsync{T}"/>), so a re-run never meets what an interrupted execution left, and an
/// execution that outlived its activation cannot overwrite its re-run's models. The distillation's checkpoints live in
/// the execution's temporary folder: a re-run after a resume trains from the start.
/// Artefact: the student's folder and the SHA-256 of its weights.
/// </summary>
/// <param name="paths">Where the run's folders are.</param>
public sealed class DistillStep(StudentTrainingPaths paths) : ITrainingStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public const string StepName = "distill";

    /// <inheritdoc />
    public string Name => StepName;

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = paths.Settings;
        var replay = settings.Replay;
        var days = TrainingData.Days(settings);
        if (days.Length == 0)
        {
            throw new InvalidOperationException($"Replay:From..Replay:To ({replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}) has no trading day to train on.");
        }

        var symbols = TrainingData.Symbols(settings);
        var (outcome, studentFolder) = await TrainingData.PublishAsync(context.WorkFolder, async temp =>
        {
            var request = new DistillationRequest(Path.GetFullPath(replay.DataFolder), symbols, days, Path.Combine(temp, "models"), settings.Training.Evaluate, WarmStartStudent: null, settings.Training.Distillation());
            await using var log = new StreamWriter(Path.Combine(temp, "distill.log"), append: false);
            var outcome = await Task.Run(() => DistillationRun.Run(request, log, new ProgressAdapter(progress), cancellationToken), cancellationToken);
            return (outcome, TrainingData.Published(temp, context.WorkFolder, outcome.StudentFolder));
        });
        return new TrainingArtefact(
            studentFolder,
            outcome.Student.WeightsHash,
            [
                new TrainingMetric("walk_forward_folds", outcome.Folds.Count),
                new TrainingMetric("elapsed_seconds", Math.Round(outcome.Elapsed.TotalSeconds, 1)),
            ]);
    }

    /// <summary>The trainer's progress as the grain reports it: epoch, loss and an ETA of the current training, estimated
    /// as elapsed × remaining steps / finished steps since that training's first report.</summary>
    private sealed class ProgressAdapter(IProgress<TrainingProgress> inner) : IProgress<LearningProgress>
    {
        private readonly Stopwatch _watch = new();
        private long _firstStep = -1;
        private long _total = -1;

        public void Report(LearningProgress value)
        {
            if (value.TotalSteps != _total || value.Step < _firstStep)
            {
                // A new training (teacher, student, the next fold): its own clock.
                _total = value.TotalSteps;
                _firstStep = value.Step;
                _watch.Restart();
            }

            var done = value.Step - _firstStep;
            TimeSpan? eta = done > 0 && value.TotalSteps > value.Step
                ? TimeSpan.FromSeconds(_watch.Elapsed.TotalSeconds * (value.TotalSteps - value.Step) / done)
                : null;
            inner.Report(new TrainingProgress(value.Epoch, value.MaxEpochs, value.Loss, eta, $"step {value.Step}/{value.TotalSteps}"));
        }
    }
}
