using System.Diagnostics;
using System.Reflection;
using System.Text;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>
/// The real client console process (<c>dotnet quant.dll</c>) in interactive mode, driven through its standard input
/// like a person at a terminal: <see cref="RunAsync"/> types a line and waits for the next prompt; standard output
/// and error are read as they come. Disposing closes standard input (which ends the session) and kills the process if
/// it has not exited.
/// </summary>
internal sealed class ConsoleProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(20);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _readers;
    private readonly string _prompt;
    private int _prompts;

    private ConsoleProcess(Process process, string account)
    {
        _process = process;
        _prompt = $"quant {account}> ";
        _readers = Task.WhenAll(Pump(process.StandardOutput, _output), Pump(process.StandardError, _error));
    }

    /// <summary>Everything written to standard output so far.</summary>
    public string Output => Read(_output);

    /// <summary>Everything written to standard error so far.</summary>
    public string Error => Read(_error);

    /// <summary>Starts <c>quant --gateway <paramref name="gateway"/> --account <paramref name="account"/></c> (no
    /// command: the interactive session) and waits for its first prompt.</summary>
    public static async Task<ConsoleProcess> StartAsync(string gateway, string account, TimeSpan limit)
    {
        var configuration = typeof(ConsoleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value;
        var dll = Path.Combine(TestData.RepositoryRoot, "Client", "bin", configuration!, "net10.0", "quant.dll");
        Assert.True(File.Exists(dll), $"Client build output not found at '{dll}'.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { dll, "--gateway", gateway, "--account", account })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("QUANT_GATEWAY_TOKEN");
        var console = new ConsoleProcess(Process.Start(start)!, account);
        await console.WaitForPromptsAsync(1, limit, "the first prompt");
        return console;
    }

    /// <summary>Types <paramref name="line"/> and waits for the next prompt; returns what the command wrote to
    /// standard output (after the echoed line, before the prompt).</summary>
    public async Task<string> RunAsync(string line, TimeSpan limit)
    {
        var start = Output.Length;
        await SendAsync(line);
        await WaitForPromptsAsync(_prompts + 1, limit, $"the prompt after '{line}'");
        var text = Output[start..];
        var echoed = line.Length == 0 ? -1 : text.IndexOf(line + "\n", StringComparison.Ordinal);
        var body = echoed < 0 ? text : text[(echoed + line.Length + 1)..];
        return body.EndsWith(_prompt, StringComparison.Ordinal) ? body[..^_prompt.Length] : body;
    }

    /// <summary>Types <paramref name="line"/> without waiting.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until standard output (from <paramref name="from"/>) contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan limit, int from = 0) =>
        WaitAsync(() => Output.IndexOf(text, from, StringComparison.Ordinal) >= 0, limit, $"'{text}' on standard output");

    /// <summary>Waits until standard error (from <paramref name="from"/>) contains <paramref name="text"/> (it comes
    /// through its own pipe, so it may arrive after the prompt that followed it).</summary>
    public Task WaitForErrorAsync(string text, TimeSpan limit, int from = 0) =>
        WaitAsync(() => Error.IndexOf(text, from, StringComparison.Ordinal) >= 0, limit, $"'{text}' on standard error");

    /// <summary>Types <c>exit</c> and waits for the process to end; returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan limit)
    {
        await SendAsync("exit");
        await _process.WaitForExitAsync().WaitAsync(limit);
        await _readers.WaitAsync(limit);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    public override string ToString() => $"--- console stdout ---\n{Output}\n--- console stderr ---\n{Error}";

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    private static string Read(StringBuilder from)
    {
        lock (from)
        {
            return from.ToString();
        }
    }

    private async Task WaitForPromptsAsync(int count, TimeSpan limit, string what)
    {
        await WaitAsync(() => Count(Output, _prompt) >= count, limit, what);
        _prompts = Count(Output, _prompt);
    }

    private async Task WaitAsync(Func<bool> done, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.False(_process.HasExited && _readers.IsCompleted && !done(), $"The console exited (code {(_process.HasExited ? _process.ExitCode : 0)}) while waiting for {what}.\n{this}");
            Assert.True(clock.Elapsed < limit, $"Waited {limit.TotalSeconds:0} s for {what}.\n{this}");
            await Task.Delay(PollDelay);
        }
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
