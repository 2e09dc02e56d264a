using Quant.Orleans.Gateway.Contracts;
using System.Globalization;

namespace Quant.Orleans.Client.Input;

/// <summary>
/// Checks what is typed for an order, a cancel or a replace and turns it into the gateway's request, with the
/// gateway's own rules so that bad input is refused before anything is sent. Every message names the argument or
/// option and the value. Rules: side <c>buy</c>/<c>sell</c> (any case); symbol of 1..32 ASCII letters, digits, '.',
/// '-', '_' or '/' (upper-cased); quantity and prices positive decimal numbers in the invariant culture ('.' as the
/// decimal separator, no thousands separator, no exponent, no NaN or infinity); time in force <c>day</c>,
/// <c>gtc</c>, <c>ioc</c> or <c>fok</c> (FIX 59); a ClOrdID of 1..64 printable ASCII characters other than space and
/// '/'. The order type (FIX 40) follows from the prices: none → market, <c>--limit</c> → limit, <c>--stop</c> →
/// stop, both → stop-limit.
/// </summary>
public static class OrderInput
{
    /// <summary>Longest accepted ticker, in characters (the grid's <c>Symbol</c> rule).</summary>
    public const int MaxSymbolLength = 32;

    /// <summary>Longest accepted ClOrdID, in characters.</summary>
    public const int MaxClOrdIdLength = 64;

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>Validates a new order and returns the request to send.</summary>
    /// <param name="side"><c>buy</c> or <c>sell</c>.</param>
    /// <param name="symbol">Ticker.</param>
    /// <param name="quantity">Units, positive.</param>
    /// <param name="limitPrice">The <c>--limit</c> text, or null.</param>
    /// <param name="stopPrice">The <c>--stop</c> text, or null.</param>
    /// <param name="timeInForce">The <c>--tif</c> text, or null for the gateway's default (day).</param>
    /// <param name="clOrdId">The <c>--id</c> text, or null to let the gateway generate one.</param>
    /// <exception cref="ClientInputException">Any value breaks its rule; the message names it.</exception>
    public static NewOrderRequest ParseOrder(string side, string symbol, string quantity, string? limitPrice = null, string? stopPrice = null, string? timeInForce = null, string? clOrdId = null)
    {
        var parsedSide = ParseSide(side);
        var parsedSymbol = ParseSymbol(symbol);
        var parsedQuantity = ParseQuantity(quantity, "quantity");
        var limit = limitPrice is null ? (decimal?)null : ParsePrice(limitPrice, "--limit");
        var stop = stopPrice is null ? (decimal?)null : ParsePrice(stopPrice, "--stop");
        var ordType = (limit, stop) switch
        {
            (null, null) => "market",
            (_, null) => "limit",
            (null, _) => "stop",
            _ => "stopLimit",
        };
        return new NewOrderRequest(
            parsedSymbol,
            parsedSide,
            parsedQuantity,
            ordType,
            limit,
            stop,
            timeInForce is null ? null : ParseTimeInForce(timeInForce),
            clOrdId is null ? null : ParseClOrdId(clOrdId, "--id"));
    }

    /// <summary>Validates a cancel/replace request's changes and returns the request to send.</summary>
    /// <exception cref="ClientInputException">No change is given, or a value breaks its rule.</exception>
    public static ReplaceRequest ParseReplace(string? quantity, string? limitPrice, string? stopPrice, string? newClOrdId)
    {
        if (quantity is null && limitPrice is null && stopPrice is null)
        {
            throw new ClientInputException("replace needs at least one of --qty, --limit or --stop.");
        }

        return new ReplaceRequest(
            newClOrdId is null ? null : ParseClOrdId(newClOrdId, "--id"),
            quantity is null ? null : ParseQuantity(quantity, "--qty"),
            limitPrice is null ? null : ParsePrice(limitPrice, "--limit"),
            stopPrice is null ? null : ParsePrice(stopPrice, "--stop"));
    }

    /// <summary>Returns <c>buy</c> or <c>sell</c> for <paramref name="side"/> in any case.</summary>
    /// <exception cref="ClientInputException">Anything else.</exception>
    public static string ParseSide(string side) => side?.Trim().ToLowerInvariant() switch
    {
        "buy" => "buy",
        "sell" => "sell",
        _ => throw new ClientInputException($"unknown side '{side}': the side must be 'buy' or 'sell'."),
    };

