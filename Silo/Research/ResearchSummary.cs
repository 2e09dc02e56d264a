using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Silo.Research;

/// <summary>The content of <c>research.json</c>.</summary>
/// <param name="Runs">One run record per walk-forward window (in-sample and out-of-sample ranges named apart).</param>
/// <param name="OutOfSample">Metrics of the chained out-of-sample days.</param>
/// <param name="TrialFamily">The trial family the deflated Sharpe was computed in.</param>
/// <param name="Trials">N and V[SR] of that family (Bailey &amp; López de Prado 2014).</param>
/// <param name="TrialRegistry">The trial registry file.</param>
/// <param name="Gates">The promotion gate report, with its monitoring section.</param>
public sealed record ResearchSummary(RunRecord[] Runs, PerformanceReport OutOfSample, string TrialFamily, TrialStatistics Trials, string TrialRegistry, GateReport Gates);
