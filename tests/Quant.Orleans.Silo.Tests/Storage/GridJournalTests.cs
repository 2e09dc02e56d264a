using Quant.Orleans.Grains;
using Quant.Orleans.Silo.Storage;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>The silo's choice of journal store: the command decides whether there is a journal, cluster mode decides
/// where, and a store given explicitly wins.</summary>
public sealed class GridJournalTests
{
    private static readonly string Connection = Azurite.ConnectionStringFor(10000, 10001, 10002);

    [Fact]
    public void InClusterModeAJournaledCommandGetsTheBlobContainer()
    {
        var strategy = GridJournal.WithStore(new StrategyOptions { JournalDirectory = "state/journal" }, Connection, "quant-orleans-journal");
        var store = Assert.IsType<AzureBlobJournalStore>(strategy.ResolveJournalStore());
        Assert.Equal("quant-orleans-journal", store.Container.Name);
    }

    [Fact]
    public void OutsideClusterModeOrWithoutAJournalNothingChanges()
    {
        var files = new StrategyOptions { JournalDirectory = "state/journal" };
        Assert.Same(files, GridJournal.WithStore(files, null, "quant-orleans-journal"));
        Assert.Equal(Path.GetFullPath("state/journal"), Assert.IsType<FileJournalStore>(files.ResolveJournalStore()).Directory);

        var backtest = new StrategyOptions();
        Assert.Same(backtest, GridJournal.WithStore(backtest, Connection, "quant-orleans-journal"));
        Assert.Null(backtest.ResolveJournalStore());
    }

    [Fact]
    public void AStoreGivenExplicitlyIsKept()
    {
        var explicitStore = new FileJournalStore("elsewhere");
        var strategy = new StrategyOptions { JournalDirectory = "state/journal", JournalStore = explicitStore };
        Assert.Same(explicitStore, GridJournal.WithStore(strategy, Connection, "quant-orleans-journal").ResolveJournalStore());
    }
}
