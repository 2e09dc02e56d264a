using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>An <see cref="IAccountEventSink"/> nobody listens to: <see cref="IsListening"/> is false and every event is
/// dropped. Stateless; use <see cref="Instance"/>.</summary>
public sealed class NullAccountEventSink : IAccountEventSink
{
    private NullAccountEventSink()
    {
    }

    /// <summary>The one instance.</summary>
    public static NullAccountEventSink Instance { get; } = new();

    /// <summary>Always false.</summary>
    public bool IsListening => false;

    /// <summary>Drops the report.</summary>
    public void PublishExecutionReport(ExecutionReport report)
    {
    }

    /// <summary>Drops the fill.</summary>
    public void PublishFill(Fill fill)
    {
    }

    /// <summary>Drops the risk view.</summary>
    public void PublishRisk(RiskSnapshot risk)
    {
    }
}
