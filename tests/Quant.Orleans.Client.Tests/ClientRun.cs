using Quant.Orleans.Client.Commands;
using Quant.Orleans.Client.Gateway;

namespace Quant.Orleans.Client.Tests;

/// <summary>Runs the client's command entry point in-process and captures its exit code, output and errors.</summary>
internal sealed record ClientRun(int ExitCode, string Output, string Error, int Connections)
{
    public static async Task<ClientRun> InvokeAsync(params string[] args)
    {
        var output = new CapturedConsole();
        var error = new CapturedConsole();
        var connections = 0;
        var context = new ClientContext(output.Console, error.Console, uri =>
        {
            Interlocked.Increment(ref connections);
            return new GatewayClient(uri, TimeSpan.FromSeconds(10));
        });
        var code = await ClientCommandLine.RunAsync(args, context);
        return new ClientRun(code, output.Text, error.Text, connections);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
