using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Grains.Training;

/// <summary>
/// See <see cref="ITrainingGrain"/>. The run is a loop started on the grain's scheduler and not awaited by any call: each
/// step executes on the thread pool (so a long step never blocks the grain's turn: <see cref="ITrainingGrain.GetStatus"/>
/// and <see cref="ITrainingGrain.Cancel"/> answer while it runs), and the loop writes the state on the grain's scheduler
/// after every finished step; every write (the loop's and the calls') goes through one asynchronous lock, so writes never
/// overlap. <see cref="ITrainingGrain.Cancel"/> does not wait for the step: it persists the request, signals the token
/// and answers; the loop records the cancellation when the step returns. Each execution of a step gets a new execution
/// id and its own working folder (<see cref="TrainingStepContext.WorkFolder"/>). Once the activation deactivates, its
/// loop writes nothing more (checked before every write), so a step that outlives the deactivation cannot overwrite the
/// state of the run resumed elsewhere. While a run is in progress the grain keeps a grain timer
/// with <c>KeepAlive</c> (no idle deactivation) and an Orleans reminder (<see cref="ResumeReminderName"/>): when its silo
/// dies, the reminder re-activates it on another silo, whose activation resumes the run from the first unfinished step.
/// </summary>
[PreferredSiloRolePlacementFilter(GpuRole)]
public sealed class TrainingGrain : Grain, ITrainingGrain, IRemindable
{
    /// <summary>The silo role the grain prefers (silo metadata <c>role</c>).</summary>
    public const string GpuRole = "gpu";

    /// <summary>The name of the reminder a running grain keeps to be re-activated after its silo dies.</summary>
    public const string ResumeReminderName = "training-resume";

    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<TrainingGrainState> _state;
    private readonly IServiceProvider _services;
    private readonly TrainingOptions _options;
    private readonly TimeProvider _time;
    private readonly string _silo;
    private readonly ILogger<TrainingGrain> _logger;
    private readonly LatestProgress _progress = new();
    private CancellationTokenSource? _cancel;
    private Task? _run;
    private IGrainTimer? _keepAlive;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private bool _deactivating;

    /// <summary>Creates the grain.</summary>
    public TrainingGrain(
        [PersistentState("training", GridStorage.Name)] IPersistentState<TrainingGrainState> state,
        IServiceProvider services,
        TrainingOptions options,
        TimeProvider time,
        ILocalSiloDetails silo,
        ILogger<TrainingGrain> logger)
    {
        _state = state;
        _services = services;
        _options = options;
        _time = time;
        _silo = silo.SiloAddress.ToString();
        _logger = logger;
    }

