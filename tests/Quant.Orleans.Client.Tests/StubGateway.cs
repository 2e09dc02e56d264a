using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Quant.Orleans.Client.Tests;

/// <summary>
/// Client-side test double of the gateway: answers each request with a recorded JSON body (written from the HTTP
/// contract) chosen by method and path, and records every request (method, path with query, body, Authorization
/// header). It tests the client's requests and its parsing of answers, not the silo.
/// </summary>
internal sealed class StubGateway
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Dictionary<string, (HttpStatusCode Status, string Body, string ContentType)> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Initial, ManualResetEventSlim Hung)> _streams = new(StringComparer.Ordinal);

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Answers <paramref name="method"/> <paramref name="pathAndQuery"/> (e.g. <c>GET /api/risk/SIM-1</c>).</summary>
    public StubGateway On(string method, string pathAndQuery, string body, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/json")
    {
        _answers[$"{method} {pathAndQuery}"] = (status, body, contentType);
        return this;
    }

    /// <summary>Answers <c>GET</c> <paramref name="pathAndQuery"/> with a <c>text/event-stream</c> that sends
    /// <paramref name="initial"/>, then sets <paramref name="hung"/> and waits until the client cancels.</summary>
    public StubGateway OnStream(string pathAndQuery, string initial, ManualResetEventSlim hung)
    {
        _streams[$"GET {pathAndQuery}"] = (initial, hung);
        return this;
    }

    public HttpMessageHandler Handler() => new StubHandler(this);

    private sealed class StubHandler(StubGateway owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var key = $"{request.Method} {request.RequestUri!.PathAndQuery}";
            owner._requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri.PathAndQuery, body, request.Headers.Authorization?.ToString()));
            if (owner._streams.TryGetValue(key, out var stream))
            {
                var content = new StreamContent(new HangingStream(Encoding.UTF8.GetBytes(stream.Initial), stream.Hung));
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            }

            if (!owner._answers.TryGetValue(key, out var answer))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"{{\"error\":\"no stub for {key}\"}}", Encoding.UTF8, "application/json") };
            }

            return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8, answer.ContentType) };
        }
    }
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, string? Authorization);

/// <summary>A read-only stream that returns its bytes, then signals and waits for cancellation (an open event stream
/// with no more events).</summary>
internal sealed class HangingStream(byte[] bytes, ManualResetEventSlim hung) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < bytes.Length)
        {
            var count = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        hung.Set();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Standard input whose lines become readable only once <paramref name="gate"/> is set.</summary>
internal sealed class GatedReader(WaitHandle gate, string text) : TextReader
{
    private readonly StringReader _lines = new(text);

    public override string? ReadLine()
    {
        gate.WaitOne();
        return _lines.ReadLine();
    }
}

