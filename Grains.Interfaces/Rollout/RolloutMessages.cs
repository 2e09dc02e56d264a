namespace Quant.Orleans.Grains.Interfaces.Rollout;

/// <summary>Which registered versions of a family serve now.</summary>
/// <param name="Family">The family.</param>
/// <param name="Generation">Changes whenever a stage changes (the registry journal's length when it was read); a symbol
/// grain swaps models only when it sees a new generation.</param>
/// <param name="Live">The live version's id, or null (then the symbols not in a canary trade with the ridge baseline).</param>
/// <param name="Canary">The canary version's id, or null.</param>
/// <param name="CanaryShare">Fraction of symbols the canary trades, in [0, 1] (<c>CanaryAssignment</c>).</param>
/// <param name="Shadow">The shadow version's id, or null.</param>
[GenerateSerializer, Immutable, Alias("qo.RolloutAssignment")]
public sealed record RolloutAssignment(
    [property: Id(0)] string Family,
    [property: Id(1)] long Generation,
    [property: Id(2)] string? Live,
    [property: Id(3)] string? Canary,
    [property: Id(4)] double CanaryShare,
    [property: Id(5)] string? Shadow);

/// <summary>How a version serves a symbol.</summary>
[GenerateSerializer, Alias("qo.RolloutRole")]
public enum RolloutRole
{
    /// <summary>Its signals trade (the live version, or the canary on a canary symbol).</summary>
    Trading = 0,

    /// <summary>It forecasts beside the trading version on the same ticks; its orders are only logged.</summary>
    Shadow = 1,
}

/// <summary>A would-be order of a shadow version: the signal it produced, which the rollout grain sizes against its
/// shadow book and logs.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Time">Decision time, UTC nanoseconds.</param>
/// <param name="Bid">NBBO bid at the decision, price units.</param>
/// <param name="Ask">NBBO ask at the decision, price units.</param>
/// <param name="ExpectedLogReturn">μ of the horizon's log return.</param>
/// <param name="NoiseStandardDeviation">σ of the horizon's log return, &gt; 0.</param>
/// <param name="RegimePassed">Whether the symbol's regime gate passed the trading version's candidate at this time
/// (the shadow is held to the same gate).</param>
/// <param name="RulePassed">Whether the signal passes the strategy profile's forecast rule (|μ|/σ for the baseline
/// profile, the confidence threshold otherwise); a trained judge is not applied to shadow signals.</param>
/// <param name="Confidence">The forecast's confidence, in [0.5, 1].</param>
[GenerateSerializer, Immutable, Alias("qo.ShadowSignal")]
public sealed record ShadowSignal(
    [property: Id(0)] string Symbol,
    [property: Id(1)] long Time,
    [property: Id(2)] decimal Bid,
    [property: Id(3)] decimal Ask,
    [property: Id(4)] double ExpectedLogReturn,
    [property: Id(5)] double NoiseStandardDeviation,
    [property: Id(6)] bool RegimePassed,
    [property: Id(7)] bool RulePassed,
    [property: Id(8)] double Confidence);

/// <summary>What one symbol grain saw one version do since its last report.</summary>
/// <param name="Family">The family.</param>
/// <param name="VersionId">The version.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Role">Trading or shadow.</param>
/// <param name="Predictions">The served forecasts μ (log return over the horizon), in time order.</param>
/// <param name="FeatureNames">The monitored input columns' names (the student's input schema).</param>
/// <param name="Features">For each monitored column, the values of the forecast rows' newest time step, in time order
/// (shape: columns × predictions).</param>
/// <param name="ShadowSignals">For a shadow version: its signals at the decision points, for the shadow book.</param>
/// <remarks><see cref="DecisionTimes"/> and <see cref="DecisionMids"/> give each prediction's NBBO time (UTC ns; the rules
/// judge a session's predictions once it is complete, and for a trading version it is the time the account stamps the
/// order it sizes from it with) and mid (price units: the decision price its fills' slippage is measured against).</remarks>
[GenerateSerializer, Immutable, Alias("qo.RolloutReport")]
public sealed record RolloutReport(
    [property: Id(0)] string Family,
    [property: Id(1)] string VersionId,
    [property: Id(2)] string Symbol,
    [property: Id(3)] RolloutRole Role,
    [property: Id(4)] double[] Predictions,
    [property: Id(5)] string[] FeatureNames,
    [property: Id(6)] double[][] Features,
    [property: Id(7)] ShadowSignal[] ShadowSignals)
{
    /// <summary>Each prediction's NBBO time, UTC ns; empty when not known (the predictions are then judged at once).</summary>
    [Id(8)]
    public long[] DecisionTimes { get; init; } = [];

    /// <summary>Each prediction's NBBO mid, price units; empty when <see cref="DecisionTimes"/> is.</summary>
    [Id(9)]
    public double[] DecisionMids { get; init; } = [];
}

