using Quant.Orleans.Core;

namespace Quant.Orleans.Grains.Interfaces.Messages;

/// <summary>What a symbol grain did with one batch of market events.</summary>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates produced.</param>
/// <param name="RegimeBlocked">Candidates the regime gate stopped.</param>
/// <param name="JudgeBlocked">Candidates the judge stopped.</param>
/// <param name="Signals">Signals that passed both gates, in time order.</param>
public sealed record SymbolBatchResult(int Quotes, int Trades, int Candidates, int RegimeBlocked, int JudgeBlocked, Signal[] Signals)
{
    /// <summary>An empty result.</summary>
    public static SymbolBatchResult Empty { get; } = new(0, 0, 0, 0, 0, []);
}

/// <summary>A symbol grain's counters and current view, for reports and the console.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates.</param>
/// <param name="RegimeBlocked">Candidates stopped by the regime gate.</param>
/// <param name="JudgeBlocked">Candidates stopped by the judge.</param>
/// <param name="Signals">Signals sent to the portfolio.</param>
/// <param name="LastMid">Last NBBO mid (USD); NaN before the first quote.</param>
/// <param name="FilteredMid">exp(filtered log level) of the UKF (USD); NaN before the first quote.</param>
/// <param name="ModelVersion">The model trading today, or <c>none</c> on the first day.</param>
public sealed record SymbolStatus(
    Symbol Symbol, long Quotes, long Trades, long Candidates, long RegimeBlocked, long JudgeBlocked, long Signals, double LastMid, double FilteredMid, string ModelVersion);
