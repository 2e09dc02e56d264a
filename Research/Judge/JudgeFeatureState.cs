using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// The judge's causal feature state, fed one grid step at a time: the same columns and arithmetic as
/// <see cref="JudgeFeatures"/> (whose batch <see cref="JudgeFeatures.Compute"/> runs through this class), so the rows a
/// judge is trained on and the rows a symbol grain serves it are written by one piece of code. The row of a candidate
/// reads the latest step fed and the steps before it only. Not thread-safe.
/// <list type="bullet">
/// <item>EWMA volatility: v₁ = r₁², vₜ = (1 − α)·vₜ₋₁ + α·rₜ² with rₜ = ln midₜ − ln midₜ₋₁ and α = 2/(span + 1), as
/// <see cref="Labels.EwmaVolatility"/> (0 at the first step, where no return exists).</item>
/// <item>Fractionally differenced ln mid: Σ_k w[k] · ln mid[t − k] over the last min(t + 1, W) steps (a ring of W ln mids).</item>
/// </list>
/// </summary>
public sealed class JudgeFeatureState
{
    private readonly JudgeFeatureOptions _options;
    private readonly double[] _weights;
    private readonly double[] _logMids;
    private readonly double _alpha;
    private int _steps;
    private double _variance;
    private double _previousLogMid;
    private long _time;
    private double _halfSpread;
    private double _bidSize;
    private double _askSize;
    private double _tradeFlow;