/// <summary>One version as the rollout grain monitors it.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Stage">Its registry stage (snake case) when last read.</param>
/// <param name="Predictions">Monitored predictions since it entered its stage.</param>
/// <param name="Symbols">Symbols that reported it.</param>
/// <param name="GatePasses">Monitored gate evaluations, oldest first.</param>
/// <param name="OrdersSent">Orders sent on its signals (the account's orders whose sizing names it).</param>
/// <param name="OrdersRejected">Of those, rejected.</param>
/// <param name="Fills">Fills on its signals.</param>
/// <param name="MeanSlippageBp">Quantity-weighted mean adverse slippage of those fills against the NBBO mid at the
/// decision, basis points; NaN without fills.</param>
/// <param name="ShadowOrders">Would-be orders logged for it while in shadow.</param>
/// <param name="ShadowProfitAndLoss">Mark-to-market P&amp;L of its shadow book, quote currency (fills assumed at the
/// touch, the venue's fees paid).</param>
/// <param name="HasReference">Whether its registry files hold a training reference for the drift rules.</param>
[GenerateSerializer, Immutable, Alias("qo.RolloutVersionStatus")]
public sealed record RolloutVersionStatus(
    [property: Id(0)] string VersionId,
    [property: Id(1)] string Stage,
    [property: Id(2)] int Predictions,
    [property: Id(3)] string[] Symbols,
    [property: Id(4)] bool[] GatePasses,
    [property: Id(5)] int OrdersSent,
    [property: Id(6)] int OrdersRejected,
    [property: Id(7)] int Fills,
    [property: Id(8)] double MeanSlippageBp,
    [property: Id(9)] int ShadowOrders,
    [property: Id(10)] decimal ShadowProfitAndLoss,
    [property: Id(11)] bool HasReference);

/// <summary>A decision the rollout grain took (or found no ground for).</summary>
/// <param name="TimeUtc">When (wall clock, UTC).</param>
/// <param name="VersionId">The version judged.</param>
/// <param name="Action"><c>promote_shadow</c>, <c>promote_canary</c>, <c>promote_live</c>, <c>rollback</c>, <c>keep</c>,
/// <c>no_decision</c>, or <c>gate_pass</c> / <c>gate_fail</c> (a reported gate evaluation).</param>
/// <param name="Detail">The rules' summary (what fired, with values and thresholds), or why a change was refused.</param>
/// <param name="Applied">True when the registry made the change.</param>
[GenerateSerializer, Immutable, Alias("qo.RolloutDecisionView")]
public sealed record RolloutDecisionView(
    [property: Id(0)] DateTime TimeUtc,
    [property: Id(1)] string VersionId,
    [property: Id(2)] string Action,
    [property: Id(3)] string Detail,
    [property: Id(4)] bool Applied);

/// <summary>The rollout of a family.</summary>
/// <param name="Assignment">What serves now.</param>
/// <param name="Versions">Monitored versions (shadow, canary, live), in that order.</param>
/// <param name="Decisions">The latest decisions, newest last (at most 50).</param>
[GenerateSerializer, Immutable, Alias("qo.RolloutStatus")]
public sealed record RolloutStatus(
    [property: Id(0)] RolloutAssignment Assignment,
    [property: Id(1)] RolloutVersionStatus[] Versions,
    [property: Id(2)] RolloutDecisionView[] Decisions);
