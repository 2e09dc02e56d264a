using System.Text;

namespace Quant.Orleans.Research.Gates;

/// <summary>The promotion decision with every gate's outcome and the runs that were not considered.</summary>
/// <param name="Promote">True when every gate passed.</param>
/// <param name="Gates">Each gate's outcome, in evaluation order.</param>
/// <param name="EligibleRuns">Identifiers of the runs the gates read.</param>
/// <param name="ExcludedRuns">Runs left out and why (e.g. <c>run_source=smoke not in {prod}</c>).</param>
public sealed record GateReport(bool Promote, GateResult[] Gates, string[] EligibleRuns, string[] ExcludedRuns)
{
    /// <summary>The gates that failed.</summary>
    public IEnumerable<GateResult> Failed => Gates.Where(g => !g.Passed);

    /// <summary>A multi-line report: the decision, one line per gate, then the excluded runs.</summary>
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

        return text.ToString().TrimEnd();
    }
}
