namespace Quant.Orleans.Learning.Models;

/// <summary>Thrown when a policy model folder (<see cref="PolicyModelFolder"/>) does not match what the serving code
/// expects or has been altered; the message names the folder, the manifest field that differs and both values (the
/// convention of Research's <c>ModelManifestMismatchException</c>, which Learning cannot reference).</summary>
public sealed class PolicyModelMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The folder, the field and both values.</param>
    public PolicyModelMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public PolicyModelMismatchException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyModelMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
