namespace Quant.Orleans.Gateway.Contracts;

/// <summary>The running step's latest report.</summary>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="EpochCount">Epochs planned for the step's current training.</param>
/// <param name="Loss">Latest training loss (the trainer's objective, unitless).</param>
/// <param name="EtaSeconds">Estimated seconds until the current training ends; null when unknown.</param>
/// <param name="Message">A line for people, e.g. <c>step 40/120</c>.</param>
public sealed record TrainingProgressView(int Epoch, int EpochCount, double Loss, double? EtaSeconds, string Message);

/// <summary>A finished step of a run.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Artefact">What it produced (a folder or file path), or null.</param>
/// <param name="Sha256">The artefact's SHA-256, or null.</param>
/// <param name="Metrics">Its figures by name (what each means is documented with the step).</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="FinishedUtc">When it finished.</param>
/// <param name="Silo">The silo that ran it.</param>
public sealed record TrainingStepView(string Step, string? Artefact, string? Sha256, IReadOnlyDictionary<string, double> Metrics, DateTime StartedUtc, DateTime FinishedUtc, string Silo);

/// <summary>A family's training (<c>GET /api/training</c>, the answer of <c>run</c> and <c>cancel</c>).</summary>
/// <param name="Family">The family.</param>
/// <param name="State"><c>Idle</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Cancelled</c>.</param>
/// <param name="RunId">The latest run's id, or null when none ran.</param>
/// <param name="StepIndex">Index of the first unfinished step, from 0 (equals <paramref name="StepCount"/> when all finished).</param>
/// <param name="StepCount">Steps in the run's pipeline.</param>
/// <param name="Step">The step running (or that failed), or null.</param>
/// <param name="Progress">The running step's latest report, or null.</param>
/// <param name="Trigger"><c>nightly</c> or <c>on-demand</c>; null when none ran.</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="FinishedUtc">When it ended.</param>
/// <param name="Error">Why it failed (<c>step: ExceptionType: message</c>), or null.</param>
/// <param name="Silo">The silo hosting the family's training grain.</param>
/// <param name="Steps">The finished steps, in order.</param>
public sealed record TrainingView(
    string Family,
    string State,
    string? RunId,
    int StepIndex,
    int StepCount,
    string? Step,
    TrainingProgressView? Progress,
    string? Trigger,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    string? Error,
    string Silo,
    TrainingStepView[] Steps);

/// <summary>Every configured family's training (<c>GET /api/training</c>).</summary>
/// <param name="NightlyEnabled">True when the nightly reminder is registered.</param>
/// <param name="NextNightlyUtc">The nightly reminder's next tick, or null.</param>
/// <param name="Families">Each configured family's status, in configuration order.</param>
public sealed record TrainingOverview(bool NightlyEnabled, DateTime? NextNightlyUtc, TrainingView[] Families);
