using System.Collections.Immutable;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Portfolio;

/// <summary>Everything a <see cref="PortfolioBook"/> holds, as plain immutable data (its options are configuration and
/// are not part of it).</summary>
/// <param name="Orders">The order manager: orders with their full state, the day's ClOrdIDs, pending replacements,
/// working quantities and id sequences.</param>
/// <param name="Ledger">Cash, positions with their marks, fees, realised PnL and the fills applied.</param>
/// <param name="Risk">The risk engine's state, reason, rate and duplicate windows and rejection counters.</param>
/// <param name="LastClOrdIdSequence">The ClOrdID generator's last sequence (<c>{account}-{sequence:D10}</c>).</param>
/// <param name="LastQuotes">The last NBBO marked per symbol, ordered by ticker (ordinal).</param>
/// <param name="EquityCurve">Equity marks in time order.</param>
/// <param name="RiskRejections">Orders the risk engine rejected.</param>
public sealed record PortfolioBookSnapshot(
    OrderManagerSnapshot Orders,
    LedgerSnapshot Ledger,
    RiskEngineSnapshot Risk,
    long LastClOrdIdSequence,
    ImmutableArray<Quote> LastQuotes,
    ImmutableArray<EquityPoint> EquityCurve,
    int RiskRejections);
