namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// A client order identifier (FIX tag 11, ClOrdID): unique per account and trading day, chosen by the sender.
/// 1..<see cref="MaxLength"/> printable ASCII characters (0x21..0x7E, no spaces).
/// </summary>
public readonly record struct ClOrdId
{
    /// <summary>The longest identifier accepted, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Creates an identifier from its text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, longer than 64 characters, or has a
    /// character outside printable ASCII.</exception>
    public ClOrdId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"ClOrdID must have 1..{MaxLength} characters, got {value.Length} ('{value}').", nameof(value));
        }

        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                throw new ArgumentException($"ClOrdID '{value}' has the character U+{(int)c:X4}; only printable ASCII without spaces is allowed.", nameof(value));
            }
        }

        Value = value;
    }

    /// <summary>The identifier text; null only for <c>default(ClOrdId)</c>, which no public API accepts.</summary>
    public string Value { get; }

    /// <summary>True for <c>default(ClOrdId)</c>, which was never constructed from a text.</summary>
    public bool IsDefault => Value is null;

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
