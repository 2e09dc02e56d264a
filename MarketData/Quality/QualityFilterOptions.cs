namespace Quant.Orleans.MarketData.Quality;

/// <summary>
/// Settings of the <see cref="QualityFilter"/>'s price-outlier rule (<see cref="QualityReason.PriceOutlier"/>).
/// The defaults flag nothing in the recorded AIG, BAC and IBM ticks of 2013-10-07..10 (the largest move of a quote
/// line from the last NBBO mid there is 4.1%) and flag an ask of $100M on a $182 stock at once.
/// </summary>
public sealed class QualityFilterOptions
{
    /// <summary>The default of <see cref="MaxPriceMultiple"/>: 3.</summary>
    public const double DefaultMaxPriceMultiple = 3.0;

    /// <summary>The default of <see cref="ConfirmationLines"/>: 10.</summary>
    public const int DefaultConfirmationLines = 10;

    /// <summary>
    /// A quote price p is an outlier when max(p / r, r / p) exceeds this multiple, r being the mid of the last accepted
    /// two-sided NBBO; a two-sided NBBO is an outlier when ask / bid exceeds it. Default 3 (a price three times, or a
    /// third of, the reference): wider than every Limit Up-Limit Down price band of a stock above $0.75, so nothing
    /// such a stock trades at without a halt (penny stocks with wide spreads may need more). Null turns the rule off.
    /// Must be greater than 1 and finite.
    /// </summary>
    public double? MaxPriceMultiple { get; init; } = DefaultMaxPriceMultiple;

    /// <summary>
    /// How many consecutive outlier quote lines at one level (each within <see cref="MaxPriceMultiple"/> of the first)
    /// confirm that the price really moved — a split between two days, a halt that reopens far away, or a reference
    /// taken from bad quotes at the start of the data: the last of them is accepted and becomes the reference, the
    /// ones before stay quarantined. Default 10; at least 2.
    /// </summary>
    public int ConfirmationLines { get; init; } = DefaultConfirmationLines;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxPriceMultiple"/> is not greater than 1 and finite,
    /// or <see cref="ConfirmationLines"/> is below 2.</exception>
    public void Validate()
    {
        if (MaxPriceMultiple is { } multiple && !(multiple > 1 && double.IsFinite(multiple)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPriceMultiple), multiple, "MaxPriceMultiple must be a finite multiple greater than 1 (e.g. 3), or null to turn the price-outlier rule off.");
        }

        if (ConfirmationLines < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(ConfirmationLines), ConfirmationLines, "ConfirmationLines must be at least 2.");
        }
    }
}
