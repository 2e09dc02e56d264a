using Quant.Orleans.Grains;

namespace Quant.Orleans.Silo.Storage;

/// <summary>Where a silo's accounts journal their orders and fills: the hook that chooses between this silo's disk and
/// a store every silo of a cluster reaches.</summary>
public static class GridJournal
{
    /// <summary>
    /// <paramref name="strategy"/> with its journal store chosen: a <see cref="StrategyOptions.JournalStore"/> already
    /// set is kept; otherwise, when the command asked for a journal (<see cref="StrategyOptions.JournalDirectory"/> set:
    /// <c>serve</c> with <c>Journal:Enabled</c>, <c>replay --journal</c>) and <paramref name="clusterConnectionString"/>
    /// is given (cluster mode, <c>Cluster:ConnectionString</c>), an <see cref="AzureBlobJournalStore"/> in
    /// <paramref name="container"/> (<c>Cluster:JournalContainer</c>), so another silo recovers the accounts of one that
    /// died; otherwise unchanged (files in <see cref="StrategyOptions.JournalDirectory"/>, or no journal).
    /// </summary>
    /// <param name="strategy">The strategy the grains get.</param>
    /// <param name="clusterConnectionString">The cluster's Azure Storage connection string; null outside cluster mode.</param>
    /// <param name="container">The blob container of the journals.</param>
    /// <exception cref="ArgumentNullException"><paramref name="strategy"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="container"/> is empty while a connection string is given.</exception>
    public static StrategyOptions WithStore(StrategyOptions strategy, string? clusterConnectionString, string container)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (strategy.JournalStore is not null || strategy.JournalDirectory is null || string.IsNullOrWhiteSpace(clusterConnectionString))
        {
            return strategy;
        }

        return strategy with { JournalStore = new AzureBlobJournalStore(clusterConnectionString, container) };
    }
}
