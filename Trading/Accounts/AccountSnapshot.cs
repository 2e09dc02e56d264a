using System.Collections.Immutable;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Portfolio;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>
/// An <see cref="AccountEngine"/>'s full state at a moment, as plain immutable data for a persistent grain state
/// (<see cref="AccountEngine.Capture"/>; encoded by <see cref="AccountSnapshotJson"/>). An engine restored from it
/// (<see cref="AccountEngine.RecoverAsync"/>) replays only the journal entries after <see cref="JournalEntries"/>, and
/// ends in the state a replay of the whole journal gives — plus what the journal does not hold (marks, last quotes,
/// the equity curve and its cadence, market time).
/// </summary>
/// <param name="SchemaVersion">The layout's version, <see cref="CurrentSchemaVersion"/> when written by this build.</param>
/// <param name="Account">The account.</param>
/// <param name="JournalEntries">How many journal entries (sequences 1..n) the snapshot already holds; 0 without a journal.</param>
/// <param name="MarketTime">The account's market time, UTC.</param>
/// <param name="NextEquityPoint">Market time from which the next mark records an equity point, nanoseconds since the
/// epoch (<see cref="long.MinValue"/> before the first).</param>
/// <param name="Checkpoint">The latest replay progress; null when none.</param>
/// <param name="SignalsProcessed">The last forecast sized (the guard against sizing one twice); null when none.</param>
/// <param name="ExecSequences">Per venue (ordinal order), the highest sequence of its execution ids the account booked.</param>
/// <param name="Book">Everything the book holds.</param>
public sealed record AccountSnapshot(
    int SchemaVersion,
    string Account,
    long JournalEntries,
    UnixNanos MarketTime,
    long NextEquityPoint,
    ReplayCheckpoint? Checkpoint,
    SignalsProcessed? SignalsProcessed,
    ImmutableArray<VenueExecSequence> ExecSequences,
    PortfolioBookSnapshot Book)
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;
}

/// <summary>The highest sequence of a venue's execution ids <c>{venue}-{sequence}</c> an account booked.</summary>
/// <param name="Venue">The venue's name.</param>
/// <param name="LastSequence">The highest sequence booked, positive.</param>
public readonly record struct VenueExecSequence(string Venue, long LastSequence);
