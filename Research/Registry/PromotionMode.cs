namespace Quant.Orleans.Research.Registry;

/// <summary>Who asks for a promotion; serialized snake_case.</summary>
public enum PromotionMode
{
    /// <summary>An automatic step (the nightly pipeline, the rollout rules): one stage forward at a time, never for a
    /// monitor-only version.</summary>
    Automatic,

    /// <summary>A person's explicit request: may skip stages forward, and may promote a monitor-only version (journaled
    /// as an override).</summary>
    Manual,
}
