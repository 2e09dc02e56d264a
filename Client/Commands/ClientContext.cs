using System.CommandLine;
using System.Net;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Input;
using Spectre.Console;

namespace Quant.Orleans.Client.Commands;

/// <summary>
/// What every command needs: the output and error consoles, the global <c>--gateway</c> and <c>--account</c>
/// options, and how to connect. <see cref="RunAsync"/> turns failures into messages and exit codes: bad input and
/// an unreachable gateway → <see cref="ExitCodes.BadInputOrUnreachable"/>; a 400 from the gateway (its own input
/// checks) → <see cref="ExitCodes.BadInput"/>; any other error status → <see cref="ExitCodes.Rejected"/>.
/// </summary>
public sealed class ClientContext
{
    /// <summary>Default gateway URL (the silo's <c>serve</c> default).</summary>
    public const string DefaultGateway = "http://127.0.0.1:5080";

    /// <summary>Default account (the replay's account).</summary>
    public const string DefaultAccount = "SIM-1";

    /// <summary>Creates the context.</summary>
    /// <param name="output">Where tables and reports go.</param>
    /// <param name="error">Where error messages go.</param>
    /// <param name="connect">Creates a client for a gateway URL; a plain <see cref="GatewayClient"/> when null.</param>
    public ClientContext(IAnsiConsole output, IAnsiConsole error, Func<Uri, GatewayClient>? connect = null)
    {
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Error = error ?? throw new ArgumentNullException(nameof(error));
        Connect = connect ?? (uri => new GatewayClient(uri));
    }

    /// <summary>Where tables and reports go.</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Where error messages go.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Creates a client for a gateway URL.</summary>
    public Func<Uri, GatewayClient> Connect { get; }

    /// <summary>The global <c>--gateway</c> option.</summary>
    public Option<string> Gateway { get; } = new("--gateway")
    {
        Description = $"Gateway base URL of the silo (default {DefaultGateway}).",
        DefaultValueFactory = _ => DefaultGateway,
        Recursive = true,
    };

    /// <summary>The global <c>--account</c> option.</summary>
    public Option<string> Account { get; } = new("--account")
    {
        Description = $"Account to show or trade (default {DefaultAccount}).",
        DefaultValueFactory = _ => DefaultAccount,
        Recursive = true,
    };

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
            using var client = Connect(gateway);
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
            return Fail($"The gateway refused the input: {e.Error}", ExitCodes.BadInput);
        }
        catch (GatewayErrorException e)
        {
            return Fail(e.Message, ExitCodes.Rejected);
        }
    }
}
