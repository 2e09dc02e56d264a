using System.Runtime.CompilerServices;
using System.Text;

namespace Quant.Orleans.Client.Gateway;

/// <summary>
/// Reads a <c>text/event-stream</c> body into <see cref="GatewayEvent"/>s, following the WHATWG HTML standard's
/// "Interpreting an event stream" (§9.2.6): lines end with CRLF, LF or CR; a line starting with ':' is a comment
/// (the gateway's keep-alive); <c>field: value</c> with one leading space of the value removed; <c>event</c> sets the
/// name, each <c>data</c> line is appended with '\n'; a blank line dispatches the event (its data less the final
/// '\n') unless no data line came;
/// <c>id</c>, <c>retry</c> and unknown fields are ignored; an unterminated event at the end of the stream is
/// discarded.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>The events of <paramref name="reader"/> in order, until the stream ends or
    /// <paramref name="cancellationToken"/> is cancelled (which throws <see cref="OperationCanceledException"/>).</summary>
    public static async IAsyncEnumerable<GatewayEvent> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return new GatewayEvent(string.IsNullOrEmpty(name) ? "message" : name, data.ToString(0, data.Length - 1));
                }

                name = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    data.Append(value).Append('\n');
                    break;
                default:
                    break;
            }
        }
    }
}
