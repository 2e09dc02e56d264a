using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Risk;

/// <content>Recovery from an account's journal.</content>
public sealed partial class RiskEngine
{
    /// <summary>
    /// Records an order that <see cref="Check"/> accepted before a restart (the journal holds the outcome), so the
    /// message-rate window, the duplicate-order window and <see cref="Accepted"/> are as they were. Checks nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    public void RestoreAccepted(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        RecordAccepted(order);
    }
}
