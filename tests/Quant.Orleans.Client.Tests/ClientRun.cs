using Quant.Orleans.Client.Commands;
using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Client.Input;

namespace Quant.Orleans.Client.Tests;

/// <summary>Runs the client's command entry point in-process and captures its exit code, output and errors.</summary>
internal sealed record ClientRun(int ExitCode, string Output, string Error, int Connections)
{
    /// <summary>Runs <paramref name="args"/> against real HTTP (no standard input).</summary>
    public static Task<ClientRun> InvokeAsync(params string[] args) => WithReaderAsync(null, null, args);

    /// <summary>Runs <paramref name="args"/> with <paramref name="input"/> as standard input and, when
    /// <paramref name="handler"/> is given, every request answered by it instead of the network.</summary>
    public static Task<ClientRun> WithStubAsync(StubGateway? handler, string? input, params string[] args) =>
        WithReaderAsync(handler, input is null ? null : new StringReader(input), args);

    /// <summary>Runs <paramref name="args"/> with <paramref name="input"/> as standard input (none when null).</summary>
    public static async Task<ClientRun> WithReaderAsync(StubGateway? handler, TextReader? input, params string[] args)
    {
        var output = new CapturedConsole();
        var error = new CapturedConsole();
        var connections = 0;
        var context = new ClientContext(
            output.Console,
            error.Console,
            (uri, token) =>
            {
                Interlocked.Increment(ref connections);
                return new GatewayClient(uri, TimeSpan.FromSeconds(10), token, handler?.Handler());
            },
            input is null ? LineSource.Empty : new LineSource(input),
            _ => null)
        {
            EchoInput = true,
        };
        var code = await ClientCommandLine.RunAsync(args, context);
        return new ClientRun(code, output.Text, error.Text, connections);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
