using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>Records what an engine publishes, in order; listens unless told otherwise.</summary>
internal sealed class RecordingEventSink : IAccountEventSink
{
    public bool IsListening { get; set; } = true;

    public List<object> Events { get; } = [];

    public IEnumerable<ExecutionReport> Reports => Events.OfType<ExecutionReport>();

    public IEnumerable<Fill> Fills => Events.OfType<Fill>();

    public IEnumerable<RiskSnapshot> Risks => Events.OfType<RiskSnapshot>();

    public void PublishExecutionReport(ExecutionReport report) => Events.Add(report);

    public void PublishFill(Fill fill) => Events.Add(fill);

    public void PublishRisk(RiskSnapshot risk) => Events.Add(risk);
}
