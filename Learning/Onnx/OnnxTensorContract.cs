namespace Quant.Orleans.Learning.Onnx;

/// <summary>One input or output of an ONNX student as its model folder's contract states it
/// (<see cref="OnnxStudentContract"/>).</summary>
/// <param name="Role">What the serving code does with it: the input <c>tokens</c>; the outputs <c>quantiles</c>,
/// <c>logits</c>, <c>position</c> and (optional) <c>barrier_logits</c> (<see cref="OnnxStudentContract"/> lists the
/// roles' shapes).</param>
/// <param name="Name">The tensor's name in the ONNX graph.</param>
/// <param name="ElementType">The element type, ONNX's name in lower case: <c>float32</c> (the only type served).</param>
/// <param name="Shape">The dimensions; null for the symbolic batch dimension (written <c>"batch"</c> in JSON).</param>
/// <param name="Meaning">What the values are, for a reader (units, order); not checked.</param>
public sealed record OnnxTensorContract(string Role, string Name, string ElementType, IReadOnlyList<long?> Shape, string Meaning)
{
    /// <summary>The shape as JSON writes it, e.g. <c>[batch, 64, 8]</c>.</summary>
    /// <returns>The text.</returns>
    public string DescribeShape() => "[" + string.Join(", ", Shape.Select(d => d is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : OnnxExport.BatchDimension)) + "]";
}
