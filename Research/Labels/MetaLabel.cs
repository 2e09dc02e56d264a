namespace Quant.Orleans.Research.Labels;

/// <summary>A meta-label (AFML §3.6): did the primary model's trade make money after costs?</summary>
/// <param name="StartIndex">Index where the primary model's trade starts.</param>
/// <param name="Side">The primary model's side, +1 or −1.</param>
/// <param name="NetReturn">Side-adjusted simple return to the first barrier touch minus the round-trip cost.</param>
/// <param name="Label">1 when <see cref="NetReturn"/> &gt; 0 (take the trade), otherwise 0.</param>
public readonly record struct MetaLabel(int StartIndex, sbyte Side, double NetReturn, byte Label);
