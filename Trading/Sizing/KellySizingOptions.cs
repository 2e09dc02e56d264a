namespace Quant.Orleans.Trading.Sizing;

/// <summary>Settings of <see cref="KellySizer"/>, per symbol. Immutable; validated on construction.</summary>
public sealed record KellySizingOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="kellyFraction">Multiplier on the full-Kelly fraction, in (0, 1]; 0.25 ("quarter Kelly") is common
    /// because estimation error in μ or p makes full Kelly over-bet (Thorp 2006, §9).</param>
    /// <param name="maxFractionOfEquity">Cap on |target fraction of equity| for one symbol, strictly positive (1 = no leverage).</param>
    /// <param name="maxNotional">Cap on |target position × price| for one symbol, quote currency, strictly positive.</param>
    /// <param name="allowShort">False clamps negative targets to zero (long-only account).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range, or NaN.</exception>
    public KellySizingOptions(double kellyFraction, double maxFractionOfEquity, decimal maxNotional, bool allowShort)
    {
        if (!(kellyFraction > 0.0 && kellyFraction <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(kellyFraction), kellyFraction, "Kelly fraction must be in (0, 1].");
        }

        if (!(maxFractionOfEquity > 0.0 && maxFractionOfEquity <= 100.0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFractionOfEquity), maxFractionOfEquity, "Max fraction of equity must be in (0, 100].");
        }

        if (maxNotional <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNotional), maxNotional, "Max notional must be positive.");
        }

        KellyFraction = kellyFraction;
        MaxFractionOfEquity = maxFractionOfEquity;
        MaxNotional = maxNotional;
        AllowShort = allowShort;
    }

    /// <summary>Multiplier on the full-Kelly fraction, in (0, 1].</summary>
    public double KellyFraction { get; }

    /// <summary>Cap on |target fraction of equity| for one symbol.</summary>
    public double MaxFractionOfEquity { get; }

    /// <summary>Cap on |target position × price| for one symbol, quote currency.</summary>
    public decimal MaxNotional { get; }

    /// <summary>Whether a negative target (a short position) is allowed.</summary>
    public bool AllowShort { get; }
}
