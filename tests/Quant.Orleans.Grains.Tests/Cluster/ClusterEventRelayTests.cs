using System.Diagnostics;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Grains.Tests.Cluster;

/// <summary>Live events across silos: two silos with a hub each, joined by the <see cref="ClusterEventRelay"/>; what a
/// grain publishes on one silo reaches the subscribers of the other, once, in order, and a silo stops relaying when
/// the other's last subscriber leaves.</summary>
public sealed class ClusterEventRelayTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EventsPublishedOnOneSiloReachTheOtherSilosSubscribersOnceAndInOrder()
    {
        await using var cluster = await GrainsCluster.StartAsync(silos: 2, clusterEvents: true);
        var (first, second) = (cluster.HubOf(0), cluster.HubOf(1));
        using var remote = second.Subscribe(null);
        await WaitUntil(() => first.HasSubscribers, "the first silo to learn that the second listens");
        Assert.Equal(0, first.LocalSubscribers);

        using var local = first.Subscribe("SIM-1");
        var events = Enumerable.Range(0, 1_000).Select(i => Signal(i)).ToArray(); // within a subscriber's buffer (1,024 events)
        foreach (var e in events)
        {
            first.Publish(e);
        }

        second.Publish(Signal(-1)); // the second silo's own event reaches its subscriber directly, not twice
        var received = await Read(remote, events.Length + 1);
        Assert.Equal(events, received.Where(e => e != Signal(-1)));
        Assert.Single(received, Signal(-1));
        Assert.Equal(events, await Read(local, events.Length)); // the publishing silo's own subscriber (signals pass its account filter)
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(remote.Reader.TryRead(out var extra), $"an event arrived twice: {extra}");
    }

    [Fact]
    public async Task AnAccountsOrderReportsReachEverySilosSubscribers()
    {
        await using var cluster = await GrainsCluster.StartAsync(silos: 2, clusterEvents: true);
        using var onFirst = cluster.HubOf(0).Subscribe("SIM-9");
        using var onSecond = cluster.HubOf(1).Subscribe("SIM-9");
        await WaitUntil(() => cluster.HubOf(0).HasSubscribers && cluster.HubOf(1).Forwarder!.HasRemoteListeners && cluster.HubOf(0).Forwarder!.HasRemoteListeners, "both silos to see each other's listener");

        var result = await cluster.Grains.GetGrain<IPortfolioGrain>("SIM-9").NewOrder(
            new NewOrderCommand("relay-1", new Symbol("IBM"), Side.Buy, Quantity.FromUnits(10), OrderType.Limit, Price.FromDecimal(180m), null, TimeInForce.Gtc));

        // Wherever the account is active, both silos' subscribers get its events: the same ones, in the same order.
        var a = await ReadUntilQuiet(onFirst);
        var b = await ReadUntilQuiet(onSecond);
        Assert.NotEmpty(a);
        Assert.Equal(a, b);
        Assert.Contains(a, e => e.Kind == TradingEventKind.Order);
        Assert.NotNull(result);
    }

    [Fact]
    public async Task ASiloStopsRelayingWhenTheOthersLastSubscriberLeaves()
    {
        await using var cluster = await GrainsCluster.StartAsync(silos: 2, clusterEvents: true);
        var (first, second) = (cluster.HubOf(0), cluster.HubOf(1));
        var subscription = second.Subscribe(null);
        await WaitUntil(() => first.HasSubscribers, "the first silo to learn that the second listens");
        subscription.Dispose();
        await WaitUntil(() => !first.HasSubscribers, "the first silo to learn that nobody listens any more");
    }

    private static TradingEvent Signal(int i) =>
        new(TradingEventKind.Signal, null, new SignalEvent("IBM", new UnixNanos(1_381_152_600_000_000_000L + i), i * 1e-6, 185 + (i * 0.01), 0, true, i % 2 == 0));

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Limit, $"waited {Limit.TotalSeconds:0} s for {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<TradingEvent[]> Read(TradingEventHub.Subscription subscription, int count)
    {
        var events = new List<TradingEvent>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            while (events.Count < count && await subscription.Reader.WaitToReadAsync(timeout.Token))
            {
                while (events.Count < count && subscription.Reader.TryRead(out var e))
                {
                    events.Add(e);
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // fewer than asked: the caller compares
        }

        return [.. events];
    }

    private static async Task<TradingEvent[]> ReadUntilQuiet(TradingEventHub.Subscription subscription)
    {
        var events = new List<TradingEvent>();
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            quiet.CancelAfter(TimeSpan.FromSeconds(events.Count == 0 ? 10 : 1));
            try
            {
                await subscription.Reader.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                return [.. events];
            }

            while (subscription.Reader.TryRead(out var e))
            {
                events.Add(e);
            }
        }
    }
}
