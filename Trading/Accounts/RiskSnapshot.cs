using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>An account's risk view.</summary>
/// <param name="Account">The account.</param>
/// <param name="State">Active, Reducing or Halted.</param>
/// <param name="StateReason">Why (kill or resume reason); empty when never changed.</param>
/// <param name="Limits">The limits applied.</param>
/// <param name="GrossExposure">Σ |position| × mark + Σ working order notional, quote currency.</param>
/// <param name="Equity">Cash + positions at marks, quote currency.</param>
/// <param name="OrdersLastSecond">Orders accepted in the last second of order time.</param>
/// <param name="WorkingOrders">Orders not yet terminal.</param>
/// <param name="Rejections">Rejections per risk reason code (only reasons seen).</param>
public sealed record RiskSnapshot(
    string Account,
    RiskState State,
    string StateReason,
    RiskLimits Limits,
    decimal GrossExposure,
    decimal Equity,
    int OrdersLastSecond,
    int WorkingOrders,
    IReadOnlyDictionary<PreTradeRejectReason, long> Rejections);

/// <summary>What the kill switch did to one account. Timestamps are <see cref="System.Diagnostics.Stopwatch"/> ticks
/// of this process, so the caller measures from its own receipt of the command.</summary>
/// <param name="Account">The account.</param>
/// <param name="OrdersCanceled">Working orders the venue cancelled.</param>
/// <param name="BlockedTimestamp">When the risk engine was Halted (every later order is rejected).</param>
/// <param name="CanceledTimestamp">When the venue's cancel acknowledgements were applied to the account.</param>
/// <param name="Risk">The account's risk view after the kill.</param>
public sealed record KillReport(string Account, int OrdersCanceled, long BlockedTimestamp, long CanceledTimestamp, RiskSnapshot Risk);
