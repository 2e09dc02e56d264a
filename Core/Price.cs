using System.Globalization;

namespace Quant.Orleans.Core;

/// <summary>
/// An exact price in units of the quote currency, stored as a fixed-point integer of <see cref="Scale"/> (1e-8) units.
/// Never a <see cref="double"/>: arithmetic on money is exact. Range ±92,233,720,368.54775807.
/// </summary>
/// <param name="Raw">The price in 1e-8 units of the quote currency (for example 1,851,000,000 for 18.51 USD).</param>
public readonly record struct Price(long Raw) : IComparable<Price>
{
    /// <summary>Raw units per whole currency unit (1e8).</summary>
    public const long Scale = 100_000_000L;

    /// <summary>Zero, which the market-data layer treats as "no price".</summary>
    public static Price Zero => default;

    /// <summary>True when the price is strictly positive.</summary>
    public bool IsPositive => Raw > 0;

    /// <summary>Creates a price from a decimal amount.</summary>
    /// <exception cref="ArgumentException">The amount has more than 8 fractional digits or is out of range.</exception>
    public static Price FromDecimal(decimal amount)
    {
        var scaled = amount * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"Price {amount} has more than 8 fractional digits.", nameof(amount));
        }

        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            throw new ArgumentException($"Price {amount} is out of range.", nameof(amount));
        }

        return new Price((long)scaled);
    }

    /// <summary>Creates a price from an integer count of 1e-4 units (Lean's "deci-cents" for US equities).</summary>
    public static Price FromDeciCents(long deciCents) => new(checked(deciCents * 10_000L));

    /// <summary>Exact decimal value in currency units.</summary>
    public decimal ToDecimal() => (decimal)Raw / Scale;

    /// <summary>Approximate value for signal mathematics only (never for money).</summary>
    public double ToDouble() => Raw / (double)Scale;

    /// <summary>Parses an invariant-culture decimal such as <c>1.38945</c>.</summary>
    /// <exception cref="FormatException">The text is not a decimal number or has more than 8 fractional digits.</exception>
    public static Price Parse(ReadOnlySpan<char> text)
    {
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a price.");
        }

        try
        {
            return FromDecimal(value);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public int CompareTo(Price other) => Raw.CompareTo(other.Raw);

    /// <summary>Exact sum.</summary>
    public static Price operator +(Price left, Price right) => new(checked(left.Raw + right.Raw));

    /// <summary>Exact difference.</summary>
    public static Price operator -(Price left, Price right) => new(checked(left.Raw - right.Raw));

    /// <summary>True when <paramref name="left"/> is lower.</summary>
    public static bool operator <(Price left, Price right) => left.Raw < right.Raw;

    /// <summary>True when <paramref name="left"/> is higher.</summary>
    public static bool operator >(Price left, Price right) => left.Raw > right.Raw;

    /// <summary>True when <paramref name="left"/> is not higher.</summary>
    public static bool operator <=(Price left, Price right) => left.Raw <= right.Raw;

    /// <summary>True when <paramref name="left"/> is not lower.</summary>
    public static bool operator >=(Price left, Price right) => left.Raw >= right.Raw;

    /// <summary>Invariant decimal text without trailing zeros, e.g. <c>185.1</c>.</summary>
    public override string ToString() => ToDecimal().ToString("0.########", CultureInfo.InvariantCulture);
}
