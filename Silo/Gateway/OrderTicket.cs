using Quant.Orleans.Core;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>Checks the gateway's order requests (<see cref="NewOrderRequest"/>, <see cref="ReplaceRequest"/>) and turns
/// them into the account's commands; every refusal starts with the field's name and gives the rule and the value sent
/// (capped by <see cref="RequestRules.Echo"/>), never an exception's text. Enumerations are matched without case and
/// with <c>_</c> ignored (<c>stopLimit</c>, <c>StopLimit</c>, <c>stop_limit</c>). Quantities and prices follow
/// <see cref="RequestRules"/> (positive, at most 1e9, at most 8 decimal places) and quantities the instrument's lot
/// (<see cref="QuantityRules"/>: whole shares for an equity).</summary>
public static class OrderTicket
{
    /// <summary>The command for <paramref name="request"/>, or null with <paramref name="problem"/> saying why.</summary>
    public static NewOrderCommand? Validate(NewOrderRequest request, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = string.Empty;
        try
        {
            var symbol = ParseSymbol(request.Symbol);
            var side = ParseSide(request.Side);
            if (request.Quantity is not { } amount)
            {
                throw new ArgumentException("quantity is required: a positive number of units.");
            }

            var quantity = ToQuantity(amount);
            QuantityRules.Validate(symbol, quantity);
            var limit = ToPrice(request.LimitPrice, "limitPrice");
            var stop = ToPrice(request.StopPrice, "stopPrice");
            var type = request.OrdType is null ? (limit is null ? OrderType.Market : OrderType.Limit) : ParseOrdType(request.OrdType);
            var needsLimit = type is OrderType.Limit or OrderType.StopLimit;
            var needsStop = type is OrderType.Stop or OrderType.StopLimit;
            if (needsLimit != limit.HasValue)
            {
                throw new ArgumentException(needsLimit ? $"limitPrice is required for ordType {type}." : $"limitPrice must be absent for ordType {type}, got {limit}.");
            }

            if (needsStop != stop.HasValue)
            {
                throw new ArgumentException(needsStop ? $"stopPrice is required for ordType {type}." : $"stopPrice must be absent for ordType {type}, got {stop}.");
            }

            var tif = request.TimeInForce is null ? Trading.Orders.TimeInForce.Day : ParseTimeInForce(request.TimeInForce);
            return new NewOrderCommand(ParseClOrdId(request.ClOrdId, "clOrdId"), symbol, side, quantity, type, limit, stop, tif);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>The command for <paramref name="request"/>, or null with <paramref name="problem"/> naming the field and
    /// value. Whether the new quantity is a whole number of lots is the account's check (it knows the order's symbol).</summary>
    public static ReplaceCommand? Validate(ReplaceRequest request, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = string.Empty;
        try
        {
            var quantity = request.Quantity is { } q ? ToQuantity(q) : (Quantity?)null;
            var limit = ToPrice(request.LimitPrice, "limitPrice");
            var stop = ToPrice(request.StopPrice, "stopPrice");
            if (quantity is null && limit is null && stop is null)
            {
                throw new ArgumentException("a replace must change quantity, limitPrice or stopPrice.");
            }

            return new ReplaceCommand(ParseClOrdId(request.ClOrdId, "clOrdId"), quantity, limit, stop);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>The upper-cased ticker of <paramref name="text"/> (surrounding blanks ignored).</summary>
    /// <exception cref="ArgumentException">Absent, or not 1..32 of A-Z, a-z, 0-9, '.', '-', '_', '/'.</exception>
    public static Symbol ParseSymbol(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"symbol is required, got {RequestRules.Echo(text)}.");
        }

        var ticker = text.Trim();
        if (ticker.Length > 32 || ticker.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/')))
        {
            throw new ArgumentException($"symbol must be 1..32 of A-Z, 0-9, '.', '-', '_', '/', got {RequestRules.Echo(text)}.");
        }

        return new Symbol(ticker.ToUpperInvariant());
    }

    /// <summary>The ClOrdID text, or null when absent (the account generates one).</summary>
    /// <param name="text">The value sent.</param>
    /// <param name="field">The field or path segment it came from, named in the message.</param>
    /// <exception cref="ArgumentException">Not 1..64 printable ASCII characters without spaces.</exception>
    public static string? ParseClOrdId(string? text, string field)
    {
        if (text is not null && (text.Length is 0 or > ClOrdId.MaxLength || text.Any(c => c is < '!' or > '~')))
        {
            throw new ArgumentException($"{field} must be 1..{ClOrdId.MaxLength} printable ASCII characters without spaces, got {RequestRules.Echo(text)}.");
        }

        return text;
    }

    private static Quantity ToQuantity(decimal value) => RequestRules.QuantityProblem(value) is { } rule
        ? throw new ArgumentException($"quantity {rule}, got {RequestRules.Show(value)}.")
        : Quantity.FromDecimal(value);

    private static Price? ToPrice(decimal? value, string field) => value switch
    {
        null => null,
        { } v when RequestRules.PriceProblem(v) is { } rule => throw new ArgumentException($"{field} {rule}, got {RequestRules.Show(v)}."),
        { } v => Price.FromDecimal(v),
    };

    /// <summary><c>buy</c>/<c>sell</c>, any case.</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static Side ParseSide(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "buy" => Core.Side.Buy,
        "sell" => Core.Side.Sell,
        _ => throw new ArgumentException($"side must be 'buy' or 'sell', got {RequestRules.Echo(text)}."),
    };

    /// <summary>An order type name, any case, '_' ignored.</summary>
    /// <exception cref="ArgumentException">Not a known type.</exception>
    public static OrderType ParseOrdType(string text) => Normalise(text) switch
    {
        "market" => OrderType.Market,
        "limit" => OrderType.Limit,
        "stop" => OrderType.Stop,
        "stoplimit" => OrderType.StopLimit,
        _ => throw new ArgumentException($"ordType must be 'market', 'limit', 'stop' or 'stopLimit', got {RequestRules.Echo(text)}."),
    };

    /// <summary>A time in force name, any case.</summary>
    /// <exception cref="ArgumentException">Not a known time in force.</exception>
    public static TimeInForce ParseTimeInForce(string text) => Normalise(text) switch
    {
        "day" => Trading.Orders.TimeInForce.Day,
        "gtc" => Trading.Orders.TimeInForce.Gtc,
        "ioc" => Trading.Orders.TimeInForce.Ioc,
        "fok" => Trading.Orders.TimeInForce.Fok,
        _ => throw new ArgumentException($"timeInForce must be 'day', 'gtc', 'ioc' or 'fok', got {RequestRules.Echo(text)}."),
    };

    /// <summary>A risk state for resume: <c>active</c> or <c>reducing</c>, any case.</summary>
    /// <exception cref="ArgumentException">Anything else (Halted is the kill switch's).</exception>
    public static RiskState ParseResumeState(string? text) => text is null ? RiskState.Active : Normalise(text) switch
    {
        "active" => RiskState.Active,
        "reducing" => RiskState.Reducing,
        _ => throw new ArgumentException($"state must be 'active' or 'reducing', got {RequestRules.Echo(text)}."),
    };

    private static string Normalise(string text) => text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
