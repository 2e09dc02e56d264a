using System.Diagnostics.Metrics;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>
/// The listener's aggregation against instruments shaped as Orleans 10.4.2 publishes them (names, types, units and
/// tags of <see cref="OrleansInstrumentNames"/>), on a meter of the test's own: the listener is told to hear only that
/// meter, so the Orleans cluster other tests run in this process adds nothing here; and the meter is not named
/// <see cref="OrleansMetrics.MeterName"/>, so the cluster tests' listener does not hear these fake measurements.
/// </summary>
public sealed class OrleansMetricsTests : IDisposable
{
    private const string FakeMeterName = "Quant.Orleans.Dashboard.Tests.FakeOrleansMeter";
    private readonly Meter _meter = new(FakeMeterName);
    private readonly OrleansMetrics _metrics;

    public OrleansMetricsTests() => _metrics = new OrleansMetrics(meter => ReferenceEquals(meter, _meter));

    public void Dispose()
    {
        _metrics.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void RequestLatenciesInMillisecondsBecomeCallsAndQuantilesInNanoseconds()
    {
        var latency = _meter.CreateHistogram<double>(OrleansInstrumentNames.RequestLatency, "ms");
        for (var i = 1; i <= 1000; i++)
        {
            latency.Record(i / 1000.0); // 1 µs .. 1 ms
        }

        Assert.Equal(1000, _metrics.Requests);
        Assert.InRange(_metrics.RequestLatency.QuantileNanoseconds(0.5), 500_000, 500_000 * 9 / 8);
        Assert.InRange(_metrics.RequestLatency.QuantileNanoseconds(0.99), 990_000, 990_000 * 9 / 8);
        Assert.Contains(OrleansInstrumentNames.RequestLatency, _metrics.Instruments);
    }

    [Fact]
    public void TimeoutsAndCancellationsAreSummedOverGrainTypes()
    {
        var timeouts = _meter.CreateCounter<long>(OrleansInstrumentNames.RequestTimeouts);
        var canceled = _meter.CreateCounter<long>(OrleansInstrumentNames.RequestsCanceled);
        timeouts.Add(1, new KeyValuePair<string, object?>("grain_type", "symbol"));
        timeouts.Add(2, new KeyValuePair<string, object?>("grain_type", "portfolio"));
        canceled.Add(1, new KeyValuePair<string, object?>("grain_type", "symbol"));

        Assert.Equal(3, _metrics.RequestTimeouts);
        Assert.Equal(1, _metrics.RequestsCanceled);
    }

    [Fact]
    public void ActivationsFollowTheUpDownCounterPerGrainType()
    {
        var grains = _meter.CreateUpDownCounter<int>(OrleansInstrumentNames.GrainActivations);
        var symbol = new KeyValuePair<string, object?>("grain_type", "symbol");
        grains.Add(1, symbol);
        grains.Add(1, symbol);
        grains.Add(1, new KeyValuePair<string, object?>("grain_type", "portfolio"));
        grains.Add(-1, symbol);
        grains.Add(1, new KeyValuePair<string, object?>("grain_type", "regime"));
        grains.Add(-1, new KeyValuePair<string, object?>("grain_type", "regime"));

        Assert.Equal([KeyValuePair.Create("portfolio", 1L), KeyValuePair.Create("regime", 0L), KeyValuePair.Create("symbol", 1L)], _metrics.ActivationsByGrainType());
        Assert.Equal(2, _metrics.Activations);
    }

    [Fact]
    public void StorageIsCountedPerProviderStateAndOperationWithErrorsApart()
    {
        var reads = _meter.CreateHistogram<double>(OrleansInstrumentNames.StorageReadLatency, "ms");
        var writes = _meter.CreateHistogram<double>(OrleansInstrumentNames.StorageWriteLatency, "ms");
        var writeErrors = _meter.CreateCounter<int>(OrleansInstrumentNames.StorageWriteErrors);
        var account = Tags("MemoryGrainStorage", "account", "PortfolioGrainState");
        var symbol = Tags("MemoryGrainStorage", "symbol", "SymbolGrainState");
        reads.Record(0.25, account);
        writes.Record(2.0, account);
        writes.Record(4.0, account);
        writes.Record(1.0, symbol);
        writeErrors.Add(1, account);

        var storage = _metrics.StorageOperations();

        Assert.Equal(
            [("account", "read", 1L, 0L), ("account", "write", 2L, 1L), ("symbol", "write", 1L, 0L)],
            storage.Select(s => (s.State, s.Operation, s.Count, s.Errors)));
        Assert.All(storage, s => Assert.Equal("MemoryGrainStorage", s.Provider));
        var accountWrites = storage[1];
        Assert.InRange(accountWrites.P50Micros, 2000, 2000 * 9 / 8.0);
        Assert.InRange(accountWrites.P99Micros, 4000, 4000 * 9 / 8.0);
    }

    [Fact]
    public void MessagesAreCountedAndLocalMessagesSummedOverEveryHostOnce()
    {
        var sent = _meter.CreateHistogram<int>(OrleansInstrumentNames.MessagesSentSize, "bytes");
        var received = _meter.CreateHistogram<int>(OrleansInstrumentNames.MessagesReceivedSize, "bytes");
        var rejected = _meter.CreateCounter<int>(OrleansInstrumentNames.MessagesRejected);
        long siloLocal = 10, clientLocal = 5;
        _meter.CreateObservableCounter(OrleansInstrumentNames.MessagesSentLocal, () => siloLocal);
        _meter.CreateObservableCounter(OrleansInstrumentNames.MessagesSentLocal, () => clientLocal); // a second host's instance
        sent.Record(100);
        sent.Record(300);
        received.Record(50);
        rejected.Add(1, new KeyValuePair<string, object?>("Direction", "Request"));

        var first = _metrics.Messaging();
        siloLocal = 25;
        var second = _metrics.Messaging();

        Assert.Equal(new MessagingView(2, 400, 1, 50, 15, 1, 0, 0, 0, 0), first);
        Assert.Equal(30, second.LocalMessages);
    }

    [Fact]
    public void OtherInstrumentsAndOtherMetersAreIgnored()
    {
        using var other = new Meter(FakeMeterName);
        other.CreateHistogram<double>(OrleansInstrumentNames.RequestLatency, "ms").Record(1);
        _meter.CreateHistogram<double>("orleans-catalog-activation-latency", "ms").Record(1);

        Assert.Equal(0, _metrics.Requests);
        Assert.Empty(_metrics.Instruments);
    }

    [Fact]
    public void AfterDisposalTheCountsStayAndNothingMoreIsRecorded()
    {
        var latency = _meter.CreateHistogram<double>(OrleansInstrumentNames.RequestLatency, "ms");
        latency.Record(1);
        _metrics.Dispose();
        latency.Record(1);

        Assert.Equal(1, _metrics.Requests);
        Assert.Equal(0, _metrics.Messaging().LocalMessages);
    }

    private static KeyValuePair<string, object?>[] Tags(string provider, string state, string stateType) =>
    [
        new("provider_type_name", provider),
        new("state_name", state),
        new("state_type", stateType),
    ];
}
