using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Evaluation;

/// <summary>
/// Out-of-sample scores of return forecasts. Every method reads the rows listed in <c>rows</c> only, so a bootstrap
/// can resample rows without copying the data.
/// </summary>
public static class ForecastScores
{
    /// <summary>
    /// Weighted quantile loss as Chronos reports it (Ansari et al. 2024, §5.4, after GluonTS):
    /// <c>WQL = (1/Q) Σ_q 2 Σ_t ρ_q(y_t − ŷ_{t,q}) / Σ_t |y_t|</c>, with the pinball loss
    /// <c>ρ_q(u) = max(q·u, (q − 1)·u)</c>. Scale-free; 0 is perfect; with levels symmetric about 0.5 (as 0.1 … 0.9) a
    /// forecast of 0 for every quantile scores exactly 1, whatever the targets.
    /// </summary>
    /// <param name="predictions">Quantile forecasts, row-major, shape (n, Q).</param>
    /// <param name="actual">Realised values, shape (n).</param>
    /// <param name="levels">Quantile levels in (0, 1), shape (Q).</param>
    /// <param name="rows">The rows to score (indices into n; may repeat).</param>
    /// <returns>The loss; NaN when Σ|y| is 0.</returns>
    /// <exception cref="ArgumentException">Shapes disagree or a level is outside (0, 1).</exception>
    public static double WeightedQuantileLoss(ReadOnlySpan<double> predictions, ReadOnlySpan<double> actual, ReadOnlySpan<double> levels, ReadOnlySpan<int> rows)
    {
        var q = levels.Length;
        if (q == 0 || predictions.Length != actual.Length * q)
        {
            throw new ArgumentException($"predictions have {predictions.Length} values; expected n·Q = {actual.Length}·{q}.", nameof(predictions));
        }

        foreach (var level in levels)
        {
            if (!(level > 0 && level < 1))
            {
                throw new ArgumentException($"quantile level {level} is outside (0, 1).", nameof(levels));
            }
        }

        double pinball = 0, scale = 0;
        foreach (var t in rows)
        {
            var y = actual[t];
            scale += Math.Abs(y);
            for (var j = 0; j < q; j++)
            {
                var u = y - predictions[(t * q) + j];
                pinball += Math.Max(levels[j] * u, (levels[j] - 1) * u);
            }
        }

        return scale > 0 ? 2 * pinball / scale / q : double.NaN;
    }

    /// <summary>
    /// Mean absolute scaled error (Hyndman &amp; Koehler 2006): <c>mean |y − ŷ| / scale</c>. For h-step log returns
    /// the in-sample naive (random-walk) forecast of the level predicts a zero return, so its error is |y|:
    /// pass <see cref="NaiveScale"/> of the training targets. Below 1 beats the naive forecast on the training data's
    /// scale.
    /// </summary>
    /// <param name="pointForecasts">Point forecasts (e.g. the median quantile), shape (n).</param>
    /// <param name="actual">Realised values, shape (n).</param>
    /// <param name="scale">The naive forecast's in-sample mean absolute error, positive.</param>
    /// <param name="rows">The rows to score.</param>
    /// <returns>MASE; NaN for no rows.</returns>
    /// <exception cref="ArgumentException">Shapes disagree or the scale is not positive.</exception>
    public static double Mase(ReadOnlySpan<double> pointForecasts, ReadOnlySpan<double> actual, double scale, ReadOnlySpan<int> rows)
    {
        if (pointForecasts.Length != actual.Length)
        {
            throw new ArgumentException($"{pointForecasts.Length} forecasts for {actual.Length} values.", nameof(pointForecasts));
        }

        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentException($"scale {scale} is not a positive finite number.", nameof(scale));
        }

        if (rows.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var t in rows)
        {
            sum += Math.Abs(actual[t] - pointForecasts[t]);
        }

