namespace Quant.Orleans.Grid.Runtime;

/// <summary>
/// The synchronization context installed while grain code runs: an <c>await</c> in a grain posts its continuation
/// back to the activation's queue, so grain code never runs on two threads at once (Orleans's activation
/// task scheduler gives the same guarantee).
/// </summary>
internal sealed class ActivationSynchronizationContext : SynchronizationContext
{
    private readonly ActivationData _activation;

    public ActivationSynchronizationContext(ActivationData activation) => _activation = activation;

    public override void Post(SendOrPostCallback d, object? state) => _activation.PostCallback(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to a grain activation would deadlock; use Post (await).");

    public override SynchronizationContext CreateCopy() => this;
}
