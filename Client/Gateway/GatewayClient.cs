using System.Net.Http.Json;
using System.Text.Json;

namespace Quant.Orleans.Client.Gateway;

/// <summary>
/// Typed calls to the silo's HTTP/JSON gateway. Every method throws <see cref="GatewayUnreachableException"/> when
/// the gateway cannot be reached and <see cref="GatewayErrorException"/> when it answers with an error status.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a client for the gateway at <paramref name="gateway"/> (e.g. <c>http://127.0.0.1:5080</c>).</summary>
    /// <param name="gateway">Absolute http or https base URL.</param>
    /// <param name="timeout">Per-request timeout; 10 seconds when null.</param>
    /// <exception cref="ArgumentException"><paramref name="gateway"/> is not an absolute http(s) URL.</exception>
    public GatewayClient(Uri gateway, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (!gateway.IsAbsoluteUri || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Gateway must be an absolute http(s) URL, got '{gateway}'.", nameof(gateway));
        }

        Gateway = gateway;
        _http = new HttpClient { BaseAddress = gateway, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    /// <summary>The gateway base URL.</summary>
    public Uri Gateway { get; }

    /// <summary><c>GET /health</c>: true when the gateway answers with a success status.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "health"), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary><c>GET /api/accounts/{account}</c>: cash, equity, PnL and positions.</summary>
    public Task<PortfolioDto> GetPortfolioAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync<PortfolioDto>($"api/accounts/{Uri.EscapeDataString(account)}", cancellationToken);

    /// <summary><c>GET /api/accounts/{account}/orders</c>: the order log in creation order.</summary>
    public Task<OrderLogEntryDto[]> GetOrdersAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync<OrderLogEntryDto[]>($"api/accounts/{Uri.EscapeDataString(account)}/orders", cancellationToken);

    /// <summary><c>GET /api/symbols/{symbol}</c>: the symbol grain's counters (quotes &gt; 0 once an NBBO exists).</summary>
    public Task<SymbolStatusDto> GetSymbolAsync(string symbol, CancellationToken cancellationToken = default) =>
        GetAsync<SymbolStatusDto>($"api/symbols/{Uri.EscapeDataString(symbol)}", cancellationToken);

    /// <summary><c>POST /api/accounts/{account}/orders</c>: submits an order and returns its execution reports
    /// (a rejection is a report, not an exception; a 400 for malformed input is a <see cref="GatewayErrorException"/>).</summary>
    public async Task<ExecutionReportDto[]> SubmitOrderAsync(string account, OrderTicketDto ticket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"api/accounts/{Uri.EscapeDataString(account)}/orders")
            {
                Content = JsonContent.Create(ticket, options: GatewayJson.Options),
            },
            cancellationToken);
        return await ReadAsync<ExecutionReportDto[]>(response, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        try
        {
            return await _http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GatewayUnreachableException(Gateway, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GatewayUnreachableException(Gateway, new TimeoutException($"No answer within {_http.Timeout.TotalSeconds:0.#} s.", e));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new GatewayErrorException(response.StatusCode, ErrorText(body));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, GatewayJson.Options)
                ?? throw new GatewayErrorException(response.StatusCode, "The gateway answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new GatewayErrorException(response.StatusCode, $"Unexpected JSON from the gateway: {e.Message}");
        }
    }

    private static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw body is the best explanation there is.
        }

        return string.IsNullOrWhiteSpace(body) ? "(no body)" : body;
    }
}
