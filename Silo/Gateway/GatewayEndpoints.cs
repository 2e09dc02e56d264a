using System.Text.Json;
using System.Text.Json.Serialization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grid;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>
/// The silo's HTTP/JSON gateway for clients (loopback only):
/// <list type="bullet">
/// <item><c>GET /health</c> → <c>{"status":"ok","activations":n}</c>;</item>
/// <item><c>GET /api/accounts/{account}</c> → the account's <c>PortfolioSnapshot</c>;</item>
/// <item><c>GET /api/accounts/{account}/orders</c> → its order log;</item>
/// <item><c>POST /api/accounts/{account}/orders</c> with <c>{"symbol":"IBM","side":"buy","quantity":100,"limitPrice":185.10}</c>
/// (no <c>limitPrice</c> for a market order) → the execution reports; 400 with <c>{"error": "..."}</c> for bad input;</item>
/// <item><c>GET /api/symbols/{symbol}</c> → the symbol grain's status.</item>
/// </list>
/// </summary>
public static class GatewayEndpoints
{
    /// <summary>JSON options of the gateway (camelCase, enums as strings, decimals exact, order ids as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new SymbolJsonConverter(), new PriceJsonConverter(), new QuantityJsonConverter(), new UnixNanosJsonConverter(), new ClOrdIdJsonConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Maps the endpoints onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app, IGrainFactory grains, Func<int> activations)
    {
        app.MapGet("/health", () => Results.Json(new { status = "ok", activations = activations() }, Json));
        app.MapGet("/api/accounts/{account}", async (string account) =>
            Results.Json(await grains.GetGrain<IPortfolioGrain>(account).GetSnapshot(), Json));
        app.MapGet("/api/accounts/{account}/orders", async (string account) =>
            Results.Json((await grains.GetGrain<IPortfolioGrain>(account).GetRecord()).Orders, Json));
        app.MapGet("/api/symbols/{symbol}", async (string symbol) =>
            Results.Json(await grains.GetGrain<ISymbolGrain>(symbol.ToUpperInvariant()).GetStatus(), Json));
        app.MapPost("/api/accounts/{account}/orders", async (string account, HttpRequest request) =>
        {
            OrderTicket? ticket;
            try
            {
                ticket = await JsonSerializer.DeserializeAsync<OrderTicket>(request.Body, Json);
            }
            catch (JsonException e)
            {
                return Results.Json(new { error = $"Malformed order JSON: {e.Message}" }, Json, statusCode: 400);
            }

            if (ticket?.Validate() is not { } order)
            {
                return Results.Json(new { error = ticket?.Problem ?? "Empty order." }, Json, statusCode: 400);
            }

            var reports = await grains.GetGrain<IPortfolioGrain>(account).SubmitOrder(order.Symbol, order.Side, order.Quantity, order.LimitPrice);
            return Results.Json(reports, Json);
        });
    }
}

/// <summary>An order as a client sends it.</summary>
public sealed class OrderTicket
{
    /// <summary>Ticker, e.g. <c>IBM</c>.</summary>
    public string? Symbol { get; set; }

    /// <summary><c>buy</c> or <c>sell</c>.</summary>
    public string? Side { get; set; }

    /// <summary>Units (shares), positive.</summary>
    public decimal Quantity { get; set; }

    /// <summary>Limit price in USD; absent for a market order.</summary>
    public decimal? LimitPrice { get; set; }

    /// <summary>Why the ticket is invalid, after <see cref="Validate"/>.</summary>
    [JsonIgnore]
    public string? Problem { get; private set; }

    /// <summary>The checked order, or null with <see cref="Problem"/> set.</summary>
    public (Symbol Symbol, Side Side, Quantity Quantity, Price? LimitPrice)? Validate()
    {
        try
        {
            var symbol = new Symbol(Symbol ?? string.Empty);
            var side = Side?.ToLowerInvariant() switch
            {
                "buy" => Core.Side.Buy,
                "sell" => Core.Side.Sell,
                _ => throw new ArgumentException($"side must be 'buy' or 'sell', got '{Side}'."),
            };
            if (Quantity <= 0)
            {
                throw new ArgumentException($"quantity must be positive, got {Quantity}.");
            }

            if (LimitPrice is <= 0)
            {
                throw new ArgumentException($"limitPrice must be positive, got {LimitPrice}.");
            }

            return (symbol, side, Core.Quantity.FromDecimal(Quantity), LimitPrice is { } p ? Price.FromDecimal(p) : null);
        }
        catch (ArgumentException e)
        {
            Problem = e.Message;
            return null;
        }
    }
}
