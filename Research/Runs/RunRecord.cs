using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Runs;

/// <summary>
/// What one replay or evaluation run was and what it measured, so that numbers from different sources are never
/// pooled by accident (the reason promotion gates filter on <see cref="RunSource"/> and <see cref="ScoreSource"/>).
/// </summary>
/// <param name="RunId">Identifier of this run (deterministic: derived from the lineage and the data range).</param>
/// <param name="LineageId">Identifier shared by runs of the same strategy configuration and code lineage: the first 16
/// hex characters of SHA-256 over (lineage name, configuration hash).</param>
/// <param name="RunSource">prod, maintenance, smoke or async_test.</param>
/// <param name="DataRegime">prod_live, maintenance_replay or mixed.</param>
/// <param name="ScoreSource">model, heuristic or synthetic.</param>
/// <param name="SharpeMethod">The Sharpe method the run's headline figure uses (<c>daily_agg</c> or <c>step_raw</c>).</param>
/// <param name="DataFrom">First day of the data, inclusive.</param>
/// <param name="DataTo">Last day of the data, inclusive.</param>
/// <param name="Symbols">Instruments, in order.</param>
/// <param name="ConfigurationHash">SHA-256 of the run's configuration (<see cref="Runs.ConfigurationHash"/>).</param>
/// <param name="Completed">True when the run finished without a failed source.</param>
/// <param name="Metrics">The run's out-of-sample metrics.</param>
public sealed record RunRecord(
    string RunId,
    string LineageId,
    RunSource RunSource,
    DataRegime DataRegime,
    ScoreSource ScoreSource,
    string SharpeMethod,
    DateOnly DataFrom,
    DateOnly DataTo,
    string[] Symbols,
    string ConfigurationHash,
    bool Completed,
    PerformanceReport Metrics)
{
    /// <summary>Builds a record whose identifiers are derived from its content (same inputs, same ids).</summary>
    /// <param name="lineageName">Name of the strategy lineage, e.g. <c>ridge-baseline</c>.</param>
    /// <param name="runSource">Where the run came from.</param>
    /// <param name="dataRegime">Which data it saw.</param>
    /// <param name="scoreSource">What produced its scores.</param>
    /// <param name="dataFrom">First day of data.</param>
    /// <param name="dataTo">Last day of data (≥ <paramref name="dataFrom"/>).</param>
    /// <param name="symbols">Instruments.</param>
    /// <param name="configurationHash">Hash of the configuration.</param>
    /// <param name="completed">Whether it finished cleanly.</param>
    /// <param name="metrics">Its metrics.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="dataTo"/> precedes <paramref name="dataFrom"/>, or a text is empty.</exception>
    public static RunRecord Create(
        string lineageName, RunSource runSource, DataRegime dataRegime, ScoreSource scoreSource, DateOnly dataFrom, DateOnly dataTo,
        IEnumerable<string> symbols, string configurationHash, bool completed, PerformanceReport metrics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineageName);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationHash);
        ArgumentNullException.ThrowIfNull(metrics);
        if (dataTo < dataFrom)
        {
            throw new ArgumentException($"dataTo {dataTo:yyyy-MM-dd} precedes dataFrom {dataFrom:yyyy-MM-dd}.", nameof(dataTo));
        }

        var list = symbols.ToArray();
        var lineage = Runs.ConfigurationHash.OfText($"{lineageName}\n{configurationHash}")[..16];
        var runId = Runs.ConfigurationHash.OfText($"{lineage}\n{runSource}\n{dataFrom:yyyy-MM-dd}\n{dataTo:yyyy-MM-dd}\n{string.Join(',', list)}")[..16];
        return new RunRecord(runId, lineage, runSource, dataRegime, scoreSource, SharpeRatios.DailyAgg, dataFrom, dataTo, list, configurationHash, completed, metrics);
    }
}