    /// <summary>Creates an empty state.</summary>
    /// <param name="options">Optional columns and estimator settings.</param>
    /// <param name="fractionalDifference">The d fitted on training data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The regime count is negative or the volatility span below 1.</exception>
    public JudgeFeatureState(JudgeFeatureOptions options, FractionalDifferenceFit fractionalDifference)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fractionalDifference);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RegimeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.VolatilitySpan, 1);
        _options = options;
        _weights = fractionalDifference.Weights();
        _logMids = new double[_weights.Length];
        _alpha = 2.0 / (options.VolatilitySpan + 1.0);
        Schema = options.Schema();
        RegimeColumn = Schema.Width - 1 - options.RegimeCount;
    }

    /// <summary>The schema of the rows written.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Column of <c>regime_0</c> in a row (the regime columns follow it).</summary>
    public int RegimeColumn { get; }

    /// <summary>Steps fed since the last <see cref="Reset"/>.</summary>
    public int Steps => _steps;

    /// <summary>The latest step's time, UTC Unix ns; 0 before the first.</summary>
    public long Time => _time;

    /// <summary>The latest step's mid, USD; NaN before the first.</summary>
    public double Mid => _steps > 0 ? Math.Exp(_previousLogMid) : double.NaN;

    /// <summary>The latest step's relative half-spread; NaN before the first.</summary>
    public double HalfSpread => _steps > 0 ? _halfSpread : double.NaN;

    /// <summary>Forgets every step (a new session).</summary>
    public void Reset()
    {
        _steps = 0;
        _variance = 0;
        _previousLogMid = double.NaN;
        _time = 0;
        Array.Clear(_logMids);
    }

    /// <summary>Feeds the next grid step.</summary>
    /// <param name="timeNanos">Step time, UTC Unix ns, increasing.</param>
    /// <param name="mid">NBBO mid, USD, finite and &gt; 0.</param>
    /// <param name="halfSpread">Relative half-spread (ask − bid)/2/mid, ≥ 0.</param>
    /// <param name="bidSize">Shares at the best bid, ≥ 0.</param>
    /// <param name="askSize">Shares at the best ask, ≥ 0.</param>
    /// <param name="tradeFlowImbalance">(B − S)/(B + S) in [−1, 1].</param>
    /// <exception cref="ArgumentException">A value is out of its range or the time does not increase (step number named).</exception>
    public void Step(long timeNanos, double mid, double halfSpread, double bidSize, double askSize, double tradeFlowImbalance)
    {
        if (_steps > 0 && timeNanos <= _time)
        {
            throw new ArgumentException($"step {_steps}: time {timeNanos} does not increase (previous {_time}).", nameof(timeNanos));
        }

        Check(nameof(mid), mid, mid > 0);
        Check(nameof(halfSpread), halfSpread, halfSpread >= 0);
        Check(nameof(bidSize), bidSize, bidSize >= 0);
        Check(nameof(askSize), askSize, askSize >= 0);
        Check(nameof(tradeFlowImbalance), tradeFlowImbalance, Math.Abs(tradeFlowImbalance) <= 1);
        var log = Math.Log(mid);
        if (_steps > 0)
        {
            var r = log - _previousLogMid;
            _variance = _steps == 1 ? r * r : ((1 - _alpha) * _variance) + (_alpha * r * r);
        }

        _logMids[_steps % _logMids.Length] = log;
        _previousLogMid = log;
        (_time, _halfSpread, _bidSize, _askSize, _tradeFlow) = (timeNanos, halfSpread, bidSize, askSize, tradeFlowImbalance);
        _steps++;
    }

    /// <summary>Feeds the next grid step.</summary>
    /// <param name="step">The step's values (see the other overload).</param>
    /// <exception cref="ArgumentException">A value is out of its range or the time does not increase.</exception>
    public void Step(in JudgeGridStep step) => Step(step.Time, step.Mid, step.HalfSpread, step.BidSize, step.AskSize, step.TradeFlowImbalance);

    /// <summary>Writes the row of a candidate at the latest step.</summary>
    /// <param name="mu">Forecast mean ln return, finite and non-zero (its sign is the side).</param>
    /// <param name="sigma">Forecast standard deviation, finite and &gt; 0.</param>
    /// <param name="quantileLow">Lower forecast quantile, ln return (read only when the schema has quantile columns).</param>
    /// <param name="quantileHigh">Upper forecast quantile, ln return (same).</param>
    /// <param name="regimeProbabilities">P(regime r) at the step, shape (R); empty when R = 0.</param>
    /// <param name="row">Destination, shape (<see cref="Schema"/> width).</param>
    /// <exception cref="InvalidOperationException">No step was fed.</exception>
    /// <exception cref="ArgumentException">A shape differs, or μ, σ or the quantiles are invalid.</exception>
    public void WriteRow(double mu, double sigma, double quantileLow, double quantileHigh, ReadOnlySpan<double> regimeProbabilities, Span<float> row)
    {
        if (_steps == 0)
        {
            throw new InvalidOperationException("The judge's feature state has no grid step yet.");
        }

        if (row.Length != Schema.Width)
        {
            throw new ArgumentException($"row has {row.Length} values; the schema has {Schema.Width} columns.", nameof(row));
        }

        if (regimeProbabilities.Length != _options.RegimeCount)
        {
            throw new ArgumentException($"{regimeProbabilities.Length} regime probabilities; the schema has {_options.RegimeCount} regime columns.", nameof(regimeProbabilities));
        }

        new JudgeCandidate(0, mu, sigma, quantileLow, quantileHigh).Validate(1, 0);
        if (_options.IncludeQuantiles && !(double.IsFinite(quantileLow) && double.IsFinite(quantileHigh)))
        {
            throw new ArgumentException("The candidate has no quantiles but the schema has quantile columns.", nameof(quantileLow));
        }

        var side = mu > 0 ? 1 : -1;
        var j = 0;
        row[j++] = side;
        row[j++] = (float)(Math.Abs(mu) / sigma);
        if (_options.IncludeQuantiles)
        {
            var width = quantileHigh - quantileLow;
            row[j++] = (float)width;
            row[j++] = (float)(width > 0 ? Math.Clamp((side > 0 ? quantileHigh : -quantileLow) / width, 0, 1) : 0.5);
        }

        row[j++] = (float)(_steps > 1 ? Math.Sqrt(_variance) : 0.0);
        row[j++] = (float)(2 * _halfSpread);
        row[j++] = (float)(_bidSize + _askSize > 0 ? (_bidSize - _askSize) / (_bidSize + _askSize) : 0.0);
        row[j++] = (float)_tradeFlow;
        row[j++] = (float)TimeOfDaySeconds(_time);
        for (var r = 0; r < _options.RegimeCount; r++)
        {
            row[j++] = (float)regimeProbabilities[r];
        }

        var sum = 0.0;
        var t = _steps - 1;
        var last = Math.Min(t, _weights.Length - 1);
        for (var k = 0; k <= last; k++)
        {
            sum += _weights[k] * _logMids[(t - k) % _logMids.Length];
        }

        row[j++] = (float)sum;
        System.Diagnostics.Debug.Assert(j == row.Length, "Invariant: every schema column is written once.");
    }

    private double TimeOfDaySeconds(long utcNanos)
    {
        var utc = DateTime.UnixEpoch.AddTicks(utcNanos / 100);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, _options.Calendar.TimeZone);
        return (local.TimeOfDay - _options.Calendar.GridOpen.ToTimeSpan()).TotalSeconds;
    }

    private void Check(string name, double value, bool inRange)
    {
        if (!double.IsFinite(value) || !inRange)
        {
            throw new ArgumentException($"step {_steps}: {name} = {value} is not finite or outside its range.", name);
        }
    }
}
