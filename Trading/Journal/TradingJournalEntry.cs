using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Journal;

/// <summary>
/// One entry of an account's trading journal: what the account did and acknowledged, in the order it happened.
/// Replaying the entries in order rebuilds the account's orders, positions, cash, ClOrdID sequence and risk state
/// (see <see cref="TradingJournalRecovery"/>). Encoded as JSON with a <c>"kind"</c> discriminator
/// (<see cref="TradingJournalJson"/>); prices, quantities and times keep their exact fixed-point values.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OrderEntered), "order")]
[JsonDerivedType(typeof(ReplaceEntered), "replace")]
[JsonDerivedType(typeof(ReplaceAbandoned), "replaceAbandoned")]
[JsonDerivedType(typeof(ExecutionReported), "report")]
[JsonDerivedType(typeof(RiskStateChanged), "risk")]
[JsonDerivedType(typeof(DayEnded), "endOfDay")]
[JsonDerivedType(typeof(SignalsProcessed), "signals")]
[JsonDerivedType(typeof(ReplayCheckpoint), "checkpoint")]
[JsonDerivedType(typeof(EquityRecorded), "equity")]
public abstract record TradingJournalEntry;

/// <summary>What the account's entry of a new order decided.</summary>
public enum OrderEntryOutcome
{
    /// <summary>The risk checks passed; the order was sent to the venue (OrdStatus PendingNew).</summary>
    Accepted,

    /// <summary>The risk checks refused it (OrdStatus Rejected, with OrdRejReason and the risk reason).</summary>
    RiskRejected,

    /// <summary>Its ClOrdID was already used today with other content (OrdRejReason DuplicateOrder).</summary>
    DuplicateRejected,
}

/// <summary>A new order (FIX 35=D) the account entered, before anything was sent.</summary>
/// <param name="Order">The order exactly as entered, ClOrdID included.</param>
/// <param name="Origin">What produced it: <c>signal</c> or <c>manual</c>.</param>
/// <param name="Outcome">What the entry decided.</param>
/// <param name="ReferencePrice">The price its working exposure is valued at (limit, stop or far side), quote currency.</param>
/// <param name="RejectReason">FIX OrdRejReason (103) when rejected.</param>
/// <param name="RiskReason">The risk engine's reason when rejected by a risk check.</param>
/// <param name="Text">The rejection's explanation (FIX 58); empty when accepted.</param>
/// <param name="Sizing">How a signal order was sized; null for a manual order, for the audit
/// <see cref="Sizing.SizingAudit.UnversionedKelly"/> (which recovery gives back to a signal order) and in entries written
/// before it existed.</param>
public sealed record OrderEntered(
    OrderRequest Order,
    string Origin,
    OrderEntryOutcome Outcome,
    decimal ReferencePrice,
    OrdRejReason? RejectReason,
    PreTradeRejectReason? RiskReason,
    string Text,
    Sizing.SizingAudit? Sizing = null) : TradingJournalEntry;

/// <summary>A cancel/replace request (FIX 35=G) the account prepared, before it went to the venue.</summary>
/// <param name="OrigClOrdId">The order being replaced (FIX 41).</param>
/// <param name="Replacement">The replacement order, under its new ClOrdID.</param>
/// <param name="Accepted">True when the replacement passed the risk checks and was sent; false when refused.</param>
/// <param name="RiskReason">The risk engine's reason when refused.</param>
public sealed record ReplaceEntered(ClOrdId OrigClOrdId, OrderRequest Replacement, bool Accepted, PreTradeRejectReason? RiskReason) : TradingJournalEntry;

/// <summary>The venue did not replace the order (too late): the pending replacement was dropped.</summary>
/// <param name="ClOrdId">The replacement's ClOrdID.</param>
public sealed record ReplaceAbandoned(ClOrdId ClOrdId) : TradingJournalEntry;

/// <summary>An execution report (FIX 35=8) the account booked, exactly as received — a trade report carries its fill.</summary>
/// <param name="Report">The report.</param>
public sealed record ExecutionReported(ExecutionReport Report) : TradingJournalEntry;

/// <summary>The account's risk state changed (kill switch, resume).</summary>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why, as given.</param>
public sealed record RiskStateChanged(RiskState State, string Reason) : TradingJournalEntry;

/// <summary>The trading day ended for the account: its ClOrdIDs of the day are free again.</summary>
/// <param name="Time">Market time of the day's end, UTC.</param>
public sealed record DayEnded(UnixNanos Time) : TradingJournalEntry;

/// <summary>The account sized every signal up to and including (<paramref name="Time"/>, <paramref name="Symbol"/>) —
/// signals come in time then symbol order — so a signal delivered again after a restart (a replay resuming inside
/// an interrupted batch) is not sized and sent a second time.</summary>
/// <param name="Time">Event time of the last signal sized, UTC.</param>
/// <param name="Symbol">Its symbol.</param>
public sealed record SignalsProcessed(UnixNanos Time, Symbol Symbol) : TradingJournalEntry
{
    /// <summary>True when a signal at (<paramref name="time"/>, <paramref name="symbol"/>) is at or before this mark.</summary>
    public bool Covers(UnixNanos time, Symbol symbol) =>
        time < Time || (time == Time && string.CompareOrdinal(symbol.Ticker, Symbol.Ticker) <= 0);
}

/// <summary>A replay processed its first <paramref name="EventsProcessed"/> market events (in the feed's deterministic
/// merge order) completely; a resumed replay of the same data does not trade on them again.</summary>
/// <param name="Replay">What was replayed (symbols and days), so a checkpoint is never applied to other data.</param>
/// <param name="EventsProcessed">Market events delivered and fully processed since the replay's start.</param>
/// <param name="MarketTime">Market time of the last of them, UTC.</param>
public sealed record ReplayCheckpoint(string Replay, long EventsProcessed, UnixNanos MarketTime) : TradingJournalEntry;

/// <summary>A point of the account's equity curve (one per minute of market time), journaled without a flush of its own
/// like replay progress, so that a recovered account has the whole curve and a resumed run measures the whole run.</summary>
/// <param name="Time">Market time of the mark, UTC.</param>
/// <param name="Equity">Cash plus positions at the marks, quote currency.</param>
public sealed record EquityRecorded(UnixNanos Time, decimal Equity) : TradingJournalEntry;
