using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Research.Judge;

/// <summary>The meta-label of one candidate (AFML §3.6): would taking it have made money after fees and spread?
/// Acausal: built from prices after the candidate, for training and evaluation only.</summary>
/// <param name="Candidate">Position of the candidate in the list labelled.</param>
/// <param name="StartIndex">Grid step of the entry.</param>
/// <param name="TouchIndex">Grid step of the first barrier touch (AFML's <c>t1</c>), ≥ <paramref name="StartIndex"/>.</param>
/// <param name="StartTime">Entry time, UTC ns.</param>
/// <param name="TouchTime">Exit time, UTC ns.</param>
/// <param name="Side">The candidate's side, ±1.</param>
/// <param name="GrossReturn">Side-adjusted simple mid-to-mid return from entry to touch.</param>
/// <param name="Cost">2 · fee + half-spread at entry + half-spread at exit (fractions of notional).</param>
/// <param name="NetReturn"><paramref name="GrossReturn"/> − <paramref name="Cost"/>.</param>
/// <param name="Label">1 (take it) when <paramref name="NetReturn"/> &gt; 0, else 0.</param>
/// <param name="Barrier">The barrier touched first.</param>
public readonly record struct JudgeLabel(
    int Candidate,
    int StartIndex,
    int TouchIndex,
    long StartTime,
    long TouchTime,
    sbyte Side,
    double GrossReturn,
    double Cost,
    double NetReturn,
    byte Label,
    BarrierKind Barrier);
