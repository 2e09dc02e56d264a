using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Silo.Research;

/// <summary>The content of <c>research.json</c>.</summary>
/// <param name="Runs">One run record per walk-forward window.</param>
/// <param name="OutOfSample">Metrics of the chained out-of-sample days.</param>
/// <param name="Gates">The promotion gate report.</param>
public sealed record ResearchSummary(RunRecord[] Runs, PerformanceReport OutOfSample, GateReport Gates);
