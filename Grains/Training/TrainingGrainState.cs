using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Grains.Training;

/// <summary>The persisted part of a family's training run, written when a run starts, after every finished step, when
/// a cancellation is requested and when the run ends.</summary>
[GenerateSerializer, Alias("qo.TrainingGrainState")]
public sealed class TrainingGrainState
{
    /// <summary>The run's id (GUID, "N" format), or null before the first run.</summary>
    [Id(0)]
    public string? RunId { get; set; }

    /// <summary>Where the run stands.</summary>
    [Id(1)]
    public TrainingRunStatus Status { get; set; }

    /// <summary>The request that started it.</summary>
    [Id(2)]
    public TrainingRequest? Request { get; set; }

    /// <summary>The step names of the pipeline the run started with, in order (a resume checks that the silo's pipeline
    /// is still the same).</summary>
    [Id(3)]
    public List<string> StepNames { get; set; } = [];

    /// <summary>The index of the first unfinished step (equal to the number of finished steps).</summary>
    [Id(4)]
    public int NextStepIndex { get; set; }

    /// <summary>The finished steps, in order.</summary>
    [Id(5)]
    public List<TrainingStepResult> Results { get; set; } = [];

    /// <summary>When the run started (UTC).</summary>
    [Id(6)]
    public DateTime? StartedUtc { get; set; }

    /// <summary>When the state was last written (UTC).</summary>
    [Id(7)]
    public DateTime? UpdatedUtc { get; set; }

    /// <summary>When the run reached a terminal status (UTC).</summary>
    [Id(8)]
    public DateTime? FinishedUtc { get; set; }

    /// <summary>Why it failed (<c>step: exception type: message</c>).</summary>
    [Id(9)]
    public string? Error { get; set; }

    /// <summary>True once a cancellation was requested: a resumed run with this flag is recorded as cancelled without
    /// running another step.</summary>
    [Id(10)]
    public bool CancelRequested { get; set; }

    /// <summary>How many times the run was resumed on a new activation (after its silo died or shut down).</summary>
    [Id(11)]
    public int Resumes { get; set; }
}
