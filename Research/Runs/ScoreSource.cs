namespace Quant.Orleans.Research.Runs;

/// <summary>What produced the scores (forecasts) a run traded on; serialized snake_case.</summary>
public enum ScoreSource
{
    /// <summary>A fitted model (e.g. the ridge baseline or a distilled student).</summary>
    Model,

    /// <summary>A fixed rule without fitted parameters.</summary>
    Heuristic,

    /// <summary>Synthetic or random scores (tests, null hypotheses).</summary>
    Synthetic,
}
