namespace Quant.Orleans.MarketData.Replay;

/// <summary>
/// Where one delivered <see cref="MarketEvent"/> came from (its lineage), kept beside the event rather than in it so
/// that <see cref="MarketEvent"/> stays the small struct the grid serializes.
/// </summary>
/// <param name="SourceFile">The file the event was decoded from, relative to the data folder with '/' separators, e.g.
/// <c>equity/usa/tick/ibm/20131007_trade.zip</c> (for a Lean zip the line is in its single CSV entry).</param>
/// <param name="LineNumber">1-based line of the record the event came from: for a trade its own line; for an NBBO
/// change the exchange-quote line whose update produced it (the last line of the same-timestamp group the NBBO was
/// evaluated after; under <see cref="Nbbo.NbboInputConvention.ConsolidatedSides"/> that line's non-empty side is a side
/// of the NBBO).</param>
/// <param name="Day">The trading day (exchange date) of the source file.</param>
/// <param name="DaySequence">0-based position of the event in its symbol's stream of that day (counts NBBO changes
/// and trades delivered by the source for the day, so it does not depend on the first day of the replay).</param>
public readonly record struct EventOrigin(string SourceFile, long LineNumber, DateOnly Day, long DaySequence);
