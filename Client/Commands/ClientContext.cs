using System.CommandLine;
using System.Net;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Input;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>
/// What every command needs: the output and error consoles, standard input, the global <c>--gateway</c>,
/// <c>--account</c> and <c>--token</c> options, and how to connect. <see cref="RunAsync{TInput}"/> turns failures into
/// messages and exit codes: bad input, a 400 (the gateway's own input checks) or a 404 (unknown account, order or
/// symbol), and an unreachable gateway → <see cref="ExitCodes.BadInputOrUnreachable"/>; 401/403 →
/// <see cref="ExitCodes.Unauthorized"/>; a 409 (the order's state does not allow the request) or any other error
/// status → <see cref="ExitCodes.Rejected"/>.
/// </summary>
public sealed class ClientContext
{
    /// <summary>Default gateway URL (the silo's <c>serve</c> default).</summary>
    public const string DefaultGateway = "http://127.0.0.1:5080";

    /// <summary>Default account (the replay's account).</summary>
    public const string DefaultAccount = "SIM-1";

    /// <summary>Environment variable read for the access token when <c>--token</c> is not given.</summary>
    public const string TokenVariable = "QUANT_GATEWAY_TOKEN";

    private readonly Func<string, string?> _environment;

    /// <summary>Creates the context.</summary>
    /// <param name="output">Where tables, reports and events go.</param>
    /// <param name="error">Where error messages go.</param>
    /// <param name="connect">Creates a client for a gateway URL and an access token (null for none); a plain
    /// <see cref="GatewayClient"/> when null.</param>
    /// <param name="input">Standard input (interactive commands, the kill confirmation, the end of a watch); no input
    /// when null.</param>
    /// <param name="environment">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    public ClientContext(
        IAnsiConsole output,
        IAnsiConsole error,
        Func<Uri, string?, GatewayClient>? connect = null,
        LineSource? input = null,
        Func<string, string?>? environment = null)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        Connect = connect ?? ((uri, token) => new GatewayClient(uri, token: token));
        Input = input ?? LineSource.Empty;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        Gateway = new Option<string>("--gateway")
        {
            Description = "Gateway base URL of the silo.",
            DefaultValueFactory = _ => SessionGateway ?? DefaultGateway,
            Recursive = true,
        };
        Account = new Option<string>("--account")
        {
            Description = "Account to show or trade.",
            DefaultValueFactory = _ => SessionAccount ?? DefaultAccount,
            Recursive = true,
        };
        Token = new Option<string?>("--token")
        {
            Description = $"Access token sent as 'Authorization: Bearer' (default: the {TokenVariable} environment variable).",
            Recursive = true,
        };
    }

    /// <summary>Where tables, reports and events go.</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Where error messages go.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Creates a client for a gateway URL and an access token.</summary>
    public Func<Uri, string?, GatewayClient> Connect { get; }

    /// <summary>Standard input.</summary>
    public LineSource Input { get; }

    /// <summary>Routes Ctrl+C to the running <c>watch</c>.</summary>
    public Interrupts Interrupts { get; } = new();

    /// <summary>True when the interactive session should echo each command after its prompt (standard input is
    /// redirected, so the terminal shows nothing of what was read).</summary>
    public bool EchoInput { get; init; }

    /// <summary>The global <c>--gateway</c> option.</summary>
    public Option<string> Gateway { get; }

    /// <summary>The global <c>--account</c> option.</summary>
    public Option<string> Account { get; }

    /// <summary>The global <c>--token</c> option.</summary>
    public Option<string?> Token { get; }

    /// <summary>The interactive session's <c>--gateway</c>, the default of its commands; null outside a session.</summary>
    internal string? SessionGateway { get; set; }

    /// <summary>The interactive session's <c>--account</c>, the default of its commands; null outside a session.</summary>
    internal string? SessionAccount { get; set; }

    /// <summary>The interactive session's <c>--token</c>, the default of its commands; null outside a session.</summary>
    internal string? SessionToken { get; set; }

    /// <summary>The access token: <c>--token</c> when given, else the session's, else <see cref="TokenVariable"/>;
    /// null when none (or empty).</summary>
    public string? ResolveToken(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var token = parseResult.GetValue(Token) ?? SessionToken ?? _environment(TokenVariable);
        return string.IsNullOrEmpty(token) ? null : token;
    }

    /// <summary>Prints an error line (escaped) and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode)
    {
        Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return exitCode;
    }

    /// <summary>Reads and checks the global options, connects, and runs <paramref name="action"/> with the client
    /// and the account; maps input errors and gateway failures to messages and exit codes.</summary>
    public Task<int> RunAsync(ParseResult parseResult, Func<GatewayClient, string, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunAsync(parseResult, static () => true, (client, account, _) => action(client, account));
    }

    /// <summary>Like <see cref="RunAsync(ParseResult, Func{GatewayClient, string, Task{int}})"/>, with the command's
    /// own input checked by <paramref name="prepare"/> first: before any connection is made.</summary>
    public async Task<int> RunAsync<TInput>(ParseResult parseResult, Func<TInput> prepare, Func<GatewayClient, string, TInput, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            var gateway = OrderInput.ParseGateway(parseResult.GetValue(Gateway) ?? DefaultGateway);
            var account = OrderInput.ParseAccount(parseResult.GetValue(Account) ?? DefaultAccount);
            var input = prepare();
            using var client = Connect(gateway, ResolveToken(parseResult));
            return await action(client, account, input);
        }
        catch (ClientInputException e)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (GatewayUnreachableException e)
        {
            return Fail(e.Message, ExitCodes.Unreachable);
        }
        catch (GatewayErrorException e) when (e.Status == HttpStatusCode.BadRequest)
        {
            return Fail($"the gateway refused the input: {e.Error}", ExitCodes.BadInput);
        }
        catch (GatewayErrorException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return Fail($"not found: {e.Error}", ExitCodes.BadInput);
        }
        catch (GatewayErrorException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return Fail(
                $"the gateway refused the access token ({(int)e.Status}): {e.Error} Pass --token or set {TokenVariable}.",
                ExitCodes.Unauthorized);
        }
        catch (GatewayErrorException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return Fail($"refused: {e.Error}", ExitCodes.Rejected);
        }
        catch (GatewayErrorException e)
        {
            return Fail(e.Message, ExitCodes.Rejected);
        }
    }
}