    /// <summary>Returns the upper-cased ticker.</summary>
    /// <exception cref="ClientInputException">Empty, longer than <see cref="MaxSymbolLength"/>, or a character other
    /// than ASCII letters, digits, '.', '-', '_', '/'.</exception>
    public static string ParseSymbol(string symbol)
    {
        var text = symbol?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxSymbolLength)
        {
            throw new ClientInputException($"malformed symbol '{symbol}': a symbol has 1..{MaxSymbolLength} characters.");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))
            {
                throw new ClientInputException($"malformed symbol '{symbol}': the character '{c}' is not allowed (only A-Z, 0-9, '.', '-', '_', '/').");
            }
        }

        return text.ToUpperInvariant();
    }

    /// <summary>Returns a quantity in units.</summary>
    /// <param name="quantity">The text.</param>
    /// <param name="name">The argument or option it came from (<c>quantity</c>, <c>--qty</c>), named in messages.</param>
    /// <exception cref="ClientInputException">Not a decimal number, or breaking the gateway's rule
    /// (<see cref="RequestRules.QuantityProblem"/>: positive, at most 1e9, at most 8 decimal places).</exception>
    public static decimal ParseQuantity(string quantity, string name = "quantity") => ParseNumber(
        quantity,
        $"malformed quantity '{quantity}' for {name}: a quantity is a number such as 100.",
        name == "quantity" ? "quantity" : $"quantity for {name}",
        RequestRules.MaxQuantity,
        RequestRules.QuantityProblem);

    /// <summary>Returns a price in USD per unit.</summary>
    /// <param name="price">The text.</param>
    /// <param name="name">The option it came from (<c>--limit</c>, <c>--stop</c>), named in messages.</param>
    /// <exception cref="ClientInputException">Not a decimal number, or breaking the gateway's rule
    /// (<see cref="RequestRules.PriceProblem"/>: positive, at most 1e9, at most 8 decimal places).</exception>
    public static decimal ParsePrice(string price, string name) => ParseNumber(
        price,
        $"malformed price '{price}' for {name}: a price is a number such as 185.10.",
        $"price for {name}",
        RequestRules.MaxPrice,
        RequestRules.PriceProblem);

    /// <summary>The number in <paramref name="text"/>, checked by <paramref name="rule"/>.</summary>
    /// <exception cref="ClientInputException">Not a plain decimal number (<paramref name="malformed"/>), or breaking the
    /// rule: <c>"{subject} {rule}, got {text}."</c>.</exception>
    private static decimal ParseNumber(string text, string malformed, string subject, decimal max, Func<decimal, string?> rule)
    {
        string? problem;
        if (decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var value))
        {
            problem = rule(value);
            if (problem is null)
            {
                return value;
            }
        }
        else if (IsPlainNumber(text))
        {
            // Digits that a decimal cannot hold (beyond ±7.9e28): out of range, not malformed.
            problem = text.StartsWith('-') ? "must be positive" : $"must be at most {RequestRules.Show(max)}";
        }
        else
        {
            throw new ClientInputException(malformed);
        }

        throw new ClientInputException($"{subject} {problem}, got {text}.");
    }

    /// <summary>True for an optional sign, then digits with at most one '.'.</summary>
    private static bool IsPlainNumber(string text)
    {
        var body = text.Length > 0 && text[0] is '-' or '+' ? text[1..] : text;
        return body.Any(char.IsAsciiDigit) && body.All(c => char.IsAsciiDigit(c) || c == '.') && body.Count(c => c == '.') <= 1;
    }

    /// <summary>Returns <c>day</c>, <c>gtc</c>, <c>ioc</c> or <c>fok</c> (FIX 59 values 0, 1, 3, 4) for any case.</summary>
    /// <exception cref="ClientInputException">Anything else.</exception>
    public static string ParseTimeInForce(string timeInForce) => timeInForce?.Trim().ToLowerInvariant() switch
    {
        "day" => "day",
        "gtc" => "gtc",
        "ioc" => "ioc",
        "fok" => "fok",
        _ => throw new ClientInputException($"unknown time in force '{timeInForce}' for --tif: expected day, gtc, ioc or fok."),
    };

    /// <summary>Returns a ClOrdID (FIX 11).</summary>
    /// <param name="clOrdId">The text.</param>
    /// <param name="name">The argument or option it came from, named in messages.</param>
    /// <exception cref="ClientInputException">Empty, longer than <see cref="MaxClOrdIdLength"/>, or a character
    /// outside printable ASCII, a space or '/'.</exception>
    public static string ParseClOrdId(string clOrdId, string name)
    {
        var text = clOrdId ?? string.Empty;
        if (text.Length is 0 or > MaxClOrdIdLength)
        {
            throw new ClientInputException($"malformed ClOrdID '{clOrdId}' for {name}: a ClOrdID has 1..{MaxClOrdIdLength} characters.");
        }

        foreach (var c in text)
        {
            if (c is <= ' ' or > '~' or '/')
            {
                throw new ClientInputException($"malformed ClOrdID '{clOrdId}' for {name}: the character '{c}' is not allowed (printable ASCII other than space and '/').");
            }
        }

        return text;
    }

    /// <summary>Returns the gateway base URL.</summary>
    /// <exception cref="ClientInputException">Not an absolute http or https URL.</exception>
    public static Uri ParseGateway(string gateway)
    {
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ClientInputException($"malformed gateway '{gateway}' for --gateway: the gateway must be an absolute http(s) URL such as http://127.0.0.1:5080.");
        }

        return uri;
    }

    /// <summary>Longest accepted account name, in characters (the gateway's rule).</summary>
    public const int MaxAccountLength = 32;

    /// <summary>Returns the account name.</summary>
    /// <exception cref="ClientInputException">Empty, longer than <see cref="MaxAccountLength"/>, or a character other
    /// than ASCII letters, digits, '-', '_', '.'.</exception>
    public static string ParseAccount(string account)
    {
        if (string.IsNullOrEmpty(account) || account.Length > MaxAccountLength || !account.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ClientInputException(
                $"malformed account '{account}' for --account: an account has 1..{MaxAccountLength} of A-Z, a-z, 0-9, '-', '_', '.', such as SIM-1.");
        }

        return account;
    }
}
