namespace Quant.Orleans.Research.Validation;

/// <summary>How the training window of a walk-forward moves.</summary>
public enum WalkForwardMode
{
    /// <summary>Training starts at the first sample and grows with each step (anchored).</summary>
    Expanding,

    /// <summary>Training keeps a fixed length and slides with each step.</summary>
    Rolling,
}
