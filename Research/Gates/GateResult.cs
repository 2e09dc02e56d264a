namespace Quant.Orleans.Research.Gates;

/// <summary>The outcome of one gate.</summary>
/// <param name="Gate">Gate name, e.g. <c>min_sortino</c>.</param>
/// <param name="Passed">True when the gate passed.</param>
/// <param name="Reason">Why: the measured value against the threshold, and the run that failed it.</param>
public sealed record GateResult(string Gate, bool Passed, string Reason)
{
    /// <summary>e.g. <c>FAIL min_sortino: run 3f2a… sortino 0.41 &lt; 1.00</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {Gate}: {Reason}";
}
