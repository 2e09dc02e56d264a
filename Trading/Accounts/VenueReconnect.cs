using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>The venue's answer to an account that reconnects after a restart.</summary>
/// <param name="Reports">Reports for the account queued while it was away, in order.</param>
/// <param name="Working">Those of the account's open orders that the venue still works.</param>
public sealed record VenueReconnect(ExecutionReport[] Reports, ClOrdId[] Working);
