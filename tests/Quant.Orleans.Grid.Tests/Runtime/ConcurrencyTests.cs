using Quant.Orleans.Grid.Tests.Grains;

namespace Quant.Orleans.Grid.Tests.Runtime;

public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task NonReentrantGrainRunsOneRequestAtATimeAcrossAwaits()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Runtime.GetGrain<IGateGrain>(key);

        var a = grain.Enter("a");
        await TestProbe.Gate(key + "/entered:a").Task.WaitAsync(Patience);
        var b = grain.Enter("b");

        // Let the activation's loop drain whatever it can: b must still be queued, not entered.
        var activation = silo.Runtime.FindActivation(new GrainId(nameof(GateGrain), key))!;
        Assert.True(SpinWait.SpinUntil(() => !activation.IsScheduled, Patience));
        Assert.Equal(1, activation.QueuedRequests);
        Assert.False(TestProbe.Gate(key + "/entered:b").Task.IsCompleted);

        TestProbe.Gate(key + "/a").SetResult();
        TestProbe.Gate(key + "/b").SetResult();
        Assert.Equal(1, await a);
        Assert.Equal(1, await b);
        Assert.Equal(["enter:a", "exit:a", "enter:b", "exit:b"], await grain.Log());
    }

    [Fact]
    public async Task ReentrantGrainInterleavesAtAwaitsButNeverRunsTurnsInParallel()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Runtime.GetGrain<IReentrantGateGrain>(key);

        var a = grain.Enter("a");
        await TestProbe.Gate(key + "/entered:a").Task.WaitAsync(Patience);
        var b = grain.Enter("b");
        await TestProbe.Gate(key + "/entered:b").Task.WaitAsync(Patience);

        TestProbe.Gate(key + "/b").SetResult();
        Assert.Equal(2, await b.WaitAsync(Patience));
        TestProbe.Gate(key + "/a").SetResult();
        Assert.Equal(2, await a.WaitAsync(Patience));
        Assert.Equal(["enter:a", "enter:b", "exit:b", "exit:a"], await grain.Log());
    }

    [Fact]
    public async Task StatelessWorkerRunsCallsOnSeveralLocalActivations()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<IWorkerGrain>(0);

        var x = grain.Work("x");
        await TestProbe.Gate("worker/entered:x").Task.WaitAsync(Patience);
        var y = grain.Work("y");
        await TestProbe.Gate("worker/entered:y").Task.WaitAsync(Patience);

        TestProbe.Gate("worker/x").SetResult();
        TestProbe.Gate("worker/y").SetResult();
        Assert.Equal(2, await x);
        Assert.Equal(2, await y);
        Assert.Equal(2, silo.Runtime.GetActivations().Count(id => id.Type == nameof(WorkerGrain)));
    }
}
