using System.Globalization;

namespace Quant.Orleans.Research.Runs;

/// <summary>An inclusive range of session dates (exchange dates of the run's trading calendar).</summary>
/// <param name="From">First date, inclusive.</param>
/// <param name="To">Last date, inclusive, ≥ <paramref name="From"/>.</param>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    /// <summary>Creates a checked range.</summary>
    /// <param name="from">First date.</param>
    /// <param name="to">Last date.</param>
    /// <returns>The range.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> precedes <paramref name="from"/>.</exception>
    public static DateRange Of(DateOnly from, DateOnly to) =>
        to < from ? throw new ArgumentException($"Range end {to:yyyy-MM-dd} precedes its start {from:yyyy-MM-dd}.", nameof(to)) : new DateRange(from, to);

    /// <summary>True when <paramref name="day"/> is in the range.</summary>
    /// <param name="day">A date.</param>
    /// <returns>Whether From ≤ day ≤ To.</returns>
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>True when the two ranges share a date.</summary>
    /// <param name="other">Another range.</param>
    /// <returns>Whether they overlap.</returns>
    public bool Overlaps(DateRange other) => From <= other.To && other.From <= To;

    /// <summary>e.g. <c>2013-10-08..2013-10-10</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");
}
