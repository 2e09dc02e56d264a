namespace Quant.Orleans.Core;

/// <summary>
/// The policy head's state function (version <see cref="Version"/>): maps one forecast to the row of
/// <see cref="Width"/> floats the Beta policy head reads (Learning's <c>PolicyHead</c>, columns in the order of
/// <c>PolicyFeatures</c>: forecast, volatility, trend, extras). The one definition for training and serving ("train as
/// you serve"): the portfolio's policy sizing (Trading) and a training-data generator (Research, Learning) call this
/// same function, which is why it lives in Core, the one project every domain library references. A model folder
/// records <see cref="Version"/> and <see cref="Columns"/>; a change of any formula below is a new version.
/// <para>Columns (h = horizon in seconds, σ = the model's noise over the horizon, all clipped to ±<see cref="ClipLimit"/>,
/// column 3 to [0, <see cref="ClipLimit"/>]):</para>
/// <list type="number">
/// <item><c>forecast_to_noise</c> = μ/σ: the forecast in units of its own noise (the forecast-to-noise ratio the judge
/// also looks at), dimensionless.</item>
/// <item><c>log_noise_per_root_second</c> = ln(σ/(√h·σ_ref)), σ_ref = <see cref="ReferenceVolatilityPerRootSecond"/>
/// (1e-4 ln price per √s, ≈ 1.5% over a 6.5-hour session): the noise level per √second on a log scale, 0 at the
/// reference.</item>
/// <item><c>trend_over_horizon_to_noise</c> = trend·h/σ: the filtered drift carried over the horizon, in units of the
/// noise.</item>
/// <item><c>realised_to_noise</c> = rv·√h/σ: the realised volatility over the horizon relative to the model's noise.</item>
/// </list>
/// </summary>
public static class PolicyState
{
    /// <summary>Version of the formulas above; recorded in a policy model folder's feature schema.</summary>
    public const int Version = 1;

    /// <summary>Number of columns of a state row.</summary>
    public const int Width = 4;

    /// <summary>Every column is clipped to [−ClipLimit, ClipLimit] (column 3 to [0, ClipLimit]), so one outlier forecast
    /// cannot drive a tanh layer into saturation far from the training range.</summary>
    public const double ClipLimit = 5.0;

    /// <summary>σ_ref of column 1, ln price per √second (1e-4 ≈ 1.5% over 23,400 s).</summary>
    public const double ReferenceVolatilityPerRootSecond = 1e-4;

    /// <summary>The column names, in order (snake_case, as a model folder's feature schema lists them).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["forecast_to_noise", "log_noise_per_root_second", "trend_over_horizon_to_noise", "realised_to_noise"];

    /// <summary>
    /// Writes the state row of one forecast into <paramref name="state"/>: effectively
    /// <c>state = [clip(μ/σ), clip(ln(σ/(√h·σ_ref))), clip(trend·h/σ), clip₀(rv·√h/σ)]</c> (see the type), computed in
    /// double and rounded to float.
    /// </summary>
    /// <param name="expectedLogReturn">μ, the expected log return of the mid over the horizon, finite.</param>
    /// <param name="noiseStandardDeviation">σ, the model's residual standard deviation of the log return over the same
    /// horizon, finite and &gt; 0.</param>
    /// <param name="horizon">The forecast horizon, &gt; 0.</param>
    /// <param name="realisedVolatility">Realised volatility at the forecast, ln price per √second, finite and ≥ 0.</param>
    /// <param name="trend">The filtered slope of ln mid, ln price per second, finite.</param>
    /// <param name="state">Destination of length <see cref="Width"/>.</param>
    /// <exception cref="ArgumentException">An input is refused (the message names it, its value and the rule: see
    /// <see cref="Refusal"/>), or <paramref name="state"/> is not of length <see cref="Width"/>.</exception>
    public static void Write(double expectedLogReturn, double noiseStandardDeviation, TimeSpan horizon, double realisedVolatility, double trend, Span<float> state)
    {
        if (state.Length != Width)
        {
            throw new ArgumentException($"state must have length {Width} (PolicyState version {Version}); got {state.Length}.", nameof(state));
        }

        if (Refusal(expectedLogReturn, noiseStandardDeviation, horizon, realisedVolatility, trend) is { } refusal)
        {
            throw new ArgumentException(refusal.Message, refusal.Field);
        }

        var h = horizon.TotalSeconds;
        var sigma = noiseStandardDeviation;
        var rootH = Math.Sqrt(h);
        state[0] = (float)Math.Clamp(expectedLogReturn / sigma, -ClipLimit, ClipLimit);
        state[1] = (float)Math.Clamp(Math.Log(sigma / (rootH * ReferenceVolatilityPerRootSecond)), -ClipLimit, ClipLimit);
        state[2] = (float)Math.Clamp(trend * h / sigma, -ClipLimit, ClipLimit);
        state[3] = (float)Math.Clamp(realisedVolatility * rootH / sigma, 0.0, ClipLimit);
    }

    /// <summary>Why <see cref="Write"/> refuses these inputs, or null when it accepts them: μ not finite, σ not finite
    /// or not &gt; 0, horizon not &gt; 0, realised volatility not finite or negative, trend not finite (NaN: the sender
    /// has none). A caller that must not throw (the sizing path) asks this first and skips the forecast.</summary>
    /// <returns>The refused input's parameter name and a message naming its value and the rule; null when accepted.</returns>
    public static (string Field, string Message)? Refusal(double expectedLogReturn, double noiseStandardDeviation, TimeSpan horizon, double realisedVolatility, double trend)
    {
        if (!double.IsFinite(expectedLogReturn))
        {
            return (nameof(expectedLogReturn), $"expectedLogReturn must be finite; got {expectedLogReturn}.");
        }

        if (!double.IsFinite(noiseStandardDeviation) || !(noiseStandardDeviation > 0))
        {
            return (nameof(noiseStandardDeviation), $"noiseStandardDeviation must be finite and > 0; got {noiseStandardDeviation}.");
        }

        if (horizon <= TimeSpan.Zero)
        {
            return (nameof(horizon), $"horizon must be > 0; got {horizon}.");
        }

        if (!double.IsFinite(realisedVolatility) || realisedVolatility < 0)
        {
            return (nameof(realisedVolatility), $"realisedVolatility must be finite and >= 0; got {realisedVolatility}.");
        }

        if (!double.IsFinite(trend))
        {
            return (nameof(trend), $"trend must be finite; got {trend}.");
        }

        return null;
    }
}