        return sum / rows.Length / scale;
    }

    /// <summary>The in-sample mean absolute error of the naive (zero-return) forecast: mean |y| over the training
    /// targets, the MASE denominator (Hyndman &amp; Koehler 2006, with the h-step naive forecast).</summary>
    /// <param name="trainingTargets">Training targets (h-step log returns), shape (n), n ≥ 1.</param>
    /// <returns>The scale.</returns>
    /// <exception cref="ArgumentException">No targets.</exception>
    public static double NaiveScale(ReadOnlySpan<double> trainingTargets)
    {
        if (trainingTargets.IsEmpty)
        {
            throw new ArgumentException("no training targets to scale by.", nameof(trainingTargets));
        }

        double sum = 0;
        foreach (var y in trainingTargets)
        {
            sum += Math.Abs(y);
        }

        return sum / trainingTargets.Length;
    }

    /// <summary>Directional hit rate: among rows whose forecast and outcome are both non-zero, the fraction with the
    /// same sign.</summary>
    /// <param name="pointForecasts">Point forecasts, shape (n).</param>
    /// <param name="actual">Realised values, shape (n).</param>
    /// <param name="rows">The rows to score.</param>
    /// <returns>The fraction in [0, 1]; NaN when no row counts.</returns>
    public static double HitRate(ReadOnlySpan<double> pointForecasts, ReadOnlySpan<double> actual, ReadOnlySpan<int> rows)
    {
        if (pointForecasts.Length != actual.Length)
        {
            throw new ArgumentException($"{pointForecasts.Length} forecasts for {actual.Length} values.", nameof(pointForecasts));
        }

        int hits = 0, counted = 0;
        foreach (var t in rows)
        {
            if (pointForecasts[t] == 0 || actual[t] == 0)
            {
                continue;
            }

            counted++;
            if (Math.Sign(pointForecasts[t]) == Math.Sign(actual[t]))
            {
                hits++;
            }
        }

        return counted > 0 ? (double)hits / counted : double.NaN;
    }

    /// <summary>
    /// Per-period Sortino ratio (Sortino &amp; Price 1994, target 0, downside deviation over all periods, not
    /// annualised) of after-cost strategy returns <c>r_t</c>: <c>mean(r) / √(mean(min(r, 0)²))</c>.
    /// </summary>
    /// <param name="strategyReturns">After-cost returns per period, shape (n).</param>
    /// <param name="rows">The periods to use.</param>
    /// <returns>The ratio; NaN with no negative period or no rows.</returns>
    public static double Sortino(ReadOnlySpan<double> strategyReturns, ReadOnlySpan<int> rows)
    {
        var selected = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = strategyReturns[rows[i]];
        }

        // SharpeRatios.Sortino with no annualisation (√1) is exactly the per-period ratio.
        return SharpeRatios.Sortino("per_period", selected, periodsPerYear: 1, minimumObservations: 1).Value ?? double.NaN;
    }

    /// <summary>
    /// After-cost returns of holding position <c>p_t</c> over non-overlapping periods:
    /// <c>r_t = p_t · y_t − (fee + halfSpread_t) · |p_t − p_{t−1}|</c>, with <c>p_{−1} = 0</c> (the first period
    /// pays to enter). Positions are fractions of capital in [−1, 1]; returns are log returns of the period.
    /// </summary>
    /// <param name="positions">Positions, shape (n).</param>
    /// <param name="periodReturns">The traded instrument's return over each period, shape (n).</param>
    /// <param name="halfSpreads">Relative half spread when the position is changed, shape (n).</param>
    /// <param name="feeRate">Fee as a fraction of notional traded.</param>
    /// <param name="destination">The strategy returns, shape (n).</param>
    /// <exception cref="ArgumentException">Shapes disagree or the fee is negative.</exception>
    public static void StrategyReturns(ReadOnlySpan<double> positions, ReadOnlySpan<double> periodReturns, ReadOnlySpan<double> halfSpreads, double feeRate, Span<double> destination)
    {
        if (periodReturns.Length != positions.Length || halfSpreads.Length != positions.Length || destination.Length != positions.Length)
        {
            throw new ArgumentException($"positions ({positions.Length}), returns ({periodReturns.Length}), half spreads ({halfSpreads.Length}) and destination ({destination.Length}) must have one length.", nameof(positions));
        }

        if (!(feeRate >= 0))
        {
            throw new ArgumentException($"fee rate {feeRate} is negative.", nameof(feeRate));
        }

        var previous = 0.0;
        for (var t = 0; t < positions.Length; t++)
        {
            destination[t] = (positions[t] * periodReturns[t]) - ((feeRate + halfSpreads[t]) * Math.Abs(positions[t] - previous));
            previous = positions[t];
        }
    }
}
