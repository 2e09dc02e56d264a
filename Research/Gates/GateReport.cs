using System.Text;

namespace Quant.Orleans.Research.Gates;

/// <summary>The promotion decision with every gate's outcome, the runs that were not considered, and the monitor-only
/// runs reported beside it.</summary>
/// <param name="Promote">True when every gate passed.</param>
/// <param name="Gates">Each gate's outcome, in evaluation order.</param>
/// <param name="EligibleRuns">Identifiers of the runs the gates read (prod runs only).</param>
/// <param name="ExcludedRuns">Prod runs left out and why (e.g. <c>score_source=heuristic not in {model}</c>).</param>
/// <param name="Monitoring">Monitor-only runs (<c>maintenance</c>, <c>smoke</c>, <c>async_test</c>): never in the decision.</param>
public sealed record GateReport(bool Promote, GateResult[] Gates, string[] EligibleRuns, string[] ExcludedRuns, MonitoredRun[] Monitoring)
{
    /// <summary>The gates that failed.</summary>
    public IEnumerable<GateResult> Failed => Gates.Where(g => !g.Passed);

    /// <summary>A multi-line report: the decision, one line per gate, the excluded prod runs, then the monitoring
    /// section.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Promote ? "promotion: PASS" : $"promotion: FAIL ({Failed.Count()} of {Gates.Length} gates failed)");
        foreach (var g in Gates)
        {
            text.AppendLine("  " + g);
        }

        foreach (var e in ExcludedRuns)
        {
            text.AppendLine("  excluded " + e);
        }

        if (Monitoring.Length > 0)
        {
            text.AppendLine($"monitoring ({Monitoring.Length} monitor-only run{(Monitoring.Length == 1 ? string.Empty : "s")}: maintenance, smoke and async_test runs never count toward promotion):");
            foreach (var m in Monitoring)
            {
                text.AppendLine("  " + m);
            }
        }

        return text.ToString().TrimEnd();
    }
}
