namespace Quant.Orleans.MarketData.Replay;

/// <summary>How a <see cref="ReplayFeed"/> batches and paces its events.</summary>
public sealed class ReplayOptions
{
    /// <summary>Most events per batch handed to the consumer (default 1,024); must be at least 1.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>
    /// Null (default): as fast as possible. Otherwise a positive factor on real time: 1 replays at the recorded pace,
    /// 10 ten times faster. An event at data time t is delivered no earlier than (t - t0) / Speed after the start,
    /// where t0 is the first event's time.
    /// </summary>
    public double? Speed { get; init; }

    /// <summary>With <see cref="Speed"/>: events before this market time are delivered as fast as possible and pacing
    /// starts at the first event at or after it (t0 above is that event's time), e.g. when a replay resumes after a
    /// restart and re-reads the data it already processed. Null (default): pace from the first event.</summary>
    public Core.UnixNanos? PaceFrom { get; init; }

    /// <summary>Waits shorter than this are not waited for when pacing (default 1 ms); the events join the current batch.</summary>
    public TimeSpan PacingResolution { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Source of elapsed wall time for pacing (default <see cref="TimeProvider.System"/>); tests pass a fake.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The wait used for pacing; null means <c>Task.Delay(span, TimeProvider, token)</c>. Tests pass a fake that
    /// records the span and advances their fake <see cref="TimeProvider"/>, so no test sleeps.
    /// </summary>
    public Func<TimeSpan, CancellationToken, ValueTask>? Delay { get; init; }

    /// <summary>The data-quality filter's price-outlier rule for sources the feed creates (<see cref="ReplayFeed.FromLean"/>);
    /// the defaults: quote prices more than 3× away from the last NBBO mid are quarantined.</summary>
    public Quality.QualityFilterOptions Quality { get; init; } = new();

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">BatchSize &lt; 1, Speed not positive and finite, PacingResolution
    /// negative, or <see cref="Quality"/> invalid.</exception>
    /// <exception cref="ArgumentNullException">TimeProvider or Quality is null.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        }

        if (Speed is { } speed && !(speed > 0 && double.IsFinite(speed)))
        {
            throw new ArgumentOutOfRangeException(nameof(Speed), speed, "Speed must be a positive finite factor, or null for as fast as possible.");
        }

        if (PacingResolution < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PacingResolution), PacingResolution, "PacingResolution must not be negative.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "TimeProvider must be set.");
        }

        if (Quality is null)
        {
            throw new ArgumentNullException(nameof(Quality), "Quality must be set.");
        }

        Quality.Validate();
    }
}
