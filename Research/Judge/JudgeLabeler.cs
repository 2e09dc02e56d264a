using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// Meta-labels for primary-model candidates (López de Prado, AFML §3.6): for each candidate the triple barrier of
/// <see cref="TripleBarrierLabeler"/> is placed on the mid for the candidate's side, with the half-width
/// <c>σ_h = k · σ₁[s] · √V</c> in ln price (σ₁ the causal EWMA volatility of ln mid returns per step,
/// <see cref="EwmaVolatility"/>, 0 at step 0 where no return exists; V = <c>Barriers.MaxHoldingObservations</c>; k the
/// barrier multiples). The trade's net return is the side-adjusted mid-to-mid return to the first touch minus
/// <c>2 · FeeRate + HalfSpread[s] + HalfSpread[touch]</c> (crossing half the spread to enter and to leave); the label
/// is 1 exactly when it is &gt; 0. <see cref="MetaLabeler"/> takes one round-trip cost for every event, so the
/// per-candidate spread cost is applied here on <see cref="TripleBarrierLabeler"/>'s output. Acausal by design.
/// </summary>
public static class JudgeLabeler
{
    /// <summary>Labels every candidate.</summary>
    /// <param name="market">The grid series.</param>
    /// <param name="candidates">Candidates sorted by <see cref="JudgeCandidate.Index"/> (ties allowed).</param>
    /// <param name="options">Barriers and costs.</param>
    /// <returns>One label per candidate, in the same order.</returns>
    /// <exception cref="ArgumentException">The market or a candidate is invalid, or candidates are not sorted.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> is invalid.</exception>
    public static JudgeLabel[] Label(JudgeMarketData market, IReadOnlyList<JudgeCandidate> candidates, JudgeLabelOptions options)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        market.Validate();
        var n = market.Length;
        var events = new int[candidates.Count];
        var sides = new sbyte[candidates.Count];
        for (var i = 0; i < events.Length; i++)
        {
            candidates[i].Validate(n, i);
            if (i > 0 && candidates[i].Index < candidates[i - 1].Index)
            {
                throw new ArgumentException($"candidates[{i}].Index = {candidates[i].Index} precedes candidates[{i - 1}].Index = {candidates[i - 1].Index}; sort them by time.", nameof(candidates));
            }

            events[i] = candidates[i].Index;
            sides[i] = candidates[i].Side;
        }

        var sigma = new double[n];
        EwmaVolatility.Compute(market.Mid, options.VolatilitySpan, sigma);
        var scale = Math.Sqrt(options.Barriers.MaxHoldingObservations);
        for (var i = 0; i < n; i++)
        {
            sigma[i] = double.IsFinite(sigma[i]) ? sigma[i] * scale : 0.0;
        }

        var barriers = TripleBarrierLabeler.Label(market.Times, market.Mid, sigma, events, sides, options.Barriers);
        var result = new JudgeLabel[events.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var b = barriers[i];
            var cost = (2 * options.FeeRate) + market.HalfSpread[b.StartIndex] + market.HalfSpread[b.TouchIndex];
            var net = b.Return - cost;
            result[i] = new JudgeLabel(i, b.StartIndex, b.TouchIndex, b.StartTime, b.TouchTime, sides[i], b.Return, cost, net, net > 0 ? (byte)1 : (byte)0, b.Barrier);
        }

        return result;
    }
}
