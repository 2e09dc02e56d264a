using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// One symbol's recorded rows for one trading day: (time, ln mid, feature vector), appended in time order by the grain
/// as it trades, and read back at the end of the day by <see cref="AcausalHorizonTargetBuilder"/>. Growable arrays, so
/// appends are allocation-free except when the capacity doubles. Not thread-safe.
/// </summary>
public sealed class DayFeatureLog
{
    private long[] _times;
    private double[] _logMids;
    private double[] _features;

    /// <summary>Creates an empty log.</summary>
    /// <param name="day">The UTC trading day the rows belong to.</param>
    /// <param name="featureCount">The feature vector length p ≥ 1 (e.g. <see cref="FeatureIndex.Count"/>).</param>
    /// <param name="initialCapacity">Rows to reserve, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public DayFeatureLog(DateOnly day, int featureCount = FeatureIndex.Count, int initialCapacity = 1024)
    {
        if (featureCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "The feature count must be at least 1.");
        }

        if (initialCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, "The initial capacity must be at least 1.");
        }

        Day = day;
        FeatureCount = featureCount;
        _times = new long[initialCapacity];
        _logMids = new double[initialCapacity];
        _features = new double[initialCapacity * featureCount];
    }

    /// <summary>The UTC trading day.</summary>
    public DateOnly Day { get; }

    /// <summary>The feature vector length p.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>Row times as <see cref="UnixNanos"/> values, length <see cref="Count"/>, non-decreasing.</summary>
    public ReadOnlySpan<long> Times => _times.AsSpan(0, Count);

    /// <summary>ln(mid) per row, ln(USD), length <see cref="Count"/>.</summary>
    public ReadOnlySpan<double> LogMids => _logMids.AsSpan(0, Count);

    /// <summary>The feature vector of row <paramref name="row"/>, length p.</summary>
    /// <param name="row">0 ≤ row &lt; <see cref="Count"/>.</param>
    /// <returns>A view into the log.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    public ReadOnlySpan<double> FeaturesAt(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The row must lie in [0, {Count}).");
        }

        return _features.AsSpan(row * FeatureCount, FeatureCount);
    }

    /// <summary>Appends a row.</summary>
    /// <param name="time">The tick time; on <see cref="Day"/> (UTC) and not earlier than the previous row.</param>
    /// <param name="logMid">ln(mid), finite.</param>
    /// <param name="features">The feature vector, length p, finite.</param>
    /// <exception cref="ArgumentException">A rule above is broken (the argument is named).</exception>
    public void Append(UnixNanos time, double logMid, ReadOnlySpan<double> features)
    {
        if (time.UtcDate != Day)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"The row's UTC date must be the log's day {Day:yyyy-MM-dd}.");
        }

        if (Count > 0 && time.Value < _times[Count - 1])
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"Rows must be in time order: previous {new UnixNanos(_times[Count - 1])}.");
        }

        if (!double.IsFinite(logMid))
        {
            throw new ArgumentOutOfRangeException(nameof(logMid), logMid, "The log mid must be finite.");
        }

        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"features has length {features.Length}; the log holds {FeatureCount} features.", nameof(features));
        }

        for (var j = 0; j < features.Length; j++)
        {
            if (!double.IsFinite(features[j]))
            {
                throw new ArgumentException($"features[{j}] = {features[j]} is not finite (row {Count}).", nameof(features));
            }
        }

        if (Count == _times.Length)
        {
            Array.Resize(ref _times, Count * 2);
            Array.Resize(ref _logMids, Count * 2);
            Array.Resize(ref _features, Count * 2 * FeatureCount);
        }

        _times[Count] = time.Value;
        _logMids[Count] = logMid;
        features.CopyTo(_features.AsSpan(Count * FeatureCount, FeatureCount));
        Count++;
    }

    /// <summary>Copies the log's rows into a checkpoint (allocates; the log is unchanged).</summary>
    /// <returns>A deep copy: later appends do not change it.</returns>
    public DayFeatureLogState Capture() =>
        new(Day, FeatureCount, Times.ToArray(), LogMids.ToArray(), _features.AsSpan(0, Count * FeatureCount).ToArray());

    /// <summary>Rebuilds a log from a checkpoint: the same rows, so a fit of it gives the same model bit for bit. The
    /// arrays are copied.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <returns>A new log holding the checkpoint's rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The feature count is below 1, the arrays' lengths disagree, a time is off the
    /// day or out of order, or a value is not finite; the message names the field.</exception>
    public static DayFeatureLog Restore(DayFeatureLogState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckpointGuard.Rule(state.FeatureCount >= 1, "DayFeatureLogState.FeatureCount", $"{state.FeatureCount} must be at least 1.");
        var times = CheckpointGuard.NotNull(state.Times, "DayFeatureLogState.Times");
        var n = times.Length;
        CheckpointGuard.FiniteLength(state.LogMids, n, "DayFeatureLogState.LogMids");
        CheckpointGuard.FiniteLength(state.Features, n * state.FeatureCount, "DayFeatureLogState.Features");
        for (var i = 0; i < n; i++)
        {
            CheckpointGuard.Rule(new UnixNanos(times[i]).UtcDate == state.Day, "DayFeatureLogState.Times", $"row {i} at {new UnixNanos(times[i])} is not on the day {state.Day:yyyy-MM-dd} (UTC).");
            CheckpointGuard.Rule(i == 0 || times[i] >= times[i - 1], "DayFeatureLogState.Times", $"row {i} is earlier than row {i - 1}; rows must be in time order.");
        }

        var log = new DayFeatureLog(state.Day, state.FeatureCount, Math.Max(1024, n));
        times.CopyTo(log._times, 0);
        state.LogMids.CopyTo(log._logMids, 0);
        state.Features.CopyTo(log._features, 0);
        log.Count = n;
        return log;
    }
}
