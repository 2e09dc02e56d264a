using Quant.Orleans.Client.Input;

namespace Quant.Orleans.Client.Tests.Input;

public sealed class LineSourceTests
{
    [Fact]
    public async Task WaitingForALineDoesNotTakeIt()
    {
        var source = new LineSource(new StringReader("first\nsecond\n"));

        Assert.Equal("first", await source.WaitAsync());
        Assert.Equal("first", await source.WaitAsync());
        Assert.Equal("first", await source.ReadLineAsync());
        Assert.Equal("second", await source.ReadLineAsync());
        Assert.Null(await source.ReadLineAsync());
        Assert.Null(await source.ReadLineAsync());
    }

    [Fact]
    public async Task ACancelledReadLeavesTheLineForTheNextRead()
    {
        using var gate = new ManualResetEvent(false);
        var source = new LineSource(new GatedReader(gate, "late\n"));
        using var cancel = new CancellationTokenSource();
        var read = source.ReadLineAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        gate.Set();

        Assert.Equal("late", await source.ReadLineAsync());
    }
}
