using System.Security.Cryptography;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Policy;

/// <summary>One out-of-sample forecast as the policy head trains on it.</summary>
/// <param name="Symbol">The ticker.</param>
/// <param name="Day">The session date.</param>
/// <param name="Time">Forecast time, UTC Unix ns.</param>
/// <param name="Mu">The forecast μ, ln return of the mid over the horizon.</param>
/// <param name="Sigma">The forecast's noise σ over the horizon, ln return.</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast, ln price per √second.</param>
/// <param name="Trend">The filtered trend at the forecast, ln price per second.</param>
/// <param name="ForwardReturn">Realised ln(mid[k + n]/mid[k]) with k the candidate's grid step and n = horizon/cadence.</param>
/// <param name="HalfSpread">Relative half-spread (ask − bid)/2/mid at step k: the cost of crossing once, per unit of notional.</param>
public sealed record RottenApple(string Symbol, DateOnly Day, long Time, double Mu, double Sigma, double RealisedVolatility, double Trend, double ForwardReturn, double HalfSpread);

/// <summary>Which recorded candidates become rotten apples, and how their forward return is measured.</summary>
public sealed record RottenAppleOptions
{
    /// <summary>The forecast horizon of the served signals (<c>Signal.Horizon</c>; the ridge baseline's is
    /// <c>Strategy:HorizonSeconds</c>); a positive multiple of <see cref="Cadence"/>.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The judge grid's spacing the recording was sampled on (1 s).</summary>
    public TimeSpan Cadence { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The calendar whose session dates split the recording.</summary>
    public TradingCalendar Calendar { get; init; } = TradingCalendar.UsEquity;

    /// <summary>Which candidates the portfolio would have been sent: by default those the regime gate passed (the
    /// Reckless/Baseline gate, no judge). The <c>policy</c> command uses the Baseline profile's rule as well
    /// (regime passed and |μ|/σ ≥ the judge's minimum ratio).</summary>
    public Func<JudgeRecordedCandidate, bool> Eligible { get; init; } = static c => c.RegimePassed;

    /// <summary>Sessions on or after this date are ignored (the set for test day d is built with <c>Until = d</c>); null: all.</summary>
    public DateOnly? Until { get; init; }
}

/// <summary>A rotten-apple set: the apples in time order (symbol order within a time) and what was dropped.</summary>
/// <param name="Apples">The apples.</param>
/// <param name="Days">The session dates covered, ascending.</param>
/// <param name="Ineligible">Candidates the eligibility rule refused.</param>
/// <param name="Unusable">Eligible candidates without a grid step, or whose μ, σ, volatility or trend the state function refuses.</param>
/// <param name="BeyondSession">Eligible candidates whose horizon ends after the last grid step of their session.</param>
public sealed record RottenAppleSet(RottenApple[] Apples, DateOnly[] Days, int Ineligible, int Unusable, int BeyondSession)
{
    /// <summary>The state rows, shape (Count, <see cref="PolicyState.Width"/>) row-major: <see cref="PolicyState.Write"/>
    /// of each apple's (μ, σ, horizon, realised volatility, trend) — the call the portfolio's policy sizing makes.</summary>
    /// <param name="horizon">The horizon the served signals carry.</param>
    /// <returns>A new array.</returns>
    public float[] States(TimeSpan horizon)
    {
        var states = new float[Apples.Length * PolicyState.Width];
        for (var i = 0; i < Apples.Length; i++)
        {
            var a = Apples[i];
            PolicyState.Write(a.Mu, a.Sigma, horizon, a.RealisedVolatility, a.Trend, states.AsSpan(i * PolicyState.Width, PolicyState.Width));
        }

        return states;
    }

    /// <summary>SHA-256 (lower-case hex) of every apple's fields in order, doubles as IEEE-754 bits: the training data
    /// hash a policy folder records.</summary>
    /// <returns>The hash.</returns>
    public string Hash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[8];
        void Add(double value)
        {
            BitConverter.TryWriteBytes(buffer, BitConverter.DoubleToInt64Bits(value));
            hash.AppendData(buffer);
        }

