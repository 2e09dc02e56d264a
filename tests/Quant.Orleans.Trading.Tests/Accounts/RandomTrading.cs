using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;
using static Quant.Orleans.Trading.Tests.Accounts.AccountRig;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>
/// Seeded random operations on an <see cref="AccountRig"/>'s engine, as a grid and its users would send them: quotes
/// in two symbols (sometimes one-sided, sometimes a minute apart), forecasts, batches of manual orders of every type
/// and time in force (with reused ClOrdIDs: resends and duplicates; oversized orders: risk rejections; malformed
/// ones), cancels and cancel/replaces of any order (terminal ones too), the kill switch, resumes, ends of day and
/// replay checkpoints. Deterministic for a seed.
/// </summary>
internal sealed class RandomTrading(AccountRig rig, ulong seed)
{
    private static readonly OrderType[] Types = [OrderType.Market, OrderType.Limit, OrderType.Stop, OrderType.StopLimit];
    private static readonly TimeInForce[] Tifs = [TimeInForce.Day, TimeInForce.Gtc, TimeInForce.Ioc, TimeInForce.Fok];

    private readonly DeterministicRandom _random = new(seed);
    private readonly Dictionary<Symbol, Quote> _last = [];
    private readonly Dictionary<Symbol, decimal> _mids = new() { [Ibm] = 100m, [Msft] = 50m };
    private long _millis;

    private AccountEngine Engine => rig.Engine;

    /// <summary>One random operation; returns its name (for failure messages).</summary>
    public async Task<string> StepAsync(int step)
    {
        var action = _random.NextInt(100);
        if (action < 30 || _last.Count == 0)
        {
            await QuoteAsync();
            return "quote";
        }

        if (action < 42)
        {
            var forecasts = _last.Values.OrderBy(q => q.Symbol.Ticker, StringComparer.Ordinal)
                .Where(_ => _random.NextInt(3) > 0)
                .Select(q => new AccountForecast(q.Symbol, At(_millis), q, (_random.NextDouble() - 0.5) * 0.006, 0.01))
                .ToArray();
            await Engine.OnForecastsAsync(forecasts);
            return "forecasts";
        }

        if (action < 62)
        {
            var commands = Enumerable.Range(0, 1 + _random.NextInt(3)).Select(_ => RandomCommand()).ToArray();
            await Engine.NewOrdersAsync(commands);
            return "new orders";
        }

        if (action < 72)
        {
            await Engine.CancelOrderAsync(PickClOrdId());
            return "cancel";
        }

        if (action < 82)
        {
            await ReplaceAsync();
            return "replace";
        }

        if (action < 85)
        {
            await Engine.KillAsync(_random.NextInt(2) == 0 ? string.Empty : "random kill");
            return "kill";
        }

        if (action < 89)
        {
            await Engine.ResumeAsync(_random.NextInt(3) == 0 ? RiskState.Reducing : RiskState.Active, string.Empty);
            return "resume";
        }

        if (action < 92)
        {
            rig.Host.EndOfDay(At(_millis));
            await Engine.EndOfDayAsync(At(_millis));
            return "end of day";
        }

        if (action < 96)
        {
            Engine.RecordReplayProgress(new ReplayCheckpoint("random", step, At(_millis)));
            return "checkpoint";
        }

        await Engine.SyncWithVenueAsync();
        return "sync";
    }

    private async Task QuoteAsync()
    {
        _millis += _random.NextInt(20) == 0 ? 61_000 : 1 + _random.NextInt(300);
        var symbol = _random.NextInt(2) == 0 ? Ibm : Msft;
        var mid = _mids[symbol] = Math.Max(10m, _mids[symbol] + ((_random.NextInt(21) - 10) * 0.05m));
        var oneSided = _random.NextInt(40) == 0;
        var quote = new Quote(
            symbol, At(_millis), oneSided ? Price.Zero : Price.FromDecimal(mid - 0.01m), Quantity.FromUnits(_random.NextInt(800)),
            Price.FromDecimal(mid + 0.01m), Quantity.FromUnits(_random.NextInt(800)));
        _last[symbol] = quote;
        await rig.Quote(quote);
    }

    private NewOrderCommand RandomCommand()
    {
        var symbol = _random.NextInt(2) == 0 ? Ibm : Msft;
        var mid = _mids[symbol];
        var type = Types[_random.NextInt(Types.Length)];
        var side = _random.NextInt(2) == 0 ? Side.Buy : Side.Sell;
        var units = _random.NextInt(25) == 0 ? 6_000 : 1 + _random.NextInt(800);
        Price? limit = type is OrderType.Limit or OrderType.StopLimit ? Price.FromDecimal(mid + ((_random.NextInt(41) - 20) * 0.05m)) : null;
        Price? stop = type is OrderType.Stop or OrderType.StopLimit ? Price.FromDecimal(mid + ((side == Side.Buy ? 1 : -1) * (1 + _random.NextInt(10)) * 0.05m)) : null;
        if (_random.NextInt(30) == 0)
        {
            limit = limit is null ? Price.FromDecimal(mid) : null; // malformed: answered Invalid
        }

        var id = _random.NextInt(2) == 0 ? null : "m-" + _random.NextInt(12).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new NewOrderCommand(id, symbol, side, Quantity.FromUnits(units), type, limit, stop, Tifs[_random.NextInt(Tifs.Length)]);
    }

    private async Task ReplaceAsync()
    {
        var orders = Engine.GetOrders(workingOnly: _random.NextInt(4) > 0);
        if (orders.Length == 0)
        {
            await Engine.ReplaceOrderAsync("nope", new ReplaceCommand(null, null, null, null));
            return;
        }

        var order = orders[_random.NextInt(orders.Length)];
        var r = order.Order;
        var quantity = _random.NextInt(6) == 0 ? order.CumQty : order.CumQty + Quantity.FromUnits(1 + _random.NextInt(600));
        Price? limit = r.LimitPrice is { } l && _random.NextInt(2) == 0 ? Price.FromDecimal(l.ToDecimal() + ((_random.NextInt(11) - 5) * 0.05m)) : null;
        var id = _random.NextInt(2) == 0 ? null : "r-" + _random.NextInt(8).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Engine.ReplaceOrderAsync(r.ClOrdId.Value, new ReplaceCommand(id, quantity, limit, null));
    }

    private string PickClOrdId()
    {
        var orders = Engine.GetOrders(workingOnly: _random.NextInt(2) == 0);
        return orders.Length == 0 || _random.NextInt(10) == 0 ? "nope" : orders[_random.NextInt(orders.Length)].Order.ClOrdId.Value;
    }
}
