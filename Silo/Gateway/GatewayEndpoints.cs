using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>
/// The silo's HTTP/JSON gateway for clients; the contract is <c>docs/gateway.md</c>:
/// <list type="bullet">
/// <item><c>GET /health</c>; <c>GET /api/symbols/{symbol}</c>;</item>
/// <item>accounts: <c>GET /api/accounts/{account}</c> (snapshot), <c>GET .../orders?status=working|all</c>,
/// <c>GET .../fills</c>, <c>POST .../orders</c> (new order), <c>DELETE .../orders/{clOrdId}</c> (cancel),
/// <c>POST .../orders/{clOrdId}/replace</c> (cancel/replace);</item>
/// <item>risk: <c>GET /api/risk</c>, <c>GET /api/risk/{account}</c>, <c>POST /api/risk/kill</c>, <c>POST /api/risk/resume</c>;</item>
/// <item><c>GET /api/events?account=</c>: server-sent events <c>order</c>, <c>fill</c>, <c>signal</c>, <c>risk</c>.</item>
/// </list>
/// Errors are <c>{"error": "..."}</c> with 400 (invalid input, naming the field and value), 401 (a POST or DELETE
/// from a non-loopback client without the bearer token), 404 (unknown account or order) or 409 (the order's state
/// does not allow it). Risk rejections are 200 with the order Rejected.
/// </summary>
public static class GatewayEndpoints
{
    /// <summary>JSON options of the gateway: the contract's (<see cref="GatewayJson.Options"/>).</summary>
    public static JsonSerializerOptions Json => GatewayJson.Options;

