namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// An ONNX model folder's contract (<see cref="OnnxStudentContract"/>, <c>onnx.json</c>) disagrees with the ONNX file,
/// with the ONNX Runtime session's actual inputs and outputs, or with what the serving code feeds and reads. The
/// message names the contract field (e.g. <c>outputs[0].shape</c>) and both values.
/// </summary>
public sealed class OnnxContractMismatchException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    /// <param name="field">The contract field, as a JSON path (<c>inputs[0].name</c>, <c>quantile_levels</c>).</param>
    /// <param name="message">What differs, with both values.</param>
    public OnnxContractMismatchException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Creates the exception without a field.</summary>
    public OnnxContractMismatchException()
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception without a field.</summary>
    /// <param name="message">What differs.</param>
    public OnnxContractMismatchException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception without a field.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxContractMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The contract field that differs, as a JSON path; empty when none applies.</summary>
    public string Field { get; }
}
