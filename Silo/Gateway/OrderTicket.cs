using Quant.Orleans.Core;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>Checks the gateway's order requests (<see cref="NewOrderRequest"/>, <see cref="ReplaceRequest"/>) and turns
/// them into the account's commands; every refusal names the field, the value and the rule. Enumerations are matched
/// without case and with <c>_</c> ignored (<c>stopLimit</c>, <c>StopLimit</c>, <c>stop_limit</c>).</summary>
public static class OrderTicket
{
    /// <summary>The command for <paramref name="request"/>, or null with <paramref name="problem"/> saying why.</summary>
    public static NewOrderCommand? Validate(NewOrderRequest request, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = string.Empty;
        try
        {
            if (string.IsNullOrWhiteSpace(request.Symbol))
            {
                throw new ArgumentException($"symbol is required, got '{request.Symbol}'.");
            }

            var symbol = new Symbol(request.Symbol.Trim().ToUpperInvariant());
            var side = ParseSide(request.Side);
            if (request.Quantity is not { } quantity)
            {
                throw new ArgumentException("quantity is required.");
            }

            if (quantity <= 0)
            {
                throw new ArgumentException($"quantity must be positive, got {quantity}.");
            }

            if (request.LimitPrice is <= 0)
            {
                throw new ArgumentException($"limitPrice must be positive, got {request.LimitPrice}.");
            }

            if (request.StopPrice is <= 0)
            {
                throw new ArgumentException($"stopPrice must be positive, got {request.StopPrice}.");
            }

            var type = request.OrdType is null ? (request.LimitPrice is null ? OrderType.Market : OrderType.Limit) : ParseOrdType(request.OrdType);
            var needsLimit = type is OrderType.Limit or OrderType.StopLimit;
            var needsStop = type is OrderType.Stop or OrderType.StopLimit;
            if (needsLimit != request.LimitPrice.HasValue)
            {
                throw new ArgumentException(needsLimit ? $"limitPrice is required for ordType {type}." : $"limitPrice must be absent for ordType {type}, got {request.LimitPrice}.");
            }

            if (needsStop != request.StopPrice.HasValue)
            {
                throw new ArgumentException(needsStop ? $"stopPrice is required for ordType {type}." : $"stopPrice must be absent for ordType {type}, got {request.StopPrice}.");
            }

            var tif = request.TimeInForce is null ? Trading.Orders.TimeInForce.Day : ParseTimeInForce(request.TimeInForce);
            if (request.ClOrdId is not null)
            {
                _ = new ClOrdId(request.ClOrdId);
            }

            return new NewOrderCommand(
                request.ClOrdId, symbol, side, Quantity.FromDecimal(quantity), type, request.LimitPrice is { } lp ? Price.FromDecimal(lp) : null,
                request.StopPrice is { } sp ? Price.FromDecimal(sp) : null, tif);
        }
        catch (ArgumentException e)
        {
            problem = e.ParamName is null ? e.Message : $"clOrdId: {e.Message}";
            return null;
        }
    }

    /// <summary>The command for <paramref name="request"/>, or null with <paramref name="problem"/> naming the field and value.</summary>
    public static ReplaceCommand? Validate(ReplaceRequest request, out string problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = string.Empty;
        if (request.Quantity is <= 0)
        {
            problem = $"quantity must be positive, got {request.Quantity}.";
        }
        else if (request.LimitPrice is <= 0)
        {
            problem = $"limitPrice must be positive, got {request.LimitPrice}.";
        }
        else if (request.StopPrice is <= 0)
        {
            problem = $"stopPrice must be positive, got {request.StopPrice}.";
        }
        else if (request.Quantity is null && request.LimitPrice is null && request.StopPrice is null)
        {
            problem = "a replace must change quantity, limitPrice or stopPrice.";
        }
        else
        {
            try
            {
                if (request.ClOrdId is not null)
                {
                    _ = new ClOrdId(request.ClOrdId);
                }

                return new ReplaceCommand(
                    request.ClOrdId, request.Quantity is { } q ? Quantity.FromDecimal(q) : null, request.LimitPrice is { } lp ? Price.FromDecimal(lp) : null,
                    request.StopPrice is { } sp ? Price.FromDecimal(sp) : null);
            }
            catch (ArgumentException e)
            {
                problem = $"clOrdId: {e.Message}";
            }
        }

        return null;
    }

    /// <summary><c>buy</c>/<c>sell</c>, any case.</summary>
    /// <exception cref="ArgumentException">Anything else.</exception>
    public static Side ParseSide(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "buy" => Core.Side.Buy,
        "sell" => Core.Side.Sell,
        _ => throw new ArgumentException($"side must be 'buy' or 'sell', got '{text}'."),
    };

    /// <summary>An order type name, any case, '_' ignored.</summary>
    /// <exception cref="ArgumentException">Not a known type.</exception>
    public static OrderType ParseOrdType(string text) => Normalise(text) switch
    {
        "market" => OrderType.Market,
        "limit" => OrderType.Limit,
        "stop" => OrderType.Stop,
        "stoplimit" => OrderType.StopLimit,
        _ => throw new ArgumentException($"ordType must be 'market', 'limit', 'stop' or 'stopLimit', got '{text}'."),
    };

    /// <summary>A time in force name, any case.</summary>
    /// <exception cref="ArgumentException">Not a known time in force.</exception>
    public static TimeInForce ParseTimeInForce(string text) => Normalise(text) switch
    {
        "day" => Trading.Orders.TimeInForce.Day,
        "gtc" => Trading.Orders.TimeInForce.Gtc,
        "ioc" => Trading.Orders.TimeInForce.Ioc,
        "fok" => Trading.Orders.TimeInForce.Fok,
        _ => throw new ArgumentException($"timeInForce must be 'day', 'gtc', 'ioc' or 'fok', got '{text}'."),
    };

    /// <summary>A risk state for resume: <c>active</c> or <c>reducing</c>, any case.</summary>
    /// <exception cref="ArgumentException">Anything else (Halted is the kill switch's).</exception>
    public static RiskState ParseResumeState(string? text) => text is null ? RiskState.Active : Normalise(text) switch
    {
        "active" => RiskState.Active,
        "reducing" => RiskState.Reducing,
        _ => throw new ArgumentException($"state must be 'active' or 'reducing', got '{text}'."),
    };

    private static string Normalise(string text) => text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
