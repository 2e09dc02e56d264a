namespace Quant.Orleans.Core;

/// <summary>
/// An instrument identifier: upper-case ticker such as <c>IBM</c> or <c>EURUSD</c>.
/// Letters, digits, '.', '-', '_' and '/' only, 1..32 characters.
/// </summary>
public readonly record struct Symbol
{
    /// <summary>Creates a symbol from a ticker; the ticker is upper-cased (invariant culture).</summary>
    /// <exception cref="ArgumentException">The ticker is empty, longer than 32 characters or has another character.</exception>
    public Symbol(string ticker)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        if (ticker.Length is 0 or > 32)
        {
            throw new ArgumentException($"Symbol must have 1..32 characters, got '{ticker}'.", nameof(ticker));
        }

        foreach (var c in ticker)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                throw new ArgumentException($"Symbol '{ticker}' has the character '{c}'; only A-Z, 0-9, '.', '-', '_', '/' are allowed.", nameof(ticker));
            }
        }

        Ticker = ticker.ToUpperInvariant();
    }

    /// <summary>The upper-case ticker.</summary>
    public string Ticker { get; }

    /// <inheritdoc />
    public override string ToString() => Ticker ?? string.Empty;
}
