using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Research.Models;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Research;

/// <summary>
/// <c>distill</c>: builds the teacher/student data sets of the replay's symbols and days, runs the walk-forward
/// evaluation (student vs teacher vs ridge baseline vs zero forecast, each test day scored by models trained only on
/// earlier days), trains the final teacher and student on every day and writes their model folders
/// (docs/distillation.md).
/// </summary>
public static class DistillCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="settings">Validated settings; <c>Replay</c> gives data folder, symbols and days.</param>
    /// <param name="modelsFolder">Where model folders are written.</param>
    /// <param name="evaluate">Run the walk-forward evaluation first.</param>
    /// <param name="warmStart">A student folder to refresh, or null.</param>
    /// <param name="seed">Seed of initialisation and batch order.</param>
    /// <param name="output">Where the text goes.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    /// <returns>The exit code: 0, or 2 for bad input.</returns>
    public static async Task<int> RunAsync(SiloSettings settings, string modelsFolder, bool evaluate, string? warmStart, ulong seed, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var replay = settings.Replay;
        var days = replay.TradingDays().ToArray();
        if (days.Length == 0)
        {
            await output.WriteLineAsync($"distill: no trading day in {replay.From:yyyy-MM-dd}..{replay.To:yyyy-MM-dd}.");
            return 2;
        }

        var options = new DistillationOptions { Seed = seed };
        var request = new DistillationRequest(replay.DataFolder, replay.Symbols.Select(s => s.ToUpperInvariant()).ToArray(), days, modelsFolder, evaluate, warmStart, options);
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IProgress<TrainingProgress> bar = new TrainingProgressBar(output, interactive);
        var progress = interactive ? bar : new EpochEndsOnly(bar);
        try
        {
            await Task.Run(() => DistillationRun.Run(request, output, progress, cancellationToken), cancellationToken);
            return 0;
        }
        catch (ModelManifestMismatchException e)
        {
            await output.WriteLineAsync($"distill: {e.Message}");
            return 2;
        }
        catch (InvalidDataException e)
        {
            await output.WriteLineAsync($"distill: {e.Message}");
            return 2;
        }
    }
}

/// <summary>Passes on only the end-of-epoch reports (one line per epoch when the output is a file or a pipe).</summary>
internal sealed class EpochEndsOnly(IProgress<TrainingProgress> inner) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.EpochEnd)
        {
            inner.Report(value);
        }
    }
}
