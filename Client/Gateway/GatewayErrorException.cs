using System.Net;

namespace Quant.Orleans.Client.Gateway;

/// <summary>The gateway answered with an error status (400 with <c>{"error": "..."}</c> for bad input, or another
/// failure status).</summary>
public sealed class GatewayErrorException : Exception
{
    /// <summary>Creates the exception with the gateway's status and its error text.</summary>
    public GatewayErrorException(HttpStatusCode status, string error)
        : base($"Gateway answered {(int)status} {status}: {error}")
    {
        Status = status;
        Error = error;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The gateway's error text (its <c>error</c> field, or the raw body).</summary>
    public string Error { get; }
}
