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
/// under <c>&lt;run folder&gt;/models</c>; the job's text goes to <c>&lt;run folder&gt;/distill.log</c>.
/// Idempotent: it deletes what an interrupted execution left in its run's <c>models</c> folder, except the
/// distillation's own checkpoints (<c>models/.checkpoints</c>), from which the same request resumes its trainings.
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
        var days = replay.TradingDays().ToArray();
        if (days.Length == 0)
        {
            throw new InvalidOperationException($"Replay:From..Replay:To ({replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}) has no trading day to train on.");
        }

        var symbols = (replay.Symbols.Length > 0 ? replay.Symbols : [.. Engine.Replay.ReplaySettings.DefaultSymbols]).Select(s => s.ToUpperInvariant()).ToArray();
        var run = paths.RunFolder(context.Family, context.RunId);
        var models = Path.Combine(run, "models");
        Directory.CreateDirectory(models);
        foreach (var folder in Directory.GetDirectories(models).Where(d => Path.GetFileName(d) != ".checkpoints"))
        {
            Directory.Delete(folder, recursive: true); // a model folder of an interrupted execution: written again
        }

        var request = new DistillationRequest(Path.GetFullPath(replay.DataFolder), symbols, days, models, settings.Training.Evaluate, WarmStartStudent: null, settings.Training.Distillation());
        await using var log = new StreamWriter(Path.Combine(run, "distill.log"), append: false);
        var outcome = await Task.Run(() => DistillationRun.Run(request, log, new ProgressAdapter(progress), cancellationToken), cancellationToken);
        return new TrainingArtefact(
            outcome.StudentFolder,
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
