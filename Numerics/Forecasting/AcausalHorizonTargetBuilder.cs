namespace Quant.Orleans.Numerics.Forecasting;

/// <summary>
/// ACAUSAL: builds the baseline's training set from a finished day. For each sub-sampled row at time t, the target is
/// the log-mid return to the horizon's end, <c>y = ln mid(t + H) − ln mid(t)</c>, with mid(t + H) the last recorded mid
/// at or before t + H (the prevailing quote, as in López de Prado, Advances in Financial Machine Learning, 2018, §3.2,
/// fixed-horizon labels). It reads the future of every row, so it must only run on days that are over (the nightly job),
/// never in the live path. Rows whose horizon reaches past the day's last row are dropped (their target is unknown).
/// Rows are sub-sampled to at most one per <see cref="TrainingSetOptions.SampleInterval"/> (the first row at or after
/// the previous kept row's time plus the interval) to keep the fit cheap and its rows less overlapping. Deterministic.
/// </summary>
public static class AcausalHorizonTargetBuilder
{
    /// <summary>Builds the training set.</summary>
    /// <param name="log">The day's rows.</param>
    /// <param name="options">Horizon, sampling and feature columns.</param>
    /// <returns>The set; it may hold zero rows when the day is shorter than the horizon.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option breaks its rule, or a feature column is outside the log's width.</exception>
    public static TrainingSet Build(DayFeatureLog log, TrainingSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var c in options.FeatureColumns)
        {
            if (c < 0 || c >= log.FeatureCount)
            {
                throw new ArgumentException($"Feature column {c} is outside the log's {log.FeatureCount} features.", nameof(options));
            }
        }

        var times = log.Times;
        var logMids = log.LogMids;
        var horizonNanos = options.Horizon.Ticks * 100L;
        var intervalNanos = options.SampleInterval.Ticks * 100L;
        var rows = new List<int>();
        var targetRows = new List<int>();
        var last = times.Length - 1;
        var j = 0;
        long nextAllowed = long.MinValue;
        for (var i = 0; i < times.Length; i++)
        {
            var t = times[i];
            if (t < nextAllowed)
            {
                continue;
            }

            var end = t + horizonNanos;
            if (last < 0 || times[last] < end)
            {
                break;
            }

            // j = the last row with time <= t + H (monotone in i, so the scan is linear overall).
            if (j < i)
            {
                j = i;
            }

            while (j + 1 <= last && times[j + 1] <= end)
            {
                j++;
            }

            System.Diagnostics.Debug.Assert(times[j] <= end, "Invariant: the target row never lies beyond the horizon's end.");
            rows.Add(i);
            targetRows.Add(j);
            nextAllowed = t + intervalNanos;
        }

        var k = options.FeatureColumns.Length;
        var x = new double[rows.Count, k];
        var y = new double[rows.Count];
        var rowTimes = new long[rows.Count];
        var targetTimes = new long[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var f = log.FeaturesAt(rows[r]);
            for (var c = 0; c < k; c++)
            {
                x[r, c] = f[options.FeatureColumns[c]];
            }

            y[r] = logMids[targetRows[r]] - logMids[rows[r]];
            rowTimes[r] = times[rows[r]];
            targetTimes[r] = times[targetRows[r]];
        }

        return new TrainingSet(log.Day, x, y, rowTimes, targetTimes, options.Horizon, (int[])options.FeatureColumns.Clone());
    }
}
