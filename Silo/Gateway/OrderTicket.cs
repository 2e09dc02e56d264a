using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>A new order as a client sends it (<c>POST /api/accounts/{account}/orders</c>). Enum fields are text,
/// matched without case (<c>stopLimit</c>, <c>StopLimit</c>, <c>stop_limit</c>).</summary>
public sealed class OrderTicket
{
    /// <summary>Client order id; generated when absent.</summary>
    public string? ClOrdId { get; set; }

    /// <summary>Ticker, e.g. <c>IBM</c>.</summary>
    public string? Symbol { get; set; }

    /// <summary><c>buy</c> or <c>sell</c>.</summary>
    public string? Side { get; set; }

    /// <summary>Units (shares), positive.</summary>
    public decimal Quantity { get; set; }

    /// <summary><c>market</c>, <c>limit</c>, <c>stop</c> or <c>stopLimit</c>; default limit when a limit price is given,
    /// else market.</summary>
    public string? OrdType { get; set; }

    /// <summary>Limit price in USD (limit, stop-limit).</summary>
    public decimal? LimitPrice { get; set; }

    /// <summary>Stop price in USD (stop, stop-limit).</summary>
    public decimal? StopPrice { get; set; }

    /// <summary><c>day</c> (default), <c>gtc</c>, <c>ioc</c> or <c>fok</c>.</summary>
    public string? TimeInForce { get; set; }

    /// <summary>Why the ticket is invalid, after <see cref="Validate"/>.</summary>
    [JsonIgnore]
    public string? Problem { get; private set; }

    /// <summary>The checked command, or null with <see cref="Problem"/> set (the message names the field and value).</summary>
    public NewOrderCommand? Validate()
    {
        try
        {
            if (string.IsNullOrWhiteSpace(Symbol))
            {
                throw new ArgumentException($"symbol is required, got '{Symbol}'.");
            }

            var symbol = new Symbol(Symbol.Trim().ToUpperInvariant());
            var side = ParseSide(Side);
            if (Quantity <= 0)
            {
                throw new ArgumentException($"quantity must be positive, got {Quantity}.");
            }

            if (LimitPrice is <= 0)
            {
                throw new ArgumentException($"limitPrice must be positive, got {LimitPrice}.");
            }

            if (StopPrice is <= 0)
            {
                throw new ArgumentException($"stopPrice must be positive, got {StopPrice}.");
            }

            var type = OrdType is null ? (LimitPrice is null ? OrderType.Market : OrderType.Limit) : ParseOrdType(OrdType);
            var needsLimit = type is OrderType.Limit or OrderType.StopLimit;
            var needsStop = type is OrderType.Stop or OrderType.StopLimit;
            if (needsLimit != LimitPrice.HasValue)
            {
                throw new ArgumentException(needsLimit ? $"limitPrice is required for ordType {type}." : $"limitPrice must be absent for ordType {type}, got {LimitPrice}.");
            }

            if (needsStop != StopPrice.HasValue)
            {
                throw new ArgumentException(needsStop ? $"stopPrice is required for ordType {type}." : $"stopPrice must be absent for ordType {type}, got {StopPrice}.");
            }

            var tif = TimeInForce is null ? Trading.Orders.TimeInForce.Day : ParseTimeInForce(TimeInForce);
            if (ClOrdId is not null)
            {
                _ = new ClOrdId(ClOrdId);
            }

            return new NewOrderCommand(
                ClOrdId, symbol, side, Core.Quantity.FromDecimal(Quantity), type, LimitPrice is { } lp ? Price.FromDecimal(lp) : null,
                StopPrice is { } sp ? Price.FromDecimal(sp) : null, tif);
        }
        catch (ArgumentException e)
        {
            Problem = e.ParamName is null ? e.Message : $"clOrdId: {e.Message}";
            return null;
        }
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

/// <summary>A cancel/replace as a client sends it (<c>POST .../orders/{clOrdId}/replace</c>).</summary>
public sealed class ReplaceTicket
{
    /// <summary>The replacement's ClOrdID; generated when absent.</summary>
    public string? ClOrdId { get; set; }

    /// <summary>New total quantity, units.</summary>
    public decimal? Quantity { get; set; }

    /// <summary>New limit price.</summary>
    public decimal? LimitPrice { get; set; }

    /// <summary>New stop price.</summary>
    public decimal? StopPrice { get; set; }

    /// <summary>The command, or null with <paramref name="problem"/> naming the field and value.</summary>
    public ReplaceCommand? Validate(out string problem)
    {
        problem = string.Empty;
        if (Quantity is <= 0)
        {
            problem = $"quantity must be positive, got {Quantity}.";
        }
        else if (LimitPrice is <= 0)
        {
            problem = $"limitPrice must be positive, got {LimitPrice}.";
        }
        else if (StopPrice is <= 0)
        {
            problem = $"stopPrice must be positive, got {StopPrice}.";
        }
        else if (Quantity is null && LimitPrice is null && StopPrice is null)
        {
            problem = "a replace must change quantity, limitPrice or stopPrice.";
        }
        else
        {
            try
            {
                if (ClOrdId is not null)
                {
                    _ = new ClOrdId(ClOrdId);
                }

                return new ReplaceCommand(
                    ClOrdId, Quantity is { } q ? Core.Quantity.FromDecimal(q) : null, LimitPrice is { } lp ? Price.FromDecimal(lp) : null,
                    StopPrice is { } sp ? Price.FromDecimal(sp) : null);
            }
            catch (ArgumentException e)
            {
                problem = $"clOrdId: {e.Message}";
            }
        }

        return null;
    }
}

/// <summary>The body of <c>POST /api/risk/kill</c> and <c>POST /api/risk/resume</c>.</summary>
public sealed class RiskCommandTicket
{
    /// <summary>The account; null for every known account.</summary>
    public string? Account { get; set; }

    /// <summary>Why (kill).</summary>
    public string? Reason { get; set; }

    /// <summary><c>active</c> (default) or <c>reducing</c> (resume).</summary>
    public string? State { get; set; }
}
