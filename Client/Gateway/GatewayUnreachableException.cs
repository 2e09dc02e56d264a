namespace Quant.Orleans.Client.Gateway;

/// <summary>The gateway could not be reached (connection refused, name not resolved, timeout).</summary>
public sealed class GatewayUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="gateway"/>; the message names the URL and the cause.</summary>
    public GatewayUnreachableException(Uri gateway, Exception inner)
        : base($"Gateway {gateway} is not reachable: {inner?.Message} Is the silo running (dotnet run --project Silo -- serve)?", inner)
    {
        Gateway = gateway;
    }

    /// <summary>The gateway base URL that was tried.</summary>
    public Uri Gateway { get; }
}
