using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Grains.Interfaces.Training;
using Quant.Orleans.Grains.Training;

namespace Quant.Orleans.Grains.Tests.Training;

/// <summary>What a <see cref="ScriptedStep"/> does when it runs.</summary>
public enum StepBehaviour
{
    /// <summary>Reports one epoch of progress and returns an artefact.</summary>
    Succeed,

    /// <summary>Throws <see cref="InvalidOperationException"/> ("&lt;name&gt; diverged").</summary>
    Fail,

    /// <summary>Reports progress, signals that it entered, and waits for its cancellation token.</summary>
    BlockUntilCancelled,

    /// <summary>On its first execution, as <see cref="BlockUntilCancelled"/>; on later ones, as <see cref="Succeed"/>.</summary>
    BlockFirstExecution,

    /// <summary>Every execution signals that it entered and then waits for its gate (<see cref="StepLedger.Release"/>),
    /// ignoring its cancellation token (noting whether it was signalled), then returns an artefact in its work folder.</summary>
    GatedIgnoringCancellation,
}

/// <summary>What the scripted steps of one test cluster did, shared by all its silos (they run in one process).</summary>
public sealed class StepLedger
{
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _returned = new(StringComparer.Ordinal);

    /// <summary>Each step's executions as (execution id, work folder), in the order they started.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<(string ExecutionId, string WorkFolder)>> Executed { get; } = new(StringComparer.Ordinal);

    /// <summary>Step names in the order their executions started (a step run twice appears twice).</summary>
    public IReadOnlyList<string> Order => [.. _order];

    /// <summary>Steps whose execution saw its token cancelled.</summary>
    public ConcurrentDictionary<string, bool> Cancelled { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the earlier results each step's last execution received.</summary>
    public ConcurrentDictionary<string, string[]> PreviousSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times <paramref name="step"/> started.</summary>
    public int Executions(string step) => _executions.GetValueOrDefault(step);

    /// <summary>Completes once <paramref name="step"/> is blocked inside its execution.</summary>
    public Task Entered(string step) => _entered.GetOrAdd(step, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes once execution <paramref name="execution"/> (1-based) of a gated step waits at its gate.</summary>
    public Task Entered(string step, int execution) => Tcs(_entered, $"{step}#{execution}").Task;

    /// <summary>Opens the gate of execution <paramref name="execution"/> (1-based) of a gated step.</summary>
    public void Release(string step, int execution) => Tcs(_gates, $"{step}#{execution}").TrySetResult();

    /// <summary>Completes once execution <paramref name="execution"/> of a gated step has returned its artefact.</summary>
    public Task Returned(string step, int execution) => Tcs(_returned, $"{step}#{execution}").Task;

    internal Task Gate(string step, int execution) => Tcs(_gates, $"{step}#{execution}").Task;

    internal void Return(string step, int execution) => Tcs(_returned, $"{step}#{execution}").TrySetResult();

    internal void Enter(string step, int execution)
    {
        Enter(step);
        Tcs(_entered, $"{step}#{execution}").TrySetResult();
    }

    private static TaskCompletionSource Tcs(ConcurrentDictionary<string, TaskCompletionSource> map, string key) =>
        map.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    internal int Begin(string step, TrainingStepContext context)
    {
        _order.Enqueue(step);
        Executed.GetOrAdd(step, _ => new()).Enqueue((context.ExecutionId, context.WorkFolder));
        PreviousSeen[step] = [.. context.Previous.Select(r => r.StepName)];
        return _executions.AddOrUpdate(step, 1, (_, n) => n + 1);
    }

    internal void Enter(string step) => _entered.GetOrAdd(step, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>A training step for tests whose behaviour is fixed at registration; it records its executions in a
/// <see cref="StepLedger"/>.</summary>
public sealed class ScriptedStep(string name, StepBehaviour behaviour, StepLedger ledger) : ITrainingStep
{
    /// <inheritdoc />
    public string Name => name;

    /// <summary>The artefact hash a successful execution of <paramref name="step"/> in <paramref name="runId"/> returns
    /// (SHA-256 of "runId/step").</summary>
    public static string HashOf(string runId, string step) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}/{step}")));

    /// <inheritdoc />
    public async Task<TrainingArtefact> ExecuteAsync(TrainingStepContext context, IProgress<TrainingProgress> progress, CancellationToken cancellationToken)
    {
        var execution = ledger.Begin(name, context);
        progress.Report(new TrainingProgress(1, 4, 0.25, TimeSpan.FromMinutes(3), $"{name} epoch 1"));
        var block = behaviour == StepBehaviour.BlockUntilCancelled || (behaviour == StepBehaviour.BlockFirstExecution && execution == 1);
        if (block)
        {
            ledger.Enter(name);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                ledger.Cancelled[name] = true;
                throw;
            }
        }

        if (behaviour == StepBehaviour.GatedIgnoringCancellation)
        {
            ledger.Enter(name, execution);
            await ledger.Gate(name, execution);
            if (cancellationToken.IsCancellationRequested)
            {
                ledger.Cancelled[name] = true;
            }

            ledger.Return(name, execution);
            return new TrainingArtefact(Path.Combine(context.WorkFolder, name + ".bin"), HashOf(context.RunId, name), [new TrainingMetric("execution", execution)]);
        }

        if (behaviour == StepBehaviour.Fail)
        {
            throw new InvalidOperationException($"{name} diverged");
        }

        return new TrainingArtefact(
            $"/artefacts/{context.Family}/{context.RunId}/{name}.bin",
            HashOf(context.RunId, name),
            [new TrainingMetric("step_index", context.StepIndex), new TrainingMetric("previous_results", context.Previous.Count)]);
    }
}