    /// <summary>Maps the endpoints onto <paramref name="app"/>.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="grains">The silo's grain factory.</param>
    /// <param name="hub">The silo's live event hub.</param>
    /// <param name="activations">The number of grain activations in the cluster, for <c>/health</c>.</param>
    /// <param name="accessToken">The bearer token non-loopback clients must send with POST and DELETE; null: such
    /// requests are refused.</param>
    /// <param name="keepAlive">Interval of the <c>: keep-alive</c> comment on an idle event stream; 15 s when null.</param>
    /// <param name="rolloutFamily">The family the silo's staged rollout serves (<c>Strategy:Rollout:Family</c> when
    /// <c>Strategy:Rollout:Enabled</c>), for <see cref="RolloutEndpoints"/>; null: the family of the
    /// <see cref="Grains.StrategyOptions.Rollout"/> registered in <paramref name="app"/>'s services (a silo hosted in the
    /// same application, as the <c>serve</c> command's), and the rollout is off when there is none.</param>
    public static void Map(WebApplication app, IGrainFactory grains, TradingEventHub hub, Func<Task<int>> activations, string? accessToken = null, TimeSpan? keepAlive = null, string? rolloutFamily = null)
    {
        var keepAliveInterval = keepAlive ?? TimeSpan.FromSeconds(15);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(hub);
        app.Use(async (context, next) =>
        {
            if (!Allows(context.Request.Method, context.Connection.RemoteIpAddress, context.Request.Headers.Authorization.ToString(), accessToken))
            {
                await Results.Json(new ErrorResponse("A POST or DELETE from a non-loopback client needs 'Authorization: Bearer <Gateway:AccessToken>'."), Json, statusCode: 401).ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        // A grain call that fails (an account found damaged when it activates, a silo stopping) is answered with
        // JSON naming the cause: 503 for a quarantined account, 500 otherwise; never an empty 500.
        app.Use(async (context, next) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await next(context);
                    return;
                }
                catch (Exception e) when (e is OrleansMessageRejectionException && attempt < ReadRetries && HttpMethods.IsGet(context.Request.Method)
                    && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    // A read that met a silo leaving (its grains are on their way to another silo) is asked again
                    // after a short wait instead of answering 503: a graceful handover shows clients no error.
                    await Task.Delay(ReadRetryDelay * attempt, context.RequestAborted);
                }
                catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
                {
                    var (state, message) = Describe(e);
                    var retryable = IsRetryable(e);
                    if (retryable)
                    {
                        // A silo died or is leaving (its grains come back elsewhere within seconds), or the account's
                        // journal could not be written (it recovers on its next call once storage is back).
                        context.Response.Headers.RetryAfter = "1";
                    }

                    await Error(state == Quarantined || retryable ? 503 : 500, message).ExecuteAsync(context);
                    return;
                }
            }
        });

        var directory = grains.GetGrain<IAccountDirectoryGrain>(IAccountDirectoryGrain.Key);
        TrainingEndpoints.Map(app, grains);
        ModelEndpoints.Map(app, grains);
        RolloutEndpoints.Map(app, grains, rolloutFamily ?? app.Services.GetService<Grains.StrategyOptions>()?.Rollout?.Family);
        app.MapGet("/health", async () => Results.Json(new HealthView("ok", await activations()), Json));
        app.MapGet("/api/symbols/{symbol}", async (string symbol) =>
            Results.Json((await grains.GetGrain<ISymbolGrain>(symbol.ToUpperInvariant()).GetStatus()).ToView(), Json));

        app.MapGet("/api/accounts/{account}", async (string account) =>
            await Known(account, directory) ?? Results.Json((await Portfolio(grains, account).GetSnapshot()).ToView(), Json));
        app.MapGet("/api/accounts/{account}/orders", async (string account, string? status) =>
        {
            if (await Known(account, directory) is { } problem)
            {
                return problem;
            }

            if (status is not (null or "all" or "working"))
            {
                return Error(400, $"status must be 'working' or 'all', got {RequestRules.Echo(status)}.");
            }

            var orders = await Portfolio(grains, account).GetOrders(status == "working");
            return Results.Json(orders.Select(o => o.ToView()).ToArray(), Json);
        });
        app.MapGet("/api/accounts/{account}/fills", async (string account) =>
            await Known(account, directory) ?? Results.Json((await Portfolio(grains, account).GetFills()).Select(f => f.ToView()).ToArray(), Json));
        app.MapPost("/api/accounts/{account}/orders", async (string account, HttpRequest request) =>
        {
            if (Valid(account) is { } invalid)
            {
                return invalid;
            }

            var (ticket, error) = await ReadAsync<NewOrderRequest>(request, empty: null);
            if (error is not null)
            {
                return error;
            }

            if (OrderTicket.Validate(ticket!, out var why) is not { } command)
            {
                return Error(400, why);
            }

            return ToResult(await Portfolio(grains, account).NewOrder(command));
        });
        app.MapDelete("/api/accounts/{account}/orders/{clOrdId}", async (string account, string clOrdId) =>
            await Known(account, directory) ?? BadClOrdId(clOrdId) ?? ToResult(await Portfolio(grains, account).CancelOrder(clOrdId)));
        app.MapPost("/api/accounts/{account}/orders/{clOrdId}/replace", async (string account, string clOrdId, HttpRequest request) =>
        {
            if ((await Known(account, directory) ?? BadClOrdId(clOrdId)) is { } problem)
            {
                return problem;
            }

            var (ticket, error) = await ReadAsync<ReplaceRequest>(request, empty: null);
            if (error is not null)
            {
                return error;
            }

            return OrderTicket.Validate(ticket!, out var why) is { } command
                ? ToResult(await Portfolio(grains, account).ReplaceOrder(clOrdId, command))
                : Error(400, why);
        });

        app.MapGet("/api/risk", async () =>
        {
            var statuses = await directory.GetStatuses();
            var views = await Task.WhenAll(statuses.Select(a => RiskOf(grains, a)));
            return Results.Json(views, Json);
        });
        app.MapGet("/api/risk/{account}", async (string account) =>
            await Known(account, directory) ?? Results.Json((await Portfolio(grains, account).GetRisk()).ToView(), Json));
        app.MapPost("/api/risk/kill", async (HttpRequest request) =>
        {
            var received = Stopwatch.GetTimestamp();
            var (ticket, error) = await ReadAsync<KillRequest>(request, static () => new KillRequest());
            if (error is not null)
            {
                return error;
            }

            var (accounts, problem) = await Accounts(ticket!.Account, directory);
            if (problem is not null)
            {
                return problem;
            }

            // Every account is halted independently: one that cannot be reached (quarantined, or failing now) is
            // reported, never allowed to stop the others from being halted.
            var reason = string.IsNullOrWhiteSpace(ticket.Reason) ? "kill switch (gateway)" : ticket.Reason;
            var outcomes = await Task.WhenAll(accounts.Select(a => Attempt(a, () => Portfolio(grains, a.Account).Kill(reason))));
            var kills = outcomes.Where(o => o.Value is not null).Select(o => o.Value!).ToArray();
            var failed = outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).ToArray();
            var blocked = kills.Length == 0 ? 0 : Stopwatch.GetElapsedTime(received, kills.Max(k => k.BlockedTimestamp)).TotalMicroseconds;
            var canceled = kills.Length == 0 ? 0 : Stopwatch.GetElapsedTime(received, kills.Max(k => k.CanceledTimestamp)).TotalMicroseconds;
            return Results.Json(
                new KillResponse([.. kills.Select(k => k.Account)], kills.Sum(k => k.OrdersCanceled), blocked, canceled, nameof(RiskState.Halted), failed.Length == 0 ? null : failed),
                Json);
        });
        app.MapPost("/api/risk/resume", async (HttpRequest request) =>
        {
            var (ticket, error) = await ReadAsync<ResumeRequest>(request, static () => new ResumeRequest());
            if (error is not null)
            {
                return error;
            }

            RiskState state;
            try
            {
                state = OrderTicket.ParseResumeState(ticket!.State);
            }
            catch (ArgumentException e)
            {
                return Error(400, e.Message);
            }

            var (accounts, problem) = await Accounts(ticket.Account, directory);
            if (problem is not null)
            {
                return problem;
            }

            var reason = string.IsNullOrWhiteSpace(ticket.Reason) ? $"resumed {state} (gateway)" : ticket.Reason;
            var outcomes = await Task.WhenAll(accounts.Select(a => Attempt(a, () => Portfolio(grains, a.Account).Resume(state, reason))));
            return Results.Json(outcomes.Select(o => o.Value?.ToView() ?? FailureView(o.Failure!)).ToArray(), Json);
        });

