using Quant.Orleans.Client.Commands;

namespace Quant.Orleans.Client.Tests.Commands;

public sealed class InterruptsTests
{
    [Fact]
    public void CtrlCCancelsTheRunningOperationOnlyWhileItRuns()
    {
        var interrupts = new Interrupts();
        Assert.False(interrupts.Interrupt());

        var scope = interrupts.Begin(CancellationToken.None);
        Assert.False(scope.Token.IsCancellationRequested);
        Assert.True(interrupts.Interrupt());
        Assert.True(scope.Token.IsCancellationRequested);
        scope.Dispose();

        // Once the operation has ended, Ctrl+C is left to the process (it ends it).
        Assert.False(interrupts.Interrupt());
    }

    [Fact]
    public void TheOuterTokenCancelsTheOperationToo()
    {
        using var outer = new CancellationTokenSource();
        using var scope = new Interrupts().Begin(outer.Token);

        outer.Cancel();

        Assert.True(scope.Token.IsCancellationRequested);
    }
}
