namespace Quant.Orleans.Research.Judge;

/// <summary>
/// One primary-model candidate the judge decides on: at grid step <see cref="Index"/> the primary forecast of the
/// log return is <see cref="Mu"/> with standard deviation <see cref="Sigma"/>; the candidate trade's side is the sign
/// of <see cref="Mu"/> (AFML §3.6: the primary model picks the side, the judge picks the size, here take or skip).
/// </summary>
/// <param name="Index">Grid step of the candidate in the <see cref="JudgeMarketData"/> arrays, ≥ 0.</param>
/// <param name="Mu">Forecast mean log return over the horizon, ln return, non-zero and finite.</param>
/// <param name="Sigma">Forecast standard deviation, ln return, finite and &gt; 0.</param>
/// <param name="QuantileLow">Optional lower forecast quantile (e.g. 10 %), ln return; NaN when the primary model has none.</param>
/// <param name="QuantileHigh">Optional upper forecast quantile (e.g. 90 %), ln return; NaN when none.</param>
public readonly record struct JudgeCandidate(int Index, double Mu, double Sigma, double QuantileLow = double.NaN, double QuantileHigh = double.NaN)
{
    /// <summary>The candidate trade's side: +1 (long) when <see cref="Mu"/> &gt; 0, −1 (short) when &lt; 0.</summary>
    public sbyte Side => Mu > 0 ? (sbyte)1 : (sbyte)-1;

    /// <summary>Whether both quantiles are given (finite).</summary>
    public bool HasQuantiles => double.IsFinite(QuantileLow) && double.IsFinite(QuantileHigh);

    /// <summary>Checks the values against a market of <paramref name="steps"/> grid steps.</summary>
    /// <param name="steps">Length n of the market arrays.</param>
    /// <param name="position">Position of the candidate in its list, for the message.</param>
    /// <exception cref="ArgumentException">The index is outside [0, n), μ is zero or not finite, σ is not positive and
    /// finite, or the quantiles are given but QuantileLow &gt; QuantileHigh.</exception>
    public void Validate(int steps, int position)
    {
        if ((uint)Index >= (uint)steps)
        {
            throw new ArgumentException($"candidates[{position}].Index = {Index} is outside [0, {steps}).", "candidates");
        }

        if (!double.IsFinite(Mu) || Mu == 0)
        {
            throw new ArgumentException($"candidates[{position}].Mu = {Mu}; a candidate needs a finite non-zero forecast (its sign is the side).", "candidates");
        }

        if (!double.IsFinite(Sigma) || !(Sigma > 0))
        {
            throw new ArgumentException($"candidates[{position}].Sigma = {Sigma} must be finite and > 0.", "candidates");
        }

        if (HasQuantiles && QuantileLow > QuantileHigh)
        {
            throw new ArgumentException($"candidates[{position}] has QuantileLow {QuantileLow} > QuantileHigh {QuantileHigh}.", "candidates");
        }
    }
}
