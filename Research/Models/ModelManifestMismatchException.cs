namespace Quant.Orleans.Research.Models;

/// <summary>Thrown when a model folder does not match what the loading code expects; the message names the folder and
/// the first field that differs, with both values.</summary>
public sealed class ModelManifestMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The folder, the field and both values.</param>
    public ModelManifestMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public ModelManifestMismatchException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="innerException">The cause.</param>
    public ModelManifestMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