    private string Family => this.GetPrimaryKeyString();

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private bool Looping => _run is { IsCompleted: false };

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Status == TrainingRunStatus.Running)
        {
            _state.State.Resumes++;
            _logger.LogInformation(
                "Training {Family}: run {RunId} resumes on {Silo} at step {Step} of {Steps}.",
                Family, _state.State.RunId, _silo, _state.State.NextStepIndex + 1, _state.State.StepNames.Count);
            StartLoop();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is { IsCompleted: false } run)
        {
            // Not a cancellation of the run: the step stops, the run stays "running" in storage and resumes elsewhere.
            // From here on the loop writes nothing (a step that outlives this activation must not overwrite its re-run).
            _deactivating = true;
            _ = _cancel!.CancelAsync();
            try
            {
                await run.WaitAsync(_options.StepStopWait, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                _logger.LogWarning("Training {Family}: the step did not stop before the deactivation ({Reason}) ended; it is abandoned (nothing it returns is recorded) and re-runs on the next activation.", Family, reason);
                return; // the abandoned step still holds the token: not disposed
            }
        }

        _cancel?.Dispose();
    }

    /// <inheritdoc />
    public async Task<TrainingStatus> Start(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Trigger))
        {
            throw new ArgumentException($"{nameof(TrainingRequest.Trigger)} must not be empty (family '{Family}').", nameof(request));
        }

        if (_state.State.Status == TrainingRunStatus.Running)
        {
            if (!Looping)
            {
                StartLoop(); // the previous loop stopped on a storage fault: try again
            }

            return Status();
        }

        if (_run is { } previous)
        {
            await previous; // the loop of the last run is still writing its end
        }

        var steps = ResolveSteps();
        var now = Now;
        await this.RegisterOrUpdateReminder(ResumeReminderName, _options.ResumeCheckPeriod, _options.ResumeCheckPeriod);
        _state.State = new TrainingGrainState
        {
            RunId = Guid.NewGuid().ToString("N"),
            Status = TrainingRunStatus.Running,
            Request = request,
            StepNames = [.. steps.Select(step => step.Name)],
            StartedUtc = now,
            UpdatedUtc = now,
        };
        await WriteAsync(fromLoop: false);
        _logger.LogInformation("Training {Family}: run {RunId} ({Trigger}) starts on {Silo}, {Steps} steps.", Family, _state.State.RunId, request.Trigger, _silo, steps.Count);
        StartLoop();
        return Status();
    }

    /// <inheritdoc />
    public async Task<TrainingStatus> Cancel()
    {
        if (_state.State.Status != TrainingRunStatus.Running)
        {
            return Status();
        }

        if (!Looping)
        {
            _state.State.CancelRequested = true;
            await FinishAsync(TrainingRunStatus.Cancelled, null, fromLoop: false);
            return Status();
        }

        if (!_state.State.CancelRequested)
        {
            // Persisted first: a resume elsewhere records the run as cancelled without running another step.
            _state.State.CancelRequested = true;
            _state.State.UpdatedUtc = Now;
            await WriteAsync(fromLoop: false);
            _ = _cancel!.CancelAsync(); // not awaited: the loop records Cancelled once the step has returned
            _logger.LogInformation("Training {Family}: cancellation of run {RunId} requested at step {Step}.", Family, _state.State.RunId, _state.State.NextStepIndex + 1);
        }

        return Status();
    }

    /// <inheritdoc />
    public Task<TrainingStatus> GetStatus() => Task.FromResult(Status());

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminderName)
        {
            return;
        }

        if (_state.State.Status == TrainingRunStatus.Running)
        {
            if (!Looping)
            {
                StartLoop();
            }
        }
        else
        {
            await RemoveResumeReminderAsync();
        }
    }

    private TrainingStatus Status()
    {
        var state = _state.State;
        var index = state.NextStepIndex;
        var progress = state.Status == TrainingRunStatus.Running && Looping ? _progress.Latest : null;
        return new TrainingStatus(
            Family,
            state.RunId,
            state.Status,
            index,
            state.StepNames.Count,
            index < state.StepNames.Count ? state.StepNames[index] : null,
            progress,
            [.. state.Results],
            state.Request,
            state.StartedUtc,
            state.FinishedUtc,
            state.Error,
            _silo,
            state.CancelRequested);
    }

    /// <summary>The family's steps, in registration order.</summary>
    /// <exception cref="InvalidOperationException">None are registered, or two share a name.</exception>
    private IReadOnlyList<ITrainingStep> ResolveSteps()
    {
        var steps = _services.GetKeyedServices<ITrainingStep>(Family).ToList();
        if (steps.Count == 0)
        {
            throw new InvalidOperationException(
                $"No training steps are registered for family '{Family}' on silo {_silo} (the silo registers them with AddTrainingStep(\"{Family}\", ...)).");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(steps[i].Name) || !names.Add(steps[i].Name))
            {
                throw new InvalidOperationException($"Training step {i} of family '{Family}' has an empty or repeated name '{steps[i].Name}'.");
            }
        }

        return steps;
    }

    private void StartLoop()
    {
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        _progress.Clear();
        _keepAlive ??= this.RegisterGrainTimer(() => Task.CompletedTask, new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true, Interleave = true });
        _run = RunAsync(_cancel.Token);
    }

    /// <summary>Runs the steps from the first unfinished one; never throws.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var state = _state.State;
        try
        {
            IReadOnlyList<ITrainingStep> steps;
            try
            {
                steps = ResolveSteps();
                var names = steps.Select(step => step.Name).ToList();
                if (!names.SequenceEqual(state.StepNames, StringComparer.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"The pipeline of family '{Family}' changed since run {state.RunId} started (it was [{string.Join(", ", state.StepNames)}], this silo has [{string.Join(", ", names)}]); start a new run.");
                }
            }
            catch (InvalidOperationException ex)
            {
                await FinishAsync(TrainingRunStatus.Failed, ex.Message, fromLoop: true);
                return;
            }

            while (true)
            {
                if (_deactivating)
                {
                    return;
                }

                if (state.CancelRequested)
                {
                    await FinishAsync(TrainingRunStatus.Cancelled, null, fromLoop: true);
                    return;
                }

                if (state.NextStepIndex >= steps.Count)
                {
                    await FinishAsync(TrainingRunStatus.Succeeded, null, fromLoop: true);
                    return;
                }

                var index = state.NextStepIndex;
                var step = steps[index];
                var execution = Guid.NewGuid().ToString("N")[..12];
                var work = TrainingStepContext.WorkFolderOf(_options.WorkRoot, Family, state.RunId!, index, step.Name, execution);
                var context = new TrainingStepContext(Family, state.RunId!, state.Request!, index, steps.Count, [.. state.Results], execution, work);
                _progress.Clear();
                var started = Now;
                TrainingArtefact artefact;
                try
                {
                    artefact = await Task.Run(() => step.ExecuteAsync(context, _progress, cancellationToken), CancellationToken.None)
                        ?? throw new InvalidOperationException("the step returned no result (null).");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    if (state.CancelRequested && !_deactivating)
                    {
                        await FinishAsync(TrainingRunStatus.Cancelled, null, fromLoop: true);
                    }

                    return; // deactivating: the step re-runs on the next activation
                }
                catch (Exception ex)
                {
                    if (_deactivating)
                    {
                        _logger.LogWarning(ex, "Training {Family}: step {Step} of run {RunId} failed after its activation deactivated; not recorded (it re-runs on the next activation).", Family, step.Name, state.RunId);
                        return;
                    }

                    _logger.LogError(ex, "Training {Family}: step {Step} of run {RunId} failed.", Family, step.Name, state.RunId);
                    await FinishAsync(TrainingRunStatus.Failed, $"{step.Name}: {ex.GetType().Name}: {ex.Message}", fromLoop: true);
                    return;
                }

                if (_deactivating)
                {
                    _logger.LogWarning("Training {Family}: execution {Execution} of step {Step} returned after its activation deactivated; its result is not recorded.", Family, execution, step.Name);
                    return;
                }

                state.Results.Add(new TrainingStepResult(step.Name, artefact, started, Now, _silo, execution));
                state.NextStepIndex = index + 1;
                state.UpdatedUtc = Now;
                if (!await WriteAsync(fromLoop: true))
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // The state could not be written: what storage holds is the truth. A fresh activation reads it and resumes.
            _logger.LogError(ex, "Training {Family}: run {RunId} stopped because its state could not be written; the grain deactivates and resumes from storage.", Family, state.RunId);
            DeactivateOnIdle();
        }
        finally
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }
    }

    /// <summary>Writes the state under the write lock; from the loop, only while the activation is not deactivating
    /// (checked again once the lock is held).</summary>
    /// <returns>False when the write was skipped because the activation is deactivating.</returns>
    private async Task<bool> WriteAsync(bool fromLoop)
    {
        await _writes.WaitAsync();
        try
        {
            if (fromLoop && _deactivating)
            {
                return false;
            }

            await _state.WriteStateAsync();
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task FinishAsync(TrainingRunStatus status, string? error, bool fromLoop)
    {
        if (fromLoop && _deactivating)
        {
            return;
        }

        var state = _state.State;
        state.Status = status;
        state.Error = error;
        state.FinishedUtc = Now;
        state.UpdatedUtc = state.FinishedUtc;
        if (!await WriteAsync(fromLoop))
        {
            return;
        }

        _logger.LogInformation("Training {Family}: run {RunId} {Status} after {Done} of {Steps} steps.", Family, state.RunId, status, state.NextStepIndex, state.StepNames.Count);
        await RemoveResumeReminderAsync();
    }

    private async Task RemoveResumeReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ResumeReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Harmless: the next tick finds the run finished and tries again.
            _logger.LogWarning(ex, "Training {Family}: the resume reminder could not be removed.", Family);
        }
    }

    /// <summary>The latest progress a step reported; written from the step's thread, read on the grain's.</summary>
    private sealed class LatestProgress : IProgress<TrainingProgress>
    {
        private TrainingProgress? _latest;

        public TrainingProgress? Latest => Volatile.Read(ref _latest);

        public void Report(TrainingProgress value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _latest, value);
        }

        public void Clear() => Volatile.Write(ref _latest, null);
    }
}
