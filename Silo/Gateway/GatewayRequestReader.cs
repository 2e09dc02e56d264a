using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>The outcome of reading a request body: the request, or the HTTP status and the message of the refusal.</summary>
/// <typeparam name="T">The request type.</typeparam>
/// <param name="Value">The request; null when refused.</param>
/// <param name="Status">400, or 413 for a body over <see cref="RequestRules.MaxBodyBytes"/>; 0 when read.</param>
/// <param name="Problem">Why it was refused, naming the field or the position; null when read.</param>
public readonly record struct RequestRead<T>(T? Value, int Status, string? Problem)
    where T : class;

/// <summary>
/// Reads a gateway request body (<see cref="NewOrderRequest"/>, <see cref="ReplaceRequest"/>, <see cref="KillRequest"/>,
/// <see cref="ResumeRequest"/>) before <see cref="GatewayJson.RequestOptions"/> binds it, so that every refusal names
/// the field or the position and carries no serializer text (type names, paths of internals):
/// <list type="number">
/// <item>the body has at most <see cref="RequestRules.MaxBodyBytes"/> bytes (413 otherwise) and is valid UTF-8 (a
/// leading byte-order mark is skipped);</item>
/// <item>it is one JSON object (syntax errors are named by line and byte; at most 64 levels deep);</item>
/// <item>each field is one of the request type's (an unknown field is refused with its name and the known ones), is
/// given once, and has the field's JSON type: a string of at most <see cref="RequestRules.MaxTextLength"/> characters
/// for text, a number that a <see cref="decimal"/> holds for quantities and prices (else the rule of
/// <see cref="RequestRules"/> it breaks); <c>null</c> is the same as absent.</item>
/// </list>
/// Values sent back in messages are capped (<see cref="RequestRules.Echo"/>). The semantic rules (required fields,
/// ranges, enumerations) are <see cref="OrderTicket"/>'s.
/// </summary>
public static class GatewayRequestReader
{
    private const int ChunkBytes = 16 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Reads and checks the body; an empty body is <paramref name="empty"/>'s value, or a 400 when
    /// <paramref name="empty"/> is null.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="empty">The request an empty body stands for; null when a body is required.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public static async Task<RequestRead<T>> ReadAsync<T>(Stream body, Func<T>? empty, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > RequestRules.MaxBodyBytes)
                {
                    return new(null, 413, $"The request body has more than {RequestRules.MaxBodyBytes} bytes; a request is a small JSON object.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), empty);
    }

    /// <summary>Checks <paramref name="utf8"/> and binds it (see <see cref="ReadAsync{T}"/>).</summary>
    public static RequestRead<T> Read<T>(ReadOnlySpan<byte> utf8, Func<T>? empty)
        where T : class
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..]; // a UTF-8 byte-order mark is allowed before the JSON text (RFC 8259, section 8.1)
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return empty is not null
                ? new(empty(), 0, null)
                : Refuse<T>("The request needs a JSON object body, got an empty body (line 1, byte 1).");
        }

        if (!Utf8.IsValid(utf8))
        {
            _ = Utf8.ToUtf16(utf8, new char[utf8.Length], out var valid, out _, replaceInvalidSequences: false);
            var (line, column) = Position(utf8, valid);
            return Refuse<T>($"Malformed JSON at line {line}, byte {column}: the body is not valid UTF-8 text.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            return Refuse<T>($"Malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {Detail(e.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Refuse<T>($"The request body must be a JSON object, got {Kind(root.ValueKind)}.");
            }

            var info = GatewayJson.RequestOptions.GetTypeInfo(typeof(T));
            if (CheckFields(root, info) is { } problem)
            {
                return Refuse<T>(problem);
            }

            try
            {
                return root.Deserialize<T>(GatewayJson.RequestOptions) is { } value
                    ? new(value, 0, null)
                    : Refuse<T>("The request body must be a JSON object, got null.");
            }
            catch (JsonException e)
            {
                // Not expected after the checks above; still a 400 naming where, without the serializer's text.
                return Refuse<T>($"The request body does not fit the request at {Field(e.Path)}.");
            }
        }
    }

    /// <summary>Null when every field of <paramref name="root"/> is known, given once and of its type; else why not.</summary>
    private static string? CheckFields(JsonElement root, JsonTypeInfo info)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in root.EnumerateObject())
        {
            if (Text(() => property.Name) is not { } name)
            {
                return "A field name of the request body has an invalid \\u escape (a lone surrogate).";
            }

            var field = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                return $"unknown field {RequestRules.Echo(name)}: the fields are {string.Join(", ", info.Properties.Select(p => p.Name))}.";
            }

            if (!seen.Add(field.Name))
            {
                return $"{field.Name} appears twice; give each field once.";
            }

            if (CheckValue(field, property.Value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckValue(JsonPropertyInfo field, JsonElement value)
    {
        var name = field.Name;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.PropertyType == typeof(string))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return $"{name} must be a JSON string, got {Kind(value.ValueKind)}{Sample(value)}.";
            }

            if (Text(value.GetString) is not { } text)
            {
                return $"{name} has an invalid \\u escape (a lone surrogate).";
            }

            return text.Length > RequestRules.MaxTextLength
                ? $"{name} must have at most {RequestRules.MaxTextLength} characters, got {RequestRules.Echo(text)}."
                : null;
        }

        if (field.PropertyType == typeof(decimal) || field.PropertyType == typeof(decimal?))
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                return $"{name} must be a JSON number, got {Kind(value.ValueKind)}{Sample(value)}.";
            }

            var raw = value.GetRawText();
            if (!value.TryGetDecimal(out var number))
            {
                return $"{name} {Unrepresentable(name, raw)}, got {RequestRules.Echo(raw)}.";
            }

            // A decimal keeps 28-29 significant digits and rounds the rest away: a value within the maximum with more
            // digits than that has more decimal places than the rule allows, whatever it rounded to.
            return SignificantDigits(raw) > 28 && Math.Abs(number) <= Math.Max(RequestRules.MaxQuantity, RequestRules.MaxPrice)
                ? $"{name} must have at most {RequestRules.MaxDecimals} decimal places, got {RequestRules.Echo(raw)}."
                : null;
        }

        return null;
    }

    /// <summary>The rule a JSON number breaks when no <see cref="decimal"/> holds it (beyond ±7.9e28, or more
    /// significant digits than 28 below one).</summary>
    private static string Unrepresentable(string name, string raw)
    {
        if (raw.StartsWith('-'))
        {
            return "must be positive";
        }

        var magnitude = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture); // a JSON number: +∞ when too large
        return magnitude >= 1 ? $"must be at most {RequestRules.Show(name == "quantity" ? RequestRules.MaxQuantity : RequestRules.MaxPrice)}" : $"must have at most {RequestRules.MaxDecimals} decimal places";
    }

    /// <summary>Digits of a JSON number's mantissa without leading and trailing zeros.</summary>
    private static int SignificantDigits(string raw)
    {
        var end = raw.AsSpan().IndexOfAny('e', 'E');
        var digits = 0;
        var first = -1;
        var last = -1;
        foreach (var c in end < 0 ? raw.AsSpan() : raw.AsSpan(0, end))
        {
            if (char.IsAsciiDigit(c))
            {
                if (c != '0')
                {
                    first = first < 0 ? digits : first;
                    last = digits;
                }

                digits++;
            }
        }

        return first < 0 ? 0 : last - first + 1;
    }

    private static string Sample(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Text(value.GetString) is { } s ? $" ({RequestRules.Echo(s)})" : string.Empty,
        JsonValueKind.Number => $" ({RequestRules.Echo(value.GetRawText())})",
        _ => string.Empty,
    };

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>The text, or null when JSON escapes made it invalid UTF-16 (a lone surrogate).</summary>
    private static string? Text(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The reader's sentence without its own position suffix, at most 200 characters.</summary>
    private static string Detail(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (end < 0 ? message : message[..end]).Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private static string Field(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "the top level" : RequestRules.Echo(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path);

    /// <summary>1-based line and byte in the line of the byte at <paramref name="offset"/>.</summary>
    private static (int Line, int Byte) Position(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..offset];
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, offset - lastNewline);
    }

    private static RequestRead<T> Refuse<T>(string problem)
        where T : class => new(null, 400, problem);
}
