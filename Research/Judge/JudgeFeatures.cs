using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// The judge's causal features: every value of a candidate's row reads the market arrays at steps ≤ the candidate's
/// step only, so a change after it leaves the row unchanged. Columns (schema version <see cref="SchemaVersion"/>):
/// <list type="table">
/// <item><term><c>side</c></term><description>the candidate's side, ±1.</description></item>
/// <item><term><c>confidence</c></term><description>|μ|/σ of the primary forecast (dimensionless).</description></item>
/// <item><term><c>quantile_spread</c></term><description>(optional) q_high − q_low, ln return.</description></item>
/// <item><term><c>quantile_position</c></term><description>(optional) fraction of [q_low, q_high] on the side's side
/// of zero: clip(q_high/(q_high − q_low), 0, 1) for a long, clip(−q_low/(q_high − q_low), 0, 1) for a short; 0.5
/// when q_high = q_low.</description></item>
/// <item><term><c>realised_volatility</c></term><description>EWMA σ of ln mid returns (<see cref="EwmaVolatility"/>),
/// ln return per grid step; 0 at step 0.</description></item>
/// <item><term><c>relative_spread</c></term><description>(ask − bid)/mid = 2 · HalfSpread (dimensionless).</description></item>
/// <item><term><c>size_imbalance</c></term><description>(bid size − ask size)/(bid size + ask size) at the best, in
/// [−1, 1]; 0 when both are 0.</description></item>
/// <item><term><c>trade_flow_imbalance</c></term><description>as supplied, in [−1, 1].</description></item>
/// <item><term><c>time_of_day</c></term><description>seconds since the calendar's grid open (09:30 New York for
/// us_equity) in the calendar's time zone, negative before it.</description></item>
/// <item><term><c>regime_r</c></term><description>P(regime r), r = 0 … R − 1, as supplied.</description></item>
/// <item><term><c>frac_diff_log_mid</c></term><description>FFD of ln mid with the fitted d (<see cref="FractionalDifferenceFit"/>):
/// Σ_k w[k] · ln mid[t − k] over k ≤ min(t, W − 1) (the window is truncated in the first W − 1 steps), ln price units.</description></item>
/// </list>
/// </summary>
public sealed class JudgeFeatures
{
    /// <summary>Version of the column set and meanings; change it when either changes.</summary>
    public const int SchemaVersion = 1;

    private readonly JudgeFeatureOptions _options;

    /// <summary>Creates the feature builder.</summary>
    /// <param name="options">Optional columns and estimator settings.</param>
    /// <param name="fractionalDifference">The d fitted on training data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The regime count is negative or the volatility span below 1.</exception>
    public JudgeFeatures(JudgeFeatureOptions options, FractionalDifferenceFit fractionalDifference)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fractionalDifference);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RegimeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.VolatilitySpan, 1);
        _options = options;
        Schema = options.Schema();
        FractionalDifference = fractionalDifference;
    }

    /// <summary>The schema of the rows this builder writes.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The fitted order of fractional differencing.</summary>
    public FractionalDifferenceFit FractionalDifference { get; }

    /// <summary>The schema for R regimes, with or without the quantile columns.</summary>
    /// <param name="regimeCount">R ≥ 0.</param>
    /// <param name="includeQuantiles">Whether the quantile columns exist.</param>
    /// <returns>Version <see cref="SchemaVersion"/> and the column names in row order.</returns>
    public static FeatureSchema SchemaFor(int regimeCount, bool includeQuantiles)
    {
        var columns = new List<string> { "side", "confidence" };
        if (includeQuantiles)
        {
            columns.Add("quantile_spread");
            columns.Add("quantile_position");
        }

        columns.AddRange(["realised_volatility", "relative_spread", "size_imbalance", "trade_flow_imbalance", "time_of_day"]);
        for (var r = 0; r < regimeCount; r++)
        {
            columns.Add(FormattableString.Invariant($"regime_{r}"));
        }

        columns.Add("frac_diff_log_mid");
        return new FeatureSchema(SchemaVersion, [.. columns]);
    }

    /// <summary>Builds one row per candidate.</summary>
    /// <param name="market">The grid series.</param>
    /// <param name="candidates">The candidates (any order).</param>
    /// <returns>Row-major float32 features, shape (candidates, d).</returns>
    /// <exception cref="ArgumentException">The market or a candidate is invalid, the market's regime count differs from
    /// the options', or quantiles are required but missing.</exception>
    public float[] Compute(JudgeMarketData market, IReadOnlyList<JudgeCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(candidates);
        market.Validate();
        if (market.RegimeCount != _options.RegimeCount)
        {
            throw new ArgumentException($"market has {market.RegimeCount} regimes, the feature schema {_options.RegimeCount}.", nameof(market));
        }

        var n = market.Length;
        var d = Schema.Width;
        var rows = new float[candidates.Count * d];
        var order = new int[candidates.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var c = candidates[i];
            c.Validate(n, i);
            if (_options.IncludeQuantiles && !c.HasQuantiles)
            {
                throw new ArgumentException($"candidates[{i}] has no quantiles but the schema has quantile columns.", nameof(candidates));
            }

            order[i] = i;
        }

        // Stable by step: the state walks the grid once and writes each candidate's row at its step.
        Array.Sort(order, (a, b) => candidates[a].Index != candidates[b].Index ? candidates[a].Index.CompareTo(candidates[b].Index) : a.CompareTo(b));
        var state = new JudgeFeatureState(_options, FractionalDifference);
        var r = _options.RegimeCount;
        foreach (var i in order)
        {
            var c = candidates[i];
            while (state.Steps <= c.Index)
            {
                var t = state.Steps;
                state.Step(market.Times[t], market.Mid[t], market.HalfSpread[t], market.BidSize[t], market.AskSize[t], market.TradeFlowImbalance[t]);
            }

            state.WriteRow(c.Mu, c.Sigma, c.QuantileLow, c.QuantileHigh, market.RegimeProbabilities.AsSpan(c.Index * r, r), rows.AsSpan(i * d, d));
        }

        return rows;
    }
}
