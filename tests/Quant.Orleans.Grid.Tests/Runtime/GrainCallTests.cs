using Quant.Orleans.Grid.Tests.Grains;

namespace Quant.Orleans.Grid.Tests.Runtime;

public sealed class GrainCallTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task CallReturnsResultAndGrainKeepsStateBetweenCalls()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>(NewKey());

        Assert.Equal(5, await grain.Add(5));
        Assert.Equal(12, await grain.Add(7));
        Assert.Equal(12, await grain.Get());
    }

    [Fact]
    public async Task RequestsFromOneCallerAreProcessedInSendOrder()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ISequenceGrain>(7);
        var pending = new List<Task>();
        for (var i = 0; i < 10_000; i++)
        {
            pending.Add(grain.Append(i).AsTask());
        }

        await Task.WhenAll(pending);
        Assert.Equal(Enumerable.Range(0, 10_000), await grain.GetAll());
    }

    [Fact]
    public async Task ExactlyOneActivationUnderOneThousandConcurrentFirstCalls()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var key = NewKey();
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await silo.Runtime.GetGrain<ICounterGrain>(key).Add(1);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, TestProbe.Constructions[key]);
        Assert.Equal(Enumerable.Range(1, 1000), results.Order());
        Assert.Equal(1000, await silo.Runtime.GetGrain<ICounterGrain>(key).Get());
        Assert.Single(silo.Runtime.GetActivations(), id => id.Key == key);
    }

    [Fact]
    public async Task GrainExceptionReachesCallerAndActivationStaysUsable()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var key = NewKey();
        var grain = silo.Runtime.GetGrain<ICounterGrain>(key);
        await grain.Add(3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("boom"));

        Assert.Equal("boom", error.Message);
        Assert.Equal(4, await grain.Add(1));
        Assert.Equal(1, TestProbe.Constructions[key]);
    }

    [Fact]
    public async Task ReferencesAreTypedAndNameTheirGrain()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var a = silo.Runtime.GetGrain<ICounterGrain>("IBM");
        var b = silo.Runtime.GetGrain<ICounterGrain>("IBM");

        Assert.Equal(a, b);
        Assert.Equal("CounterGrain/IBM", a.ToString());
        Assert.Equal("CounterGrain/IBM", await a.Whoami());
        Assert.Equal(43, await silo.Runtime.GetGrain<IPingGrain>(1).Ping(42));
        Assert.Equal(43, await silo.Runtime.GetGrain<IPingGrain>(1).PingTask(42));
    }

    [Fact]
    public async Task UnregisteredInterfaceAndStoppedSiloGiveClearErrors()
    {
        var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<ICounterGrain>(NewKey());
        await silo.DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Add(1));
        Assert.Contains("not running", error.Message);
        Assert.Throws<ArgumentException>(() => silo.Runtime.GetGrain<ICounterGrain>(""));
    }

    [Fact]
    public async Task FailedActivationFailsTheCallWithTheActivationErrorAndIsRetriedOnTheNextCall()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var grain = silo.Runtime.GetGrain<IFailingActivationGrain>("x");

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Ping());

        Assert.Equal("activation refused for x", first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.DoesNotContain(silo.Runtime.GetActivations(), id => id.Type == nameof(FailingActivationGrain));
    }
}
