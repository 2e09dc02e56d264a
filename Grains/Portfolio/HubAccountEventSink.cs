using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>Publishes an account's execution reports, fills and risk changes to the silo's <see cref="TradingEventHub"/>
/// (nothing is built while nobody listens).</summary>
/// <param name="hub">The silo's hub.</param>
/// <param name="account">The account.</param>
internal sealed class HubAccountEventSink(TradingEventHub hub, string account) : IAccountEventSink
{
    public bool IsListening => hub.HasSubscribers;

    public void PublishExecutionReport(ExecutionReport report) => hub.Publish(new TradingEvent(TradingEventKind.Order, account, report));

    public void PublishFill(Fill fill) => hub.Publish(new TradingEvent(TradingEventKind.Fill, account, fill));

    public void PublishRisk(RiskSnapshot risk) => hub.Publish(new TradingEvent(TradingEventKind.Risk, account, risk));
}
