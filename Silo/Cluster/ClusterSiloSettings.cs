using System.Globalization;
using Quant.Orleans.Engine.Replay;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>The settings of one silo of a cluster that <c>chaos</c>, <c>bench-cluster</c> and the cluster tests start
/// on this machine: cluster mode on one storage connection, a cluster id, service id, grain-state container and journal
/// container of the run's own, the replay of <see cref="ReplaySettings"/> at a given speed, no dashboards.</summary>
public static class ClusterSiloSettings
{
    /// <summary>Settings by key (<c>Cluster:ConnectionString</c>), for <see cref="ChildSilo"/>.</summary>
    /// <param name="replay">What the silos replay (data folder, symbols, days, account).</param>
    /// <param name="connectionString">The storage connection string.</param>
    /// <param name="id">The run's cluster and service id, and the name of its containers (lower-case letters, digits, '-').</param>
    /// <param name="speed">Replay speed, × real time (0: as fast as possible).</param>
    public static Dictionary<string, string> For(ReplaySettings replay, string connectionString, string id, double speed)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var settings = new Dictionary<string, string>
        {
            ["Cluster:Enabled"] = "true",
            ["Cluster:ConnectionString"] = connectionString,
            ["Grid:ClusterId"] = id,
            ["Grid:ServiceId"] = id,
            ["Storage:Container"] = id,
            ["Cluster:JournalContainer"] = $"{id}-journal",
            ["Replay:DataFolder"] = Path.GetFullPath(replay.DataFolder),
            ["Replay:From"] = replay.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Replay:To"] = replay.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Replay:Account"] = replay.Account,
            ["Replay:Speed"] = speed.ToString(CultureInfo.InvariantCulture),
            ["Dashboard:Enabled"] = "false",
        };
        for (var i = 0; i < replay.Symbols.Length; i++)
        {
            settings[$"Replay:Symbols:{i}"] = replay.Symbols[i];
        }

        return settings;
    }
}
