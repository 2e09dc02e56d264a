using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// ACAUSAL: the teacher's half of <see cref="DistillationDatasetBuilder"/>, computed from the finished day's grid
/// (<see cref="DistillationDay.LogMid"/>, <see cref="DistillationDay.HalfSpread"/>): the golden trajectory
/// (<see cref="AcausalGoldenTrajectory"/>), its columns of the teacher rows, the horizon returns and the triple-barrier
/// classes. Every output reads the rest of the day; never use it live. Deterministic.
/// </summary>
internal static class AcausalDayTargets
{
    /// <summary>
    /// ACAUSAL: the golden level at every grid step: <see cref="AcausalGoldenTrajectory.Build"/> (MODWT denoising, then
    /// the unscented RTS smoother on the engine options' local linear trend) of the steps from the first finite log mid
    /// on (the prevailing mid is carried forward, so they are all finite), run on ln mid − ln mid[f] with times in
    /// seconds from step f, the offset added back; NaN before step f.
    /// </summary>
    public static double[] GoldenLevel(long[] times, double[] logMid, DistillationDatasetOptions options)
    {
        var n = logMid.Length;
        var golden = new double[n];
        Array.Fill(golden, double.NaN);
        var first = Array.FindIndex(logMid, double.IsFinite);
        if (first < 0)
        {
            return golden;
        }

        var m = n - first;
        var seconds = new double[m];
        var values = new double[m];
        for (var k = 0; k < m; k++)
        {
            seconds[k] = (times[first + k] - times[first]) / (double)UnixNanos.NanosPerSecond;
            values[k] = logMid[first + k] - logMid[first];
        }

        var f = options.Features;
        var level = AcausalGoldenTrajectory.Build(seconds, values, new LocalLinearTrendModel(f.LevelNoiseDensity, f.SlopeNoiseDensity, f.ObservationNoiseVariance));
        for (var k = 0; k < m; k++)
        {
            golden[first + k] = level[k] + logMid[first];
        }

        return golden;
    }

    /// <summary>
    /// ACAUSAL: fills the golden columns of the teacher rows: step return g[i] − g[i−1]; slope (g[i+1] − g[i−1]) / (2·Δ)
    /// in ln(USD) per second (one-sided at the ends of the defined range); gap ln mid − g[i]. 0 where g is undefined.
    /// </summary>
    public static void FillTeacherGolden(double[] golden, double[] logMid, TimeSpan cadence, float[] teacher)
    {
        var width = DistillationSchemas.Teacher.Width;
        var dt = cadence.TotalSeconds;
        var n = golden.Length;
        for (var i = 0; i < n; i++)
        {
            var row = teacher.AsSpan(i * width, width);
            if (!double.IsFinite(golden[i]))
            {
                row[DistillationSchemas.TeacherGoldenStepReturn] = 0f;
                row[DistillationSchemas.TeacherGoldenSlope] = 0f;
                row[DistillationSchemas.TeacherGoldenGap] = 0f;
                continue;
            }

            var hasPrevious = i > 0 && double.IsFinite(golden[i - 1]);
            var hasNext = i + 1 < n;
            row[DistillationSchemas.TeacherGoldenStepReturn] = hasPrevious ? (float)(golden[i] - golden[i - 1]) : 0f;
            var lo = hasPrevious ? i - 1 : i;
            var hi = hasNext ? i + 1 : i;
            row[DistillationSchemas.TeacherGoldenSlope] = hi > lo ? (float)((golden[hi] - golden[lo]) / ((hi - lo) * dt)) : 0f;
            row[DistillationSchemas.TeacherGoldenGap] = (float)(logMid[i] - golden[i]);
        }
    }

    /// <summary>ACAUSAL: <c>destination[i·H + h] = series[i + kₕ] − series[i]</c> with kₕ = horizon / cadence; NaN
    /// when i + kₕ ≥ n or either value is NaN.</summary>
    public static float[] HorizonReturns(double[] series, TimeSpan[] horizons, TimeSpan cadence)
    {
        var n = series.Length;
        var h = horizons.Length;
        var result = new float[n * h];
        for (var c = 0; c < h; c++)
        {
            var k = (int)(horizons[c].Ticks / cadence.Ticks);
            for (var i = 0; i < n; i++)
            {
                result[(i * h) + c] = i + k < n ? (float)(series[i + k] - series[i]) : float.NaN;
            }
        }

        return result;
    }

    /// <summary>
    /// ACAUSAL: the triple-barrier class of every step (see <see cref="DistillationDatasetOptions"/>): from the first
    /// finite log mid f on, prices = e^LogMid, σ₁ = <see cref="EwmaVolatility"/> of those prices (span
    /// <see cref="DistillationDatasetOptions.VolatilitySpan"/>), half-width w[s] = k·σ₁[s]·√V + FeeRate + HalfSpread[s]
    /// (V the vertical barrier in steps), labelled by <see cref="TripleBarrierLabeler"/> with both multiples 1 and
    /// the vertical barrier at V steps: profit-taking (upper) → 2, stop-loss (lower) → 0, vertical → 1, or −1 when
    /// s + V is past the last step (the vertical barrier is beyond the session) or σ₁[s] is undefined (s = f).
    /// </summary>
    public static sbyte[] Barriers(long[] times, double[] logMid, float[] halfSpread, DistillationDatasetOptions options)
    {
        var n = logMid.Length;
        var labels = new sbyte[n];
        Array.Fill(labels, (sbyte)-1);
        var first = Array.FindIndex(logMid, double.IsFinite);
        if (first < 0)
        {
            return labels;
        }

        var m = n - first;
        var prices = new double[m];
        for (var k = 0; k < m; k++)
        {
            prices[k] = Math.Exp(logMid[first + k]);
        }

        var sigma = new double[m];
        EwmaVolatility.Compute(prices, options.VolatilitySpan, sigma);
        var verticalSteps = (int)(options.EffectiveVerticalBarrier.Ticks / options.Cadence.Ticks);
        var scale = options.BarrierWidth * Math.Sqrt(verticalSteps);
        var width = new double[m];
        var events = new List<int>(m);
        for (var k = 0; k < m; k++)
        {
            var spread = halfSpread[first + k];
            if (!double.IsFinite(sigma[k]) || !float.IsFinite(spread))
            {
                continue;
            }

            width[k] = (scale * sigma[k]) + options.FeeRate + spread;
            events.Add(k);
        }

        var barrier = new TripleBarrierOptions
        {
            ProfitTakingMultiple = 1.0,
            StopLossMultiple = 1.0,
            MaxHoldingObservations = verticalSteps,
            MaxHoldingNanos = options.EffectiveVerticalBarrier.Ticks * 100L,
        };
        var result = TripleBarrierLabeler.Label(times.AsSpan(first), prices, width, [.. events], [], barrier);
        foreach (var label in result)
        {
            var i = first + label.StartIndex;
            labels[i] = label.Barrier switch
            {
                BarrierKind.ProfitTaking => 2,
                BarrierKind.StopLoss => 0,
                _ => i + verticalSteps <= n - 1 ? (sbyte)1 : (sbyte)-1,
            };
        }

        return labels;
    }
}
