using Quant.Orleans.Client.Gateway;

namespace Quant.Orleans.Client.Tests.Gateway;

public sealed class ServerSentEventsTests
{
    [Fact]
    public async Task EventsFollowTheEventStreamRules()
    {
        // WHATWG HTML §9.2.6: comments skipped, one leading space removed, data lines joined with \n, no name →
        // "message", CRLF and CR line ends, a field without a colon (an empty value: data "" is still dispatched),
        // id/retry ignored, an event without data not dispatched, an unterminated event at the end discarded.
        const string stream = ": keep-alive\n\nevent: fill\ndata: {\"a\":1}\n\n"
            + "data:first\r\ndata:  second\r\nid: 7\r\nretry: 100\r\n\r\n"
            + "event: order\rdata\r\r"
            + "event: nothing\n\n"
            + "event: cut\ndata: lost";

        var events = new List<GatewayEvent>();
        await foreach (var e in ServerSentEvents.ReadAsync(new StringReader(stream)))
        {
            events.Add(e);
        }

        Assert.Equal(
            [new GatewayEvent("fill", "{\"a\":1}"), new GatewayEvent("message", "first\n second"), new GatewayEvent("order", string.Empty)],
            events);
    }

    [Fact]
    public async Task EachDataLineAddsALine()
    {
        // Two empty data lines: the buffer "\n\n" less its final newline.
        var events = new List<GatewayEvent>();
        await foreach (var e in ServerSentEvents.ReadAsync(new StringReader("event: x\ndata\ndata\n\n")))
        {
            events.Add(e);
        }

        Assert.Equal([new GatewayEvent("x", "\n")], events);
    }

    [Fact]
    public async Task CancellationEndsTheReading()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in ServerSentEvents.ReadAsync(new StringReader("data: 1\n\n"), cancelled.Token))
            {
                Assert.Fail("no event after cancellation");
            }
        });
    }
}
