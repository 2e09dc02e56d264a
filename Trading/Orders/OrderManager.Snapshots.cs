using System.Collections.Immutable;

namespace Quant.Orleans.Trading.Orders;

/// <content>Capture and restore of the order manager's full state (account snapshots).</content>
public sealed partial class OrderManager
{
    /// <summary>The order manager's full state: a deep copy that later changes do not touch.</summary>
    internal OrderManagerSnapshot Capture()
    {
        var orders = ImmutableArray.CreateBuilder<OrderSnapshot>(_orders.Count);
        foreach (var order in _orders)
        {
            orders.Add(order.Capture());
        }

        var today = _today.ToArray();
        Array.Sort(today, static (a, b) => string.CompareOrdinal(a.Value, b.Value));
        var pending = _pendingReplacements.Values.ToArray();
        Array.Sort(pending, static (a, b) => string.CompareOrdinal(a.ClOrdId.Value, b.ClOrdId.Value));
        var working = ImmutableArray.CreateBuilder<WorkingQuantity>(_working.Count);
        foreach (var (symbol, (buy, sell)) in _working)
        {
            working.Add(new WorkingQuantity(symbol, new(buy), new(sell)));
        }

        return new OrderManagerSnapshot(
            orders.MoveToImmutable(), [.. today], [.. pending], working.MoveToImmutable(), WorkingCount, WorkingNotional, _orderSequence, _execSequence);
    }

    /// <summary>Puts an empty order manager in the state <paramref name="snapshot"/> describes (checked by the caller:
    /// every order of this account). The ClOrdID index names the last order logged under each ClOrdID, as it did.</summary>
    /// <exception cref="InvalidOperationException">This order manager is not empty.</exception>
    internal void Restore(OrderManagerSnapshot snapshot)
    {
        if (_orders.Count != 0 || _orderSequence != 0 || _execSequence != 0)
        {
            throw new InvalidOperationException($"The order manager of {Account} already holds orders; a snapshot is restored into an empty one.");
        }

        foreach (var order in snapshot.Orders)
        {
            var restored = Order.Restore(order);
            _orders.Add(restored);
            _index[restored.ClOrdId] = restored;
        }

        foreach (var id in snapshot.Today)
        {
            _today.Add(id);
        }

        foreach (var replacement in snapshot.PendingReplacements)
        {
            _pendingReplacements[replacement.ClOrdId] = replacement;
        }

        foreach (var w in snapshot.Working)
        {
            _working[w.Symbol] = (w.Buy.Raw, w.Sell.Raw);
        }

        WorkingCount = snapshot.WorkingCount;
        WorkingNotional = snapshot.WorkingNotional;
        _orderSequence = snapshot.OrderSequence;
        _execSequence = snapshot.ExecSequence;
    }
}