        foreach (var a in Apples)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(a.Symbol));
            Add(a.Time);
            Add(a.Mu);
            Add(a.Sigma);
            Add(a.RealisedVolatility);
            Add(a.Trend);
            Add(a.ForwardReturn);
            Add(a.HalfSpread);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>
/// The policy head's training set ("rotten apples": the primary model's out-of-sample forecasts, bad ones included)
/// from what symbol grains recorded during a walk-forward (<see cref="JudgeSymbolRecording"/>, one test day per window,
/// so every forecast comes from a model fitted on earlier days only). For each eligible candidate at grid step k with
/// n = horizon/cadence: the forward return ln(mid[k + n]/mid[k]) when step k + n lies in the same session (and
/// exactly n·cadence after step k), the half-spread at step k, and the inputs of <see cref="PolicyState.Write"/> as the
/// signal carried them. Candidates whose horizon leaves the session are dropped and counted. Deterministic: the same
/// recordings give the same set.
/// </summary>
public static class RottenApples
{
    /// <summary>Builds the set.</summary>
    /// <param name="recordings">One recording per symbol (any order; the result is sorted by time, then symbol).</param>
    /// <param name="options">Horizon, cadence, calendar, eligibility, cut-off.</param>
    /// <returns>The set (possibly empty).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The cadence is not positive, or the horizon is not a positive
    /// multiple of it.</exception>
    /// <exception cref="ArgumentException">A recording's steps are out of time order, a candidate names a step outside
    /// its recording, or a recorded mid is not finite and positive (symbol and index named).</exception>
    public static RottenAppleSet Build(IReadOnlyList<JudgeSymbolRecording> recordings, RottenAppleOptions options)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cadence <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Cadence, $"Cadence must be positive; got {options.Cadence}.");
        }

        if (options.Horizon <= TimeSpan.Zero || options.Horizon.Ticks % options.Cadence.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Horizon, $"Horizon must be a positive multiple of the cadence {options.Cadence}; got {options.Horizon}.");
        }

        var n = (int)(options.Horizon.Ticks / options.Cadence.Ticks);
        var horizonNanos = options.Horizon.Ticks * 100;
        var calendar = options.Calendar;
        var apples = new List<(int Symbol, int Order, RottenApple Apple)>();
        int ineligible = 0, unusable = 0, beyond = 0;
        for (var s = 0; s < recordings.Count; s++)
        {
            var recording = recordings[s];
            var steps = recording.Steps;
            for (var i = 0; i < steps.Count; i++)
            {
                if (i > 0 && steps[i].Time <= steps[i - 1].Time)
                {
                    throw new ArgumentException($"{recording.Symbol}: step {i} at {steps[i].Time} does not follow step {i - 1} at {steps[i - 1].Time}.", nameof(recordings));
                }

                if (!double.IsFinite(steps[i].Mid) || steps[i].Mid <= 0)
                {
                    throw new ArgumentException($"{recording.Symbol}: step {i} has mid {steps[i].Mid}; a recorded mid must be finite and positive.", nameof(recordings));
                }
            }

            foreach (var c in recording.Candidates)
            {
                var day = calendar.SessionDate(c.Time);
                if (options.Until is { } until && day >= until)
                {
                    continue;
                }

                if (c.Step >= steps.Count)
                {
                    throw new ArgumentException($"{recording.Symbol}: the candidate at {c.Time} names step {c.Step}; the recording has {steps.Count} steps.", nameof(recordings));
                }

                if (!options.Eligible(c))
                {
                    ineligible++;
                    continue;
                }

                if (c.Step < 0 || PolicyState.Refusal(c.Mu, c.Sigma, options.Horizon, c.RealisedVolatility, c.Trend) is not null
                    || calendar.SessionDate(steps[c.Step].Time) != day)
                {
                    unusable++;
                    continue;
                }

                var end = c.Step + n;
                if (end >= steps.Count || calendar.SessionDate(steps[end].Time) != day || steps[end].Time - steps[c.Step].Time != horizonNanos)
                {
                    beyond++;
                    continue;
                }

                var entry = steps[c.Step];
                var forward = Math.Log(steps[end].Mid / entry.Mid);
                apples.Add((s, apples.Count, new RottenApple(recording.Symbol, day, c.Time, c.Mu, c.Sigma, c.RealisedVolatility, c.Trend, forward, entry.HalfSpread)));
            }
        }

        apples.Sort((a, b) => a.Apple.Time != b.Apple.Time ? a.Apple.Time.CompareTo(b.Apple.Time)
            : string.CompareOrdinal(a.Apple.Symbol, b.Apple.Symbol) is var bySymbol && bySymbol != 0 ? bySymbol
            : a.Symbol != b.Symbol ? a.Symbol.CompareTo(b.Symbol) : a.Order.CompareTo(b.Order));
        var result = apples.Select(a => a.Apple).ToArray();
        return new RottenAppleSet(result, [.. result.Select(a => a.Day).Distinct().Order()], ineligible, unusable, beyond);
    }
}
