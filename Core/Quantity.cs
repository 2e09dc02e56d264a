using System.Globalization;

namespace Quant.Orleans.Core;

/// <summary>
/// An exact, signed quantity (shares, contracts or coins) stored as a fixed-point integer of <see cref="Scale"/> (1e-8)
/// units, so fractional crypto sizes are exact. Range ±92,233,720,368.54775807.
/// </summary>
/// <param name="Raw">The quantity in 1e-8 units (100,000,000 for one share).</param>
public readonly record struct Quantity(long Raw) : IComparable<Quantity>
{
    /// <summary>Raw units per whole unit (1e8).</summary>
    public const long Scale = 100_000_000L;

    /// <summary>Zero.</summary>
    public static Quantity Zero => default;

    /// <summary>True when strictly positive.</summary>
    public bool IsPositive => Raw > 0;

    /// <summary>Creates a quantity of whole units (shares).</summary>
    public static Quantity FromUnits(long units) => new(checked(units * Scale));

    /// <summary>Creates a quantity from a decimal amount.</summary>
    /// <exception cref="ArgumentException">The amount has more than 8 fractional digits or is out of range.</exception>
    public static Quantity FromDecimal(decimal amount)
    {
        var scaled = amount * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"Quantity {amount} has more than 8 fractional digits.", nameof(amount));
        }

        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            throw new ArgumentException($"Quantity {amount} is out of range.", nameof(amount));
        }

        return new Quantity((long)scaled);
    }

    /// <summary>Exact decimal value in units.</summary>
    public decimal ToDecimal() => (decimal)Raw / Scale;

    /// <summary>Approximate value for signal mathematics only.</summary>
    public double ToDouble() => Raw / (double)Scale;

    /// <summary>The absolute quantity.</summary>
    public Quantity Abs() => new(Math.Abs(Raw));

    /// <summary>The smaller of two quantities.</summary>
    public static Quantity Min(Quantity left, Quantity right) => left.Raw <= right.Raw ? left : right;

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Raw.CompareTo(other.Raw);

    /// <summary>Exact sum.</summary>
    public static Quantity operator +(Quantity left, Quantity right) => new(checked(left.Raw + right.Raw));

    /// <summary>Exact difference.</summary>
    public static Quantity operator -(Quantity left, Quantity right) => new(checked(left.Raw - right.Raw));

    /// <summary>Negation.</summary>
    public static Quantity operator -(Quantity value) => new(checked(-value.Raw));

    /// <summary>True when <paramref name="left"/> is smaller.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.Raw < right.Raw;

    /// <summary>True when <paramref name="left"/> is larger.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.Raw > right.Raw;

    /// <summary>True when <paramref name="left"/> is not larger.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.Raw <= right.Raw;

    /// <summary>True when <paramref name="left"/> is not smaller.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.Raw >= right.Raw;

    /// <summary>Invariant decimal text without trailing zeros.</summary>
    public override string ToString() => ToDecimal().ToString("0.########", CultureInfo.InvariantCulture);
}
