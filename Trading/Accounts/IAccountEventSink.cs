using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Accounts;

/// <summary>
/// Where an <see cref="AccountEngine"/> publishes its live events (the silo's event hub behind a grain adapter): every
/// execution report it books or creates, the fill a trade report carries, and its risk view after a kill or resume.
/// The account is implied (one sink per engine or a sink that knows the engine's account). The engine builds and
/// publishes events only while <see cref="IsListening"/> is true; publishing must never block or throw.
/// </summary>
public interface IAccountEventSink
{
    /// <summary>True while someone listens; the engine skips building events otherwise.</summary>
    bool IsListening { get; }

    /// <summary>An execution report (FIX 35=8) of the account, stamped by its order manager.</summary>
    void PublishExecutionReport(ExecutionReport report);

    /// <summary>A fill of the account, published right after the trade report that carries it.</summary>
    void PublishFill(Fill fill);

    /// <summary>The account's risk view after its risk state changed (kill switch, resume).</summary>
    void PublishRisk(RiskSnapshot risk);
}
