using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// The hand-written reference for a request/response hop: callers write a request to an unbounded
/// <see cref="Channel{T}"/>, consumer tasks read it and complete the caller's reusable
/// <see cref="IValueTaskSource{TResult}"/> (a versioned <see cref="ManualResetValueTaskSourceCore{TResult}"/>), so a
/// round trip allocates nothing. Continuations run inline, as in the grid.
/// </summary>
public sealed class ChannelPingServer : IAsyncDisposable
{
    private readonly Channel<PingRequest> _channel;
    private readonly Task[] _consumers;

    public ChannelPingServer(int consumers)
    {
        _channel = Channel.CreateUnbounded<PingRequest>(new UnboundedChannelOptions
        {
            SingleReader = consumers == 1,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _consumers = new Task[consumers];
        for (var i = 0; i < consumers; i++)
        {
            _consumers[i] = Task.Run(ConsumeAsync);
        }
    }

    /// <summary>Sends <paramref name="x"/> with the caller's own request object; completes with <c>x + 1</c>.</summary>
    public static ValueTask<int> PingAsync(ChannelPingServer server, PingRequest request, int x)
    {
        request.Reset(x);
        if (!server._channel.Writer.TryWrite(request))
        {
            throw new InvalidOperationException("The ping channel is closed.");
        }

        return request.AsValueTask();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await Task.WhenAll(_consumers).ConfigureAwait(false);
    }

    private async Task ConsumeAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                request.SetResult(request.Argument + 1);
            }
        }
    }
}

/// <summary>A reusable request: one per caller, reset before each send.</summary>
public sealed class PingRequest : IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _core;

    public PingRequest() => _core.RunContinuationsAsynchronously = false;

    public int Argument { get; private set; }

    public void Reset(int x)
    {
        _core.Reset();
        Argument = x;
    }

    public ValueTask<int> AsValueTask() => new(this, _core.Version);

    public void SetResult(int result) => _core.SetResult(result);

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
