namespace Quant.Orleans.Learning.Models;

/// <summary>
/// Turns a causal window of raw feature rows into the student's input tokens, the same way in training (the
/// distillation samples) and in serving: each row's features standardised with the training scaler
/// (<c>(x − mean) / scale</c> in double, then float32), then one more column, the log-mid path since the window's last
/// step divided by the window's mean scale (Chronos's mean scaling, Ansari et al. 2024 §3.1, of the series itself).
/// The mean scale is <see cref="MeanScaleQuantizer.MeanAbsScale"/> of the window's L one-step log-mid returns.
/// </summary>
public static class StudentTokens
{
    /// <summary>The mean scale of a window: mean |ln mid(k) − ln mid(k − 1)| over its L steps, at least
    /// <paramref name="floor"/>.</summary>
    /// <param name="logMids">L + 1 log mids: the step before the window, then each window step, in time order.</param>
    /// <param name="floor">The floor, finite and &gt; 0.</param>
    /// <returns>The scale, a log return.</returns>
    /// <exception cref="ArgumentException">Fewer than two log mids.</exception>
    public static float MeanScale(ReadOnlySpan<double> logMids, float floor)
    {
        if (logMids.Length < 2)
        {
            throw new ArgumentException($"{logMids.Length} log mids; a window needs at least 2 (the step before it and one step).", nameof(logMids));
        }

        var l = logMids.Length - 1;
        Span<float> returns = l <= 512 ? stackalloc float[l] : new float[l];
        for (var k = 0; k < l; k++)
        {
            returns[k] = (float)(logMids[k + 1] - logMids[k]);
        }

        return MeanScaleQuantizer.MeanAbsScale(returns, floor);
    }

    /// <summary>Fills the tokens of one window.</summary>
    /// <param name="rows">Raw feature rows, shape (L, F), time order, the last row the sample step.</param>
    /// <param name="logMids">L + 1 log mids: the step before the window, then each window step.</param>
    /// <param name="mean">The scaler's per-column mean, shape (F).</param>
    /// <param name="scale">The scaler's per-column scale, shape (F), positive.</param>
    /// <param name="floor">The mean scale's floor.</param>
    /// <param name="destination">The tokens, shape (L, F + 1).</param>
    /// <returns>The window's mean scale (multiply a scaled forecast by it and √(horizon steps) to get a log return).</returns>
    /// <exception cref="ArgumentException">A shape disagrees (both sizes named).</exception>
    public static float Fill(ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids, ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, float floor, Span<float> destination)
    {
        var f = mean.Length;
        if (f == 0 || scale.Length != f || rows.Length % f != 0)
        {
            throw new ArgumentException($"rows have {rows.Length} values for {f} means and {scale.Length} scales.", nameof(rows));
        }

        var l = rows.Length / f;
        if (logMids.Length != l + 1 || destination.Length != l * (f + 1))
        {
            throw new ArgumentException($"a window of {l} rows needs {l + 1} log mids (got {logMids.Length}) and {l * (f + 1)} token values (got {destination.Length}).", nameof(logMids));
        }

        var meanScale = MeanScale(logMids, floor);
        var last = logMids[l];
        for (var k = 0; k < l; k++)
        {
            var o = k * (f + 1);
            for (var j = 0; j < f; j++)
            {
                var z = (float)((rows[(k * f) + j] - mean[j]) / scale[j]);
                destination[o + j] = float.IsFinite(z) ? z : 0f;
            }

            destination[o + f] = (float)((logMids[k + 1] - last) / meanScale);
        }

        return meanScale;
    }
}
