namespace Quant.Orleans.Learning.Adaptation;

/// <summary>
/// The serving scaler of a student: what <see cref="Models.StudentTokens.Fill"/> needs besides the rows — the training
/// scaler's per-column mean and scale of the F raw student columns, and the floor of the window's mean scale. The same
/// values a <see cref="Models.StudentForecaster"/> is built with (a model folder's manifest <c>scaler</c> and
/// <c>scale_floor</c>), so the adaptation sees exactly the tokens serving sees. Immutable (the arrays are copied).
/// </summary>
public sealed class StudentInputScaling
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <summary>Copies and checks the scaler.</summary>
    /// <param name="mean">Per-column mean of the raw columns, shape (F), finite.</param>
    /// <param name="scale">Per-column scale, shape (F), finite and &gt; 0.</param>
    /// <param name="scaleFloor">The mean scale's floor used in training, finite and &gt; 0 (a log return).</param>
    /// <exception cref="ArgumentException">No columns, the lengths differ, or a mean or scale breaks its rule (the
    /// column is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scaleFloor"/> is not finite and &gt; 0.</exception>
    public StudentInputScaling(ReadOnlySpan<double> mean, ReadOnlySpan<double> scale, float scaleFloor)
    {
        if (mean.Length == 0 || scale.Length != mean.Length)
        {
            throw new ArgumentException($"{mean.Length} means and {scale.Length} scales; the scaler needs one of each per raw column (at least one).", nameof(mean));
        }

        for (var j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j]))
            {
                throw new ArgumentException($"mean[{j}] = {mean[j]}; every mean must be finite.", nameof(mean));
            }

            if (!(scale[j] > 0) || !double.IsFinite(scale[j]))
            {
                throw new ArgumentException($"scale[{j}] = {scale[j]}; every scale must be finite and > 0.", nameof(scale));
            }
        }

        if (!(scaleFloor > 0f) || !float.IsFinite(scaleFloor))
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFloor), scaleFloor, "The mean scale's floor must be finite and > 0.");
        }

        (_mean, _scale, ScaleFloor) = (mean.ToArray(), scale.ToArray(), scaleFloor);
    }

    /// <summary>Raw columns per row, F (the student takes F + 1 inputs per step: these and the log-mid path).</summary>
    public int Columns => _mean.Length;

    /// <summary>Per-column mean, shape (F).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Per-column scale, shape (F).</summary>
    public ReadOnlySpan<double> Scale => _scale;

    /// <summary>The floor of a window's mean scale (a log return).</summary>
    public float ScaleFloor { get; }
}
