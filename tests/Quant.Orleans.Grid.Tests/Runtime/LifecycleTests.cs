using Quant.Orleans.Grid.Hosting;
using Quant.Orleans.Grid.Tests.Grains;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Grid.Tests.Runtime;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DeactivatedGrainIsReactivatedWithItsPersistedState()
    {
        await using var silo = await GridTestSilo.StartAsync();
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Runtime.GetGrain<IPersistentCounterGrain>(key);
        await grain.Increment();
        await grain.Increment();

        var activation = silo.Runtime.FindActivation(new GrainId(nameof(PersistentCounterGrain), key))!;
        await grain.Deactivate();
        await activation.Deactivated.WaitAsync(Patience);

        Assert.Equal(2, await grain.Get());
        Assert.Equal(3, await grain.Increment());
        Assert.Equal(2, TestProbe.Constructions["persistent/" + key]);
    }

    [Fact]
    public async Task FileStoredStateSurvivesASiloRestart()
    {
        await using var silo = await GridTestSilo.StartAsync(fileStorage: true);
        var key = "restart-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await silo.Runtime.GetGrain<IPersistentCounterGrain>(key).Increment();
        }

        var etagBefore = await silo.Runtime.GetGrain<IPersistentCounterGrain>(key).Etag();
        await silo.RestartAsync();

        var grain = silo.Runtime.GetGrain<IPersistentCounterGrain>(key);
        Assert.Equal(5, await grain.Get());
        Assert.Equal(etagBefore, await grain.Etag());
        Assert.Equal(6, await grain.Increment());
    }

    [Fact]
    public async Task ShutdownDeactivatesEveryGrain()
    {
        var silo = await GridTestSilo.StartAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        foreach (var key in keys)
        {
            await silo.Runtime.GetGrain<ICounterGrain>(key).Add(1);
        }

        await silo.DisposeAsync();

        Assert.All(keys, key => Assert.Equal(["deactivated:ShuttingDown"], TestProbe.EventsOf(key)));
        Assert.Equal(0, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task IdleActivationIsCollectedAfterTheCollectionAge()
    {
        var time = new ManualTimeProvider();
        await using var silo = await GridTestSilo.StartAsync(
            () => new GridOptions { CollectionAge = TimeSpan.FromMinutes(10), CollectionQuantum = TimeSpan.FromMinutes(1) }, time);
        var idle = Guid.NewGuid().ToString("N");
        var busy = Guid.NewGuid().ToString("N");
        await silo.Runtime.GetGrain<ICounterGrain>(idle).Add(1);
        await silo.Runtime.GetGrain<ICounterGrain>(busy).Add(1);

        for (var minute = 0; minute < 9; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await silo.Runtime.GetGrain<ICounterGrain>(busy).Touch();
        }

        Assert.Empty(TestProbe.EventsOf(idle));
        time.Advance(TimeSpan.FromMinutes(2));
        var activation = silo.Runtime.FindActivation(new GrainId(nameof(CounterGrain), idle));
        if (activation is not null)
        {
            await activation.Deactivated.WaitAsync(Patience);
        }

        Assert.Equal(["deactivated:IdleCollection"], TestProbe.EventsOf(idle));
        Assert.Empty(TestProbe.EventsOf(busy));
        Assert.Equal(1, await silo.Runtime.GetGrain<ICounterGrain>(idle).Add(1)); // a fresh activation
    }

    [Fact]
    public async Task TimerTicksAsTurnsAndStopsOnDeactivation()
    {
        var time = new ManualTimeProvider();
        await using var silo = await GridTestSilo.StartAsync(time: time);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Runtime.GetGrain<ITickingGrain>(key);
        await grain.Start(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await grain.Ticks(); // queued behind the tick: a synchronisation point, not a sleep
        }

        Assert.Equal(3, await grain.Ticks());
        var activation = silo.Runtime.FindActivation(new GrainId(nameof(TickingGrain), key))!;
        await grain.Deactivate();
        await activation.Deactivated.WaitAsync(Patience);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, TestProbe.EventsOf("tick/" + key).Length);
        Assert.Equal(0, await grain.Ticks()); // a new activation has no timer
    }

    [Fact]
    public async Task CallTimesOutAfterTheResponseTimeoutWithGrainAndMethodNamed()
    {
        var time = new ManualTimeProvider();
        await using var silo = await GridTestSilo.StartAsync(() => new GridOptions { ResponseTimeout = TimeSpan.FromSeconds(5) }, time);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Runtime.GetGrain<IGateGrain>(key);

        var stuck = grain.Enter("never");
        await TestProbe.Gate(key + "/entered:never").Task.WaitAsync(Patience);
        var queued = grain.Log();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(stuck.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => stuck.WaitAsync(Patience));
        Assert.Contains($"IGateGrain.Enter on grain GateGrain/{key}", error.Message);
        Assert.Contains("5 s", error.Message);
        var queuedError = await Assert.ThrowsAsync<TimeoutException>(() => queued.WaitAsync(Patience));
        Assert.Contains("IGateGrain.Log", queuedError.Message);

        TestProbe.Gate(key + "/never").SetResult();
        Assert.Equal(["enter:never", "exit:never"], await grain.Log()); // the activation is still usable
    }
}
