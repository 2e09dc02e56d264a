using Quant.Orleans.Gateway.Contracts;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Quant.Orleans.Client.Gateway;

/// <summary>
/// Typed calls to the silo's HTTP/JSON gateway (the contract is in <c>docs/client.md</c>). Every method throws
/// <see cref="GatewayUnreachableException"/> when the gateway cannot be reached or does not answer within the
/// timeout, and <see cref="GatewayErrorException"/> when it answers with an error status (400 bad input, 401 no or
/// wrong access token, 404 unknown account/order/symbol, 409 a request the order's state does not allow). A risk
/// rejection is not an error: it is an <see cref="OrderResponse"/> whose order is <c>Rejected</c>.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a client for the gateway at <paramref name="gateway"/> (e.g. <c>http://127.0.0.1:5080</c>).</summary>
    /// <param name="gateway">Absolute http or https base URL.</param>
    /// <param name="timeout">Per-request timeout (for <see cref="StreamEventsAsync"/>: until the response headers
    /// arrive); 10 seconds when null.</param>
    /// <param name="token">Access token sent as <c>Authorization: Bearer</c> on every request; none when null or empty.</param>
    /// <param name="handler">The HTTP handler; a <see cref="SocketsHttpHandler"/> when null. The client disposes it.</param>
    /// <exception cref="ArgumentException"><paramref name="gateway"/> is not an absolute http(s) URL.</exception>
    public GatewayClient(Uri gateway, TimeSpan? timeout = null, string? token = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (!gateway.IsAbsoluteUri || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Gateway must be an absolute http(s) URL, got '{gateway}'.", nameof(gateway));
        }

        Gateway = gateway;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = gateway,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
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
    public Task<PortfolioView> GetPortfolioAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync<PortfolioView>(AccountPath(account), cancellationToken);

    /// <summary><c>GET /api/accounts/{account}/orders?status=working|all</c>: the orders in creation order.</summary>
    /// <param name="account">The account.</param>
    /// <param name="workingOnly">True for the working orders only (<c>New</c>, <c>PartiallyFilled</c>, pending states).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<OrderView[]> GetOrdersAsync(string account, bool workingOnly = false, CancellationToken cancellationToken = default) =>
        GetAsync<OrderView[]>($"{AccountPath(account)}/orders?status={(workingOnly ? "working" : "all")}", cancellationToken);

    /// <summary><c>GET /api/accounts/{account}/fills</c>: the account's fills in the order they happened.</summary>
    public Task<FillView[]> GetFillsAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync<FillView[]>($"{AccountPath(account)}/fills", cancellationToken);

    /// <summary><c>GET /api/symbols/{symbol}</c>: the symbol grain's counters (quotes &gt; 0 once an NBBO exists).</summary>
    public Task<SymbolStatusView> GetSymbolAsync(string symbol, CancellationToken cancellationToken = default) =>
        GetAsync<SymbolStatusView>($"api/symbols/{Uri.EscapeDataString(symbol)}", cancellationToken);

    /// <summary><c>POST /api/accounts/{account}/orders</c>: sends a new order (FIX 35=D).</summary>
    public Task<OrderResponse> SubmitOrderAsync(string account, NewOrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return SendJsonAsync<NewOrderRequest, OrderResponse>(HttpMethod.Post, $"{AccountPath(account)}/orders", order, cancellationToken);
    }

    /// <summary><c>DELETE /api/accounts/{account}/orders/{clOrdId}</c>: cancels a working order (FIX 35=F).</summary>
    public async Task<OrderResponse> CancelOrderAsync(string account, string clOrdId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, OrderPath(account, clOrdId)), cancellationToken);
        return await ReadAsync<OrderResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /api/accounts/{account}/orders/{clOrdId}/replace</c>: replaces a working order (FIX 35=G).</summary>
    public Task<OrderResponse> ReplaceOrderAsync(string account, string clOrdId, ReplaceRequest replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replace);
        return SendJsonAsync<ReplaceRequest, OrderResponse>(HttpMethod.Post, $"{OrderPath(account, clOrdId)}/replace", replace, cancellationToken);
    }

    /// <summary><c>GET /api/risk/{account}</c>: the account's risk state, limits, usage and rejections.</summary>
    public Task<RiskView> GetRiskAsync(string account, CancellationToken cancellationToken = default) =>
        GetAsync<RiskView>($"api/risk/{Uri.EscapeDataString(account)}", cancellationToken);

    /// <summary><c>GET /api/cluster</c>: the cluster's silos as the gateway's silo sees them.</summary>
    public Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ClusterView>("api/cluster", cancellationToken);

    /// <summary><c>GET /api/risk</c>: the risk view of every known account.</summary>
    public Task<RiskView[]> GetAllRiskAsync(CancellationToken cancellationToken = default) =>
        GetAsync<RiskView[]>("api/risk", cancellationToken);

    /// <summary><c>POST /api/risk/kill</c>: the kill switch (one account, or all when the account is null).</summary>
    public Task<KillResponse> KillAsync(KillRequest kill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kill);
        return SendJsonAsync<KillRequest, KillResponse>(HttpMethod.Post, "api/risk/kill", kill, cancellationToken);
    }

    /// <summary><c>POST /api/risk/resume</c>: lifts a halt (one account, or all when the account is null).</summary>
    public Task<RiskView[]> ResumeAsync(ResumeRequest resume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resume);
        return SendJsonAsync<ResumeRequest, RiskView[]>(HttpMethod.Post, "api/risk/resume", resume, cancellationToken);
    }

    /// <summary><c>GET /api/training</c>: every configured family's training run and the nightly schedule.</summary>
    public Task<TrainingOverview> GetTrainingAsync(CancellationToken cancellationToken = default) =>
        GetAsync<TrainingOverview>("api/training", cancellationToken);

    /// <summary><c>POST /api/training/{family}/run</c>: starts the family's training now (or answers the run in
    /// progress).</summary>
    public async Task<TrainingView> TrainNowAsync(string family, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/training/{Uri.EscapeDataString(family)}/run"), cancellationToken);
        return await ReadAsync<TrainingView>(response, cancellationToken);
    }

    /// <summary><c>POST /api/training/{family}/cancel</c>: cancels the family's running training.</summary>
    public async Task<TrainingView> CancelTrainingAsync(string family, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/training/{Uri.EscapeDataString(family)}/cancel"), cancellationToken);
        return await ReadAsync<TrainingView>(response, cancellationToken);
    }

    /// <summary><c>GET /api/models</c>: every family of the model registry with its versions.</summary>
    public Task<ModelsOverview> GetModelsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ModelsOverview>("api/models", cancellationToken);

    /// <summary><c>GET /api/models/{family}</c>: one family's versions, stages and metrics.</summary>
    public Task<ModelFamilyEntry> GetModelFamilyAsync(string family, CancellationToken cancellationToken = default) =>
        GetAsync<ModelFamilyEntry>($"api/models/{Uri.EscapeDataString(family)}", cancellationToken);

    /// <summary><c>POST /api/models/{family}/promote</c>: promotes a version (journaled with reason and actor).</summary>
    public Task<ModelChangeResponse> PromoteModelAsync(string family, PromoteModelRequest promote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promote);
        return SendJsonAsync<PromoteModelRequest, ModelChangeResponse>(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(family)}/promote", promote, cancellationToken);
    }

    /// <summary><c>POST /api/models/{family}/rollback</c>: rolls back the live version (or the one named).</summary>
    public Task<ModelChangeResponse> RollbackModelAsync(string family, RollbackModelRequest rollback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollback);
        return SendJsonAsync<RollbackModelRequest, ModelChangeResponse>(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(family)}/rollback", rollback, cancellationToken);
    }

    /// <summary><c>GET /api/models/{family}/journal?last={last}</c>: the family's last journal lines, newest last.</summary>
    public Task<ModelJournalResponse> GetModelJournalAsync(string family, int last, CancellationToken cancellationToken = default) =>
        GetAsync<ModelJournalResponse>($"api/models/{Uri.EscapeDataString(family)}/journal?last={last.ToString(System.Globalization.CultureInfo.InvariantCulture)}", cancellationToken);

    /// <summary><c>GET /api/rollout/{family}</c>: the family's rollout (assignment, monitored versions, decisions).</summary>
    public Task<RolloutView> GetRolloutAsync(string family, CancellationToken cancellationToken = default) =>
        GetAsync<RolloutView>($"api/rollout/{Uri.EscapeDataString(family)}", cancellationToken);

    /// <summary><c>POST /api/rollout/{family}/evaluate</c>: applies the rollout rules now; the status after it.</summary>
    public async Task<RolloutView> EvaluateRolloutAsync(string family, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/rollout/{Uri.EscapeDataString(family)}/evaluate"), cancellationToken);
        return await ReadAsync<RolloutView>(response, cancellationToken);
    }

    /// <summary><c>GET /api/events?account={account}</c>: the live server-sent events (fills, execution reports,
    /// signals, risk changes) until the gateway ends the stream or <paramref name="cancellationToken"/> is cancelled.
    /// The request timeout covers the wait for the response headers only.</summary>
    /// <param name="account">The account whose fills and reports to receive (signals are of every symbol).</param>
    /// <param name="connected">Called once the gateway has answered with the stream's headers (subscribed).</param>
    /// <param name="cancellationToken">Ends the stream (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    public async IAsyncEnumerable<GatewayEvent> StreamEventsAsync(string account, Action? connected = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"api/events?account={Uri.EscapeDataString(account)}");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                return request;
            },
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new GatewayErrorException(response.StatusCode, ErrorText(await response.Content.ReadAsStringAsync(cancellationToken)));
        }

        connected?.Invoke();
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        IAsyncEnumerator<GatewayEvent> events = ServerSentEvents.ReadAsync(reader, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (IOException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new GatewayUnreachableException(Gateway, e);
                }
                catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new GatewayUnreachableException(Gateway, e);
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string AccountPath(string account) => $"api/accounts/{Uri.EscapeDataString(account)}";

    private static string OrderPath(string account, string clOrdId) => $"{AccountPath(account)}/orders/{Uri.EscapeDataString(clOrdId)}";

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: GatewayJson.Options) },
            cancellationToken);
        return await ReadAsync<TResponse>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> request,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var message = request();
        try
        {
            return await _http.SendAsync(message, completion, cancellationToken);
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
