namespace Quant.Orleans.Engine.Replay;

/// <summary>A strategy configuration that names the model lineage its runs belong to (the trial family's first part,
/// e.g. <c>ridge-baseline</c> or <c>chronos-student</c>), so runs of different forecasters never share a family.</summary>
public interface IStrategyLineage
{
    /// <summary>The lineage name.</summary>
    string Lineage { get; }
}