        app.MapGet("/api/events", (HttpContext context, string? account) => StreamEventsAsync(context, hub, account, keepAliveInterval));
    }

    /// <summary>Writes the hub's events as server-sent events until the client disconnects.</summary>
    private static async Task StreamEventsAsync(HttpContext context, TradingEventHub hub, string? account, TimeSpan keepAlive)
    {
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var aborted = context.RequestAborted;
        using var subscription = hub.Subscribe(string.IsNullOrEmpty(account) ? null : account);
        try
        {
            await response.WriteAsync(": connected\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            var buffer = new StringBuilder();
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(keepAlive);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                buffer.Clear();
                while (subscription.Reader.TryRead(out var e))
                {
                    var (name, payload) = ToEvent(e);
                    buffer.Append("event: ").Append(name).Append("\ndata: ").Append(JsonSerializer.Serialize(payload, payload.GetType(), Json)).Append("\n\n");
                }

                await response.WriteAsync(buffer.ToString(), aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the stream ends.
        }
    }

    private static (string Name, object Payload) ToEvent(TradingEvent e) => e.Payload switch
    {
        ExecutionReport r => ("order", r.ToView()),
        Fill f => ("fill", f.ToView()),
        SignalEvent s => ("signal", s.ToView()),
        RiskSnapshot s => ("risk", s.ToView()),
        _ => (e.Kind.ToString().ToLowerInvariant(), e.Payload),
    };

    private static IPortfolioGrain Portfolio(IGrainFactory grains, string account) => grains.GetGrain<IPortfolioGrain>(account);

    private static IResult ToResult(OrderCommandResult result) => result.Status switch
    {
        OrderCommandStatus.Ok => Results.Json(result.ToResponse(), Json),
        OrderCommandStatus.NotFound => Error(404, result.Error ?? "Not found."),
        OrderCommandStatus.Conflict => Results.Json(new OrderConflictResponse(Clean(result.Error ?? "Conflict."), result.Order?.ToView()), Json, statusCode: 409),
        _ => Error(400, result.Error ?? "Invalid request."),
    };

    /// <summary>An error answer <c>{"error": message}</c>; the message carries no exception suffix such as
    /// <c>(Parameter 'amount')</c> (<see cref="Clean"/>).</summary>
    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(Clean(message)), Json, statusCode: status);

    /// <summary><paramref name="message"/> without the <c> (Parameter '...')</c> that <see cref="ArgumentException"/>
    /// appends to its message.</summary>
    internal static string Clean(string message)
    {
        const string Suffix = " (Parameter '";
        for (var at = message.IndexOf(Suffix, StringComparison.Ordinal); at >= 0; at = message.IndexOf(Suffix, StringComparison.Ordinal))
        {
            var end = message.IndexOf("')", at + Suffix.Length, StringComparison.Ordinal);
            message = message[..at] + (end < 0 ? string.Empty : message[(end + 2)..]);
        }

        return message;
    }

    /// <summary>Null when the ClOrdID of a path (<c>.../orders/{clOrdId}</c>) keeps its rule; else the 400 naming it.</summary>
    private static IResult? BadClOrdId(string clOrdId)
    {
        try
        {
            OrderTicket.ParseClOrdId(clOrdId, "clOrdId");
            return null;
        }
        catch (ArgumentException e)
        {
            return Error(400, e.Message);
        }
    }

    private static IResult? Valid(string account)
    {
        try
        {
            AccountName.Validate(account, "account");
            return null;
        }
        catch (ArgumentException)
        {
            return Error(400, $"account must be 1..{AccountName.MaxLength} of A-Z, a-z, 0-9, '-', '_', '.', got {RequestRules.Echo(account)}.");
        }
    }

    /// <summary>Null when <paramref name="account"/> is valid, known to the account directory and in service; else the
    /// 400, the 404, or a 503 naming why the account is quarantined.</summary>
    private static async Task<IResult?> Known(string account, IAccountDirectoryGrain directory)
    {
        if (Valid(account) is { } invalid)
        {
            return invalid;
        }

        var statuses = await directory.GetStatuses();
        if (statuses.FirstOrDefault(s => s.Account == account) is not { } status)
        {
            return Error(404, $"Unknown account '{account}' (known: {string.Join(", ", statuses.Select(s => s.Account))}).");
        }

        return status.QuarantineReason is { } why ? Error(503, $"Account {account} is quarantined: {why}") : null;
    }

    /// <summary>The accounts a kill or resume reaches: the one named (even when quarantined: it is reported as failed),
    /// or every account of the directory.</summary>
    private static async Task<(AccountStatus[] Accounts, IResult? Problem)> Accounts(string? account, IAccountDirectoryGrain directory)
    {
        var statuses = await directory.GetStatuses();
        if (account is null)
        {
            return (statuses, null);
        }

        if (Valid(account) is { } invalid)
        {
            return ([], invalid);
        }

        return statuses.FirstOrDefault(s => s.Account == account) is { } status
            ? ([status], null)
            : ([], Error(404, $"Unknown account '{account}' (known: {string.Join(", ", statuses.Select(s => s.Account))})."));
    }

    /// <summary>An account's risk view; a quarantined account, or one whose grain fails now, gets a view saying so.</summary>
    private static async Task<RiskView> RiskOf(IGrainFactory grains, AccountStatus status)
    {
        var outcome = await Attempt(status, () => Portfolio(grains, status.Account).GetRisk());
        return outcome.Value?.ToView() ?? FailureView(outcome.Failure!);
    }

    /// <summary>Runs <paramref name="call"/> for an account in service; a quarantined account, or a call that fails,
    /// becomes a failure naming the account and why (never an exception that would fail the whole request).</summary>
    private static async Task<(T? Value, AccountFailureView? Failure)> Attempt<T>(AccountStatus status, Func<Task<T>> call)
        where T : class
    {
        if (status.QuarantineReason is { } why)
        {
            return (null, new AccountFailureView(status.Account, Quarantined, why));
        }

        try
        {
            return (await call(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (state, message) = Describe(e);
            return (null, new AccountFailureView(status.Account, state, message));
        }
    }

    private static RiskView FailureView(AccountFailureView failure) =>
        new(failure.Account, failure.State, failure.Error, null, null, new Dictionary<string, long>());

    /// <summary>The state and message of a grain call's failure: <c>Quarantined</c> when the account's records are
    /// damaged (the grain quarantined itself), <c>Unavailable</c> otherwise; the message is the innermost cause's (and
    /// says to retry when the grain's silo is restarting, <see cref="IsRetryable"/>).</summary>
    internal static (string State, string Message) Describe(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is Trading.Journal.JournalCorruptedException or AccountSnapshotException or InvalidOrderTransitionException)
            {
                return (Quarantined, x.Message);
            }
        }

        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        if (Find<JournalUnavailableException>(e) is { } journal)
        {
            return ("Unavailable", journal.Message);
        }

        if (StorageFailure(e) is { } storage)
        {
            return ("Unavailable", $"The grid's storage is unavailable ({storage.GetType().Name}: {storage.Message}); the request was not carried out. Retry once storage is back.");
        }

        if (IsRetryable(e))
        {
            return ("Unavailable", $"The silo holding this grain is unavailable or restarting ({inner.GetType().Name}: {inner.Message}); retry in a second. A command answered so may or may not have been carried out: look the order up by its ClOrdID before sending it again.");
        }

        return ("Unavailable", $"{inner.GetType().Name}: {inner.Message}");
    }

    private const string Quarantined = "Quarantined";

    /// <summary>Attempts of a GET whose grain call the runtime rejected (a silo leaving) before it is answered 503.</summary>
    private const int ReadRetries = 4;

    /// <summary>Wait before the second attempt of such a GET; the n-th waits n times this.</summary>
    private static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>True when the runtime rejected or timed out the call (the grain's silo died or is leaving, and the grain
    /// comes back on another silo within seconds), the account's journal could not be written, or the storage could not
    /// be reached (a grain could not load its state): answered 503 with <c>Retry-After</c>.</summary>
    internal static bool IsRetryable(Exception e) =>
        e is OrleansMessageRejectionException or TimeoutException || Find<JournalUnavailableException>(e) is not null || StorageFailure(e) is not null;

    /// <summary>The storage's own error in the chain (Azure Storage refused or could not be reached), or null.</summary>
    private static Exception? StorageFailure(Exception e) =>
        (Exception?)Find<Azure.RequestFailedException>(e) ?? (Exception?)Find<System.Net.Sockets.SocketException>(e) ?? Find<HttpRequestException>(e);

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Reads the JSON body as <typeparamref name="T"/> (<see cref="GatewayRequestReader"/>: unknown or repeated
    /// fields, wrong JSON types and numbers out of range are a 400 naming the field); an empty body is
    /// <paramref name="empty"/>'s value, or a 400 when <paramref name="empty"/> is null.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, Func<T>? empty)
        where T : class
    {
        var read = await GatewayRequestReader.ReadAsync(request.Body, empty, request.HttpContext.RequestAborted);
        return read.Problem is null ? (read.Value, null) : (null, Error(read.Status, read.Problem));
    }

    /// <summary>
    /// The access rule: GET is open; a POST or DELETE from a loopback client is allowed; from any other client it needs
    /// <c>Authorization: Bearer &lt;token&gt;</c> with the configured token (compared in constant time), and is refused
    /// when no token is configured.
    /// </summary>
    internal static bool Allows(string method, IPAddress? remote, string? authorization, string? token)
    {
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsDelete(method)) || remote is null
            || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return true;
        }

        if (string.IsNullOrEmpty(token) || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
