namespace Quant.Orleans.Gateway.Contracts;

/// <summary>An account's pre-trade risk limits (SEC Rule 15c3-5 controls).</summary>
/// <param name="MaxOrderQuantity">Largest order, units.</param>
/// <param name="MaxOrderNotional">Largest order notional, quote currency.</param>
/// <param name="PriceCollarBps">Largest distance of a limit price from the NBBO, basis points.</param>
/// <param name="MaxPositionPerSymbol">Largest position per symbol, units.</param>
/// <param name="MaxGrossExposure">Largest gross exposure (positions and working orders), quote currency.</param>
/// <param name="CapitalThreshold">Equity below which only reducing orders pass, quote currency.</param>
/// <param name="MaxOrdersPerSecond">Orders per second of order time; 0: no limit.</param>
/// <param name="DuplicateWindowMillis">Window of the duplicate-order check, milliseconds; 0: off.</param>
/// <param name="RestrictedSymbols">Tickers no order may name.</param>
public sealed record RiskLimitsView(
    decimal MaxOrderQuantity,
    decimal MaxOrderNotional,
    decimal PriceCollarBps,
    decimal MaxPositionPerSymbol,
    decimal MaxGrossExposure,
    decimal CapitalThreshold,
    int MaxOrdersPerSecond,
    int DuplicateWindowMillis,
    string[] RestrictedSymbols);

/// <summary>What an account uses of its limits now.</summary>
/// <param name="GrossExposure">Σ |position| × mark + Σ working order notional, quote currency.</param>
/// <param name="Equity">Cash plus positions at marks, quote currency.</param>
/// <param name="OrdersLastSecond">Orders accepted in the last second of order time.</param>
/// <param name="WorkingOrders">Orders not yet terminal.</param>
public sealed record RiskUsageView(decimal GrossExposure, decimal Equity, int OrdersLastSecond, int WorkingOrders);

/// <summary>An account's risk view (<c>GET /api/risk</c>, <c>GET /api/risk/{account}</c>, the <c>risk</c> events).</summary>
/// <param name="Account">The account.</param>
/// <param name="State"><c>Active</c>, <c>Reducing</c> or <c>Halted</c>; <c>Quarantined</c> for an account that cannot be
/// recovered (a damaged journal or snapshot: it takes no orders), or <c>Unavailable</c> when its grain did not answer.</param>
/// <param name="StateReason">Why the state last changed (for a quarantined account: the damage, with file and offset);
/// null when it never changed.</param>
/// <param name="Limits">The limits applied; null for a quarantined or unavailable account.</param>
/// <param name="Usage">The usage now; null for a quarantined or unavailable account.</param>
/// <param name="Rejections">Orders rejected per risk reason code (only reasons seen), ordinal order.</param>
public sealed record RiskView(string Account, string State, string? StateReason, RiskLimitsView? Limits, RiskUsageView? Usage, IReadOnlyDictionary<string, long> Rejections);

/// <summary>An account a command could not reach.</summary>
/// <param name="Account">The account.</param>
/// <param name="State"><c>Quarantined</c> or <c>Unavailable</c>.</param>
/// <param name="Error">Why.</param>
public sealed record AccountFailureView(string Account, string State, string Error);

/// <summary>The body of <c>POST /api/risk/kill</c> (optional: an empty body halts every account).</summary>
/// <param name="Account">The account to halt; null for every known account.</param>
/// <param name="Reason">Why; recorded as the state reason.</param>
public sealed record KillRequest(string? Account = null, string? Reason = null);

/// <summary>The kill switch's answer.</summary>
/// <param name="Accounts">The accounts halted.</param>
/// <param name="OrdersCanceled">Working orders cancelled over all of them.</param>
/// <param name="BlockedMicros">Microseconds from the gateway's receipt of the command until every account rejected new orders.</param>
/// <param name="CanceledMicros">Microseconds from receipt until every working order's cancel was booked.</param>
/// <param name="State"><c>Halted</c>.</param>
/// <param name="Failed">Accounts the command could not reach (quarantined ones take no orders anyway); absent when none.</param>
public sealed record KillResponse(string[] Accounts, int OrdersCanceled, double BlockedMicros, double CanceledMicros, string State, AccountFailureView[]? Failed = null);

/// <summary>The body of <c>POST /api/risk/resume</c> (optional).</summary>
/// <param name="Account">The account; null for every known account.</param>
/// <param name="State"><c>active</c> (default) or <c>reducing</c>.</param>
/// <param name="Reason">Why; recorded as the state reason.</param>
public sealed record ResumeRequest(string? Account = null, string? State = null, string? Reason = null);
