using System.Globalization;
using Quant.Orleans.Client.Gateway;

namespace Quant.Orleans.Client.Input;

/// <summary>
/// Checks an order typed on the command line and turns it into an <see cref="OrderTicketDto"/>, mirroring the
/// gateway's own rules so that bad input is refused before anything is sent: side <c>buy</c>/<c>sell</c>
/// (any case), symbol of 1..32 ASCII letters, digits, '.', '-', '_' or '/' (upper-cased), quantity a positive
/// decimal number, limit price (optional) a positive decimal number. Numbers use the invariant culture: '.' as the
/// decimal separator, no thousands separators, no exponent, no NaN or infinity.
/// </summary>
public static class OrderInput
{
    /// <summary>Longest accepted ticker, in characters (the grid's <c>Symbol</c> rule).</summary>
    public const int MaxSymbolLength = 32;

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>Validates the four inputs and returns the ticket to send.</summary>
    /// <exception cref="ClientInputException">The side is not buy/sell.</exception>
    /// <exception cref="ClientInputException">The symbol is empty, too long or has a character outside the rule.</exception>
    /// <exception cref="ClientInputException">The quantity is not a number, or not positive.</exception>
    /// <exception cref="ClientInputException">The limit price is present but not a number, or not positive.</exception>
    public static OrderTicketDto Parse(string side, string symbol, string quantity, string? limitPrice) =>
        new(ParseSymbol(symbol), ParseSide(side), ParseQuantity(quantity), limitPrice is null ? null : ParseLimitPrice(limitPrice));

    /// <summary>Returns <c>buy</c> or <c>sell</c> for <paramref name="side"/> in any case.</summary>
    /// <exception cref="ClientInputException">Anything else.</exception>
    public static string ParseSide(string side) => side?.Trim().ToLowerInvariant() switch
    {
        "buy" => "buy",
        "sell" => "sell",
        _ => throw new ClientInputException($"Unknown side '{side}': the side must be 'buy' or 'sell'."),
    };

    /// <summary>Returns the upper-cased ticker.</summary>
    /// <exception cref="ClientInputException">Empty, longer than <see cref="MaxSymbolLength"/>, or a character other
    /// than ASCII letters, digits, '.', '-', '_', '/'.</exception>
    public static string ParseSymbol(string symbol)
    {
        var text = symbol?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxSymbolLength)
        {
            throw new ClientInputException($"Malformed symbol '{symbol}': a symbol has 1..{MaxSymbolLength} characters.");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                throw new ClientInputException($"Malformed symbol '{symbol}': the character '{c}' is not allowed (only A-Z, 0-9, '.', '-', '_', '/').");
            }
        }

        return text.ToUpperInvariant();
    }

    /// <summary>Returns the quantity in units.</summary>
    /// <exception cref="ClientInputException">Not a decimal number, or zero or negative.</exception>
    public static decimal ParseQuantity(string quantity)
    {
        if (!decimal.TryParse(quantity, DecimalStyle, CultureInfo.InvariantCulture, out var value))
        {
            throw new ClientInputException($"Malformed quantity '{quantity}': the quantity must be a number such as 100.");
        }

        if (value <= 0)
        {
            throw new ClientInputException($"Invalid quantity {quantity}: the quantity must be positive.");
        }

        return value;
    }

    /// <summary>Returns the limit price in USD per unit.</summary>
    /// <exception cref="ClientInputException">Not a decimal number, or zero or negative.</exception>
    public static decimal ParseLimitPrice(string limitPrice)
    {
        if (!decimal.TryParse(limitPrice, DecimalStyle, CultureInfo.InvariantCulture, out var value))
        {
            throw new ClientInputException($"Malformed limit price '{limitPrice}': the price must be a number such as 185.10.");
        }

        if (value <= 0)
        {
            throw new ClientInputException($"Invalid limit price {limitPrice}: the price must be positive.");
        }

        return value;
    }

    /// <summary>Returns the gateway base URL.</summary>
    /// <exception cref="ClientInputException">Not an absolute http or https URL.</exception>
    public static Uri ParseGateway(string gateway)
    {
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ClientInputException($"Malformed gateway '{gateway}': the gateway must be an absolute http(s) URL such as http://127.0.0.1:5080.");
        }

        return uri;
    }

    /// <summary>Returns the account name.</summary>
    /// <exception cref="ClientInputException">Empty or containing whitespace or '/'.</exception>
    public static string ParseAccount(string account)
    {
        if (string.IsNullOrWhiteSpace(account) || account.Any(c => char.IsWhiteSpace(c) || c == '/' || char.IsControl(c)))
        {
            throw new ClientInputException($"Malformed account '{account}': an account is a non-empty name without spaces or '/', such as SIM-1.");
        }

        return account;
    }
}
