namespace Quant.Orleans.Gateway.Contracts;

/// <summary>Whether this silo runs the staged rollout (<c>GET /api/rollout</c>).</summary>
/// <param name="Enabled">True when <c>Strategy:Rollout:Enabled</c> is set on the silo.</param>
/// <param name="Family">The family the rollout serves (<c>Strategy:Rollout:Family</c>); null when not enabled.</param>
public sealed record RolloutOverview(bool Enabled, string? Family);

/// <summary>Which registered versions of a family serve now.</summary>
/// <param name="Family">The family.</param>
/// <param name="Generation">Changes with every stage change (the registry journal's length when it was read).</param>
/// <param name="Live">The live version, or null (symbols outside a canary then trade with the ridge baseline).</param>
/// <param name="Canary">The canary version, or null.</param>
/// <param name="CanaryShare">Fraction of symbols the canary trades, in [0, 1].</param>
/// <param name="Shadow">The shadow version, or null.</param>
public sealed record RolloutAssignmentView(string Family, long Generation, string? Live, string? Canary, double CanaryShare, string? Shadow);

/// <summary>One version as the rollout monitors it (counts since it entered its stage on the rollout grain's current
/// activation).</summary>
/// <param name="Version">16 lower-case hex digits.</param>
/// <param name="Stage"><c>shadow</c>, <c>canary</c> or <c>live</c>.</param>
/// <param name="Predictions">Monitored predictions.</param>
/// <param name="Symbols">Symbols that reported it, ordinal order.</param>
/// <param name="GatePasses">Monitored gate evaluations, oldest first (true: every gate passed).</param>
/// <param name="OrdersSent">Orders sent on its signals.</param>
/// <param name="OrdersRejected">Of those, rejected.</param>
/// <param name="Fills">Fills on its signals.</param>
/// <param name="MeanSlippageBp">Quantity-weighted mean adverse slippage of those fills against the order's limit (the
/// touch at the decision), basis points; null without fills.</param>
/// <param name="ShadowOrders">Would-be orders logged for it while in shadow.</param>
/// <param name="ShadowProfitAndLoss">Mark-to-market P&amp;L of its shadow book, quote currency (fills assumed at the touch, the venue's fees paid).</param>
/// <param name="HasReference">Whether its registry files hold the training reference the drift rules need.</param>
public sealed record RolloutVersionView(
    string Version,
    string Stage,
    int Predictions,
    string[] Symbols,
    bool[] GatePasses,
    int OrdersSent,
    int OrdersRejected,
    int Fills,
    double? MeanSlippageBp,
    int ShadowOrders,
    decimal ShadowProfitAndLoss,
    bool HasReference);

/// <summary>A decision of the rollout rules.</summary>
/// <param name="TimeUtc">When (wall clock, UTC).</param>
/// <param name="Version">The version judged.</param>
/// <param name="Action"><c>promote_shadow</c>, <c>promote_canary</c>, <c>promote_live</c>, <c>rollback</c>, <c>keep</c>,
/// <c>no_decision</c>, <c>gate_pass</c> or <c>gate_fail</c>.</param>
/// <param name="Detail">What the rules found (values and thresholds), or why the registry refused the change.</param>
/// <param name="Applied">True when the registry made the change (and journaled it).</param>
public sealed record RolloutDecisionEntry(DateTime TimeUtc, string Version, string Action, string Detail, bool Applied);

/// <summary>The rollout of a family (<c>GET /api/rollout/{family}</c>, the answer of <c>POST .../evaluate</c>).</summary>
/// <param name="Assignment">What serves now.</param>
/// <param name="Versions">The monitored versions: shadow, canary, live, in that order.</param>
/// <param name="Decisions">The latest decisions, newest last (at most 50, kept in memory by the rollout grain).</param>
public sealed record RolloutView(RolloutAssignmentView Assignment, RolloutVersionView[] Versions, RolloutDecisionEntry[] Decisions);
