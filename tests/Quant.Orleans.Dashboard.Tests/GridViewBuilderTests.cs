using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Dashboard.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GridViewBuilderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheSiloAndTheActivatedGrainTypesAreListedWithTheirCounts()
    {
        var tickers = new[] { "GVA", "GVB", "GVC" };
        foreach (var ticker in tickers)
        {
            await fixture.Grains.GetGrain<ISymbolGrain>(ticker).GetStatus();
        }

        await fixture.Grains.GetGrain<IPortfolioGrain>("GV-ACC").GetSnapshot();
        var builder = new GridViewBuilder(fixture.Grains, fixture.Metrics, () => null);

        var view = await builder.BuildAsync(1);

        var silo = Assert.Single(view.Silos);
        var handle = fixture.Cluster.Silos[0];
        Assert.Equal(handle.SiloAddress.ToString(), silo.Address);
        Assert.Equal(handle.Name, silo.Name);
        Assert.Equal("Active", silo.Status);
        Assert.Equal(DateTimeKind.Utc, silo.StartTime.Kind);
        Assert.InRange(silo.UptimeSeconds, 0, 3600);
        Assert.Equal(view.GrainTypes.Sum(t => t.Activations), silo.Activations);

        // Cluster-wide counts per grain class, as many as the management grain lists active grains of each type.
        var symbols = Assert.Single(view.GrainTypes, t => t.GrainType == "SymbolGrain");
        Assert.Equal((await fixture.ActiveKeysAsync("symbol")).Length, symbols.Activations);
        Assert.True(symbols.Activations >= tickers.Length);
        Assert.Equal(1, symbols.Silos);
        var accounts = Assert.Single(view.GrainTypes, t => t.GrainType == "PortfolioGrain");
        Assert.Equal((await fixture.ActiveKeysAsync("portfolio")).Length, accounts.Activations);
        Assert.Contains(view.GrainTypes, t => t.GrainType == "ManagementGrain");
        Assert.Equal(view.GrainTypes.Select(t => t.GrainType).Order(StringComparer.Ordinal), view.GrainTypes.Select(t => t.GrainType));

        // The same activations counted by the meter (orleans-grains) in this one-silo process.
        Assert.Equal(silo.Activations, view.Process.Activations);
        Assert.Contains(fixture.Metrics.ActivationsByGrainType(), kv => kv.Key == "symbol" && kv.Value == symbols.Activations);

        Assert.Null(view.IntervalSeconds);
        Assert.Null(view.Process.CpuPercent);
        Assert.Null(view.Requests.CallsPerSecond);
        Assert.Null(view.Quarantine);
        Assert.Equal(Environment.ProcessorCount, view.Process.ProcessorCount);
        Assert.True(view.Process.WorkingSetBytes > 0);
    }

    [Fact]
    public async Task LatencyPercentilesAndCallRatesComeFromTheListener()
    {
        var builder = new GridViewBuilder(fixture.Grains, fixture.Metrics, () => null);
        var symbol = fixture.Grains.GetGrain<ISymbolGrain>("GVL");
        await symbol.GetStatus();
        var first = await builder.BuildAsync(1);

        const int Calls = 200;
        for (var i = 0; i < Calls; i++)
        {
            await symbol.GetStatus();
        }

        await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        var second = await builder.BuildAsync(2);
        TestContext.Current.TestOutputHelper?.WriteLine($"{second.Requests}");

        // Every call this process made completed through Orleans's request-latency histogram into the listener.
        Assert.True(second.Requests.Calls - first.Requests.Calls >= Calls, $"{first.Requests.Calls} then {second.Requests.Calls}");
        Assert.True(fixture.Metrics.Requests >= second.Requests.Calls);
        Assert.True(second.Requests.P50Micros > 0);
        Assert.True(second.Requests.P99Micros >= second.Requests.P50Micros);
        foreach (var micros in new[] { second.Requests.P50Micros, second.Requests.P99Micros })
        {
            var nanoseconds = (long)Math.Round(micros * 1e3);
            Assert.Equal(LatencyHistogram.UpperBoundOf(LatencyHistogram.BucketOf(nanoseconds)), nanoseconds); // a bucket bound of the listener's histogram
        }

        // The rate is the calls between the two samples over the wall time between them. The interval spans the 200 calls
        // and the 50 ms delay; the timer queue may fire the delay a little early against the Stopwatch (49.97 ms was
        // measured in one CI run), hence the 5 ms margin.
        var interval = second.IntervalSeconds!.Value;
        Assert.True(interval >= 0.045, $"interval {interval}");
        Assert.Equal(second.Requests.Calls - first.Requests.Calls, second.Requests.CallsPerSecond!.Value * interval, 6);
        Assert.InRange(second.Process.CpuPercent!.Value, 0, 100);
        Assert.Equal(0, second.Requests.Timeouts);
    }

    [Fact]
    public async Task StorageAndMessagingComeFromOrleansMeters()
    {
        // An account's first activation reads its state and registers in the account directory, which writes its own.
        await fixture.Grains.GetGrain<IPortfolioGrain>("GV-STORE").GetSnapshot();
        var builder = new GridViewBuilder(fixture.Grains, fixture.Metrics, () => null);

        var view = await builder.BuildAsync(1);

        var accountReads = Assert.Single(view.Storage, s => s.State == "account" && s.Operation == "read");
        Assert.Equal("MemoryGrainStorage", accountReads.Provider);
        Assert.True(accountReads.Count >= 1);
        Assert.True(accountReads.P99Micros >= accountReads.P50Micros && accountReads.P50Micros > 0);
        Assert.Contains(view.Storage, s => s.State == "accounts" && s.Operation == "write" && s.Count >= 1);
        Assert.Equal(view.Storage.Sum(s => s.Errors), view.StorageErrors);
        Assert.Equal(fixture.Metrics.StorageOperations(), view.Storage);
        Assert.True(view.Messaging.LocalMessages > 0, "grain calls inside the silo are local messages");
    }

    [Fact]
    public async Task TheReplaysQuarantineListsEveryReasonInDeclarationOrder()
    {
        var log = new QuarantineLog();
        log.Count(QualityReason.OutOfOrder);
        log.Count(QualityReason.OutOfOrder);
        log.Count(QualityReason.Suspicious);
        var builder = new GridViewBuilder(fixture.Grains, fixture.Metrics, () => new QualityProgress(log, 1234));

        var quarantine = Assert.IsType<QuarantineView>((await builder.BuildAsync(1)).Quarantine);

        Assert.Equal(1234, quarantine.EventsDelivered);
        Assert.Equal(3, quarantine.Total);
        Assert.Equal(Enum.GetNames<QualityReason>(), quarantine.Reasons.Select(r => r.Reason));
        Assert.Equal(2, quarantine.Reasons.Single(r => r.Reason == nameof(QualityReason.OutOfOrder)).Count);
    }

    [Theory]
    [InlineData("Quant.Orleans.Grains.Symbols.SymbolGrain,Quant.Orleans.Grains", "SymbolGrain")]
    [InlineData("Orleans.Runtime.Management.ManagementGrain,Orleans.Runtime", "ManagementGrain")]
    [InlineData("PlainGrain", "PlainGrain")]
    public void GrainClassNamesLoseNamespaceAndAssembly(string grainType, string expected) =>
        Assert.Equal(expected, GridViewBuilder.ClassName(grainType));
}
