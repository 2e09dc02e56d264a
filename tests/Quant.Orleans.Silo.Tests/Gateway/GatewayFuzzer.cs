using System.Text;
using Quant.Orleans.Core;

namespace Quant.Orleans.Silo.Tests.Gateway;

/// <summary>One fuzzed request: the endpoint's name, the path it is posted to, the body and the mutations applied.</summary>
internal sealed record FuzzCase(int Index, string Endpoint, string Path, byte[] Body, string Mutations)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Body);
        return $"#{Index} {Endpoint} {Path} [{Mutations}] {(text.Length <= 300 ? text : text[..300] + $"…({text.Length} chars)")}";
    }
}

/// <summary>
/// Seeded generator of hostile bodies for the gateway's order, replace, kill and resume endpoints: a valid body of the
/// endpoint (one case in ten is left valid) gets one to three mutations — structural ones (field swaps, renamed,
/// removed, unknown and duplicate keys, wrong JSON types, extreme numbers, huge strings and keys, deep nesting, invalid
/// escapes, other top-level values) and byte-level ones (bit flips, truncations, inserted, deleted and repeated bytes,
/// a byte-order mark).
/// </summary>
internal sealed class GatewayFuzzer(ulong seed, string orders, string[] replaceTargets)
{
    private static readonly string[] ExtremeNumbers =
    [
        "1e21", "1e30", "1e400", "-1e400", "-0", "0", "0.5", "1.5", "1e-30", "0.000000001", "-5", "5000", "5001", "1E9",
        "92233720368.54775807", "92233720368.54775808", "79228162514264337593543950335", "79228162514264337593543950336",
        "-79228162514264337593543950336", "1000000000", "1000000000.00000001", "999999999.99999999", "1.0000000000000000000000000000001",
        "123456789012345678901234567890.123", "1" + new string('0', 5_000), "0." + new string('0', 5_000) + "1", "100.10000000",
    ];

    private static readonly string[] WrongTypes =
        ["true", "false", "null", "[]", "{}", "\"x\"", "\"100\"", "\"NaN\"", "\"Infinity\"", "123", "[1,2]", "{\"a\":1}", "\"\"", "\"buy\""];

    private static readonly string[] UnknownKeys =
        ["\"limit\"", "\"qty\"", "\"price\"", "\"acount\"", "\"sate\"", "\"\"", "\"__proto__\"", "\"clordid \"", "\"LIMIT_PRICE\"", "\"symbol\\u0000\""];

    private static readonly string[] Bodies =
        ["", " ", "null", "[]", "{}", "\"s\"", "0", "{", "}", "[{}]", "{\"a\"}", "{,}", "{\"symbol\":}", "\u00ff", "tru", "{\"x\":1}{}"];

    private static readonly string[] Texts =
        ["\"\\ud800\"", "\"\\u0000\"", "\"IBM\\u0000\"", "\"Ü\"", "\"😀\"", "\"I BM\"", "\"a/b\"", "\"\\\"\"", "\"stop_limit\"", "\"GTC\"", "\"SELL\""];

    private readonly DeterministicRandom _random = new(seed);
    private int _ids;

    /// <summary>The next case.</summary>
    public FuzzCase Next(int index)
    {
        var roll = _random.NextInt(20);
        var (endpoint, path, fields) = roll switch
        {
            < 10 => ("order", orders, Order()),
            < 14 => ("replace", $"{orders}/{Pick(replaceTargets)}/replace", Replace()),
            < 17 => ("kill", "/api/risk/kill", Kill()),
            _ => ("resume", "/api/risk/resume", Resume()),
        };

        var applied = new List<string>();
        byte[]? body = null;
        var mutations = _random.NextInt(10) == 0 ? 0 : 1 + _random.NextInt(3);
        for (var m = 0; m < mutations; m++)
        {
            if (body is null && _random.NextInt(4) != 0)
            {
                applied.Add(MutateFields(fields));
            }
            else
            {
                body ??= Render(fields);
                (body, var name) = MutateBytes(body);
                applied.Add(name);
            }
        }

        return new FuzzCase(index, endpoint, path, body ?? Render(fields), string.Join(", ", applied));
    }

    private List<(string Key, string Value)> Order()
    {
        var type = _random.NextInt(4);
        var fields = new List<(string, string)>
        {
            ("\"clOrdId\"", Json($"fz-{++_ids}")),
            ("\"symbol\"", Json(Pick(["IBM", "ibm", "BTC/USD", "ZZZZ"]))),
            ("\"side\"", Json(Pick(["buy", "sell", "Buy"]))),
            ("\"quantity\"", Pick(["1", "10", "100", "0.5", "25"])),
            ("\"ordType\"", Json(new[] { "market", "limit", "stop", "stopLimit" }[type])),
        };
        if (type is 1 or 3)
        {
            fields.Add(("\"limitPrice\"", Pick(["99.5", "99.97", "100.01", "98"])));
        }

        if (type is 2 or 3)
        {
            fields.Add(("\"stopPrice\"", Pick(["101", "99", "100.5"])));
        }

        if (_random.NextInt(2) == 0)
        {
            fields.Add(("\"timeInForce\"", Json(Pick(["day", "gtc", "ioc", "fok"]))));
        }

        return fields;
    }

    private List<(string Key, string Value)> Replace() =>
    [
        ("\"clOrdId\"", Json($"fz-r{++_ids}")),
        ("\"quantity\"", Pick(["20", "15", "1"])),
        ("\"limitPrice\"", Pick(["99.6", "99.4"])),
    ];

    private List<(string Key, string Value)> Kill() => _random.NextInt(3) == 0
        ? [("\"reason\"", Json("fuzz"))]
        : [("\"account\"", Json(Pick(["SIM-1", "NOBODY"]))), ("\"reason\"", Json("fuzz kill"))];

    private List<(string Key, string Value)> Resume() =>
        [("\"account\"", Json("SIM-1")), ("\"state\"", Json(Pick(["active", "reducing", "Active"]))), ("\"reason\"", Json("fuzz resume"))];

    private string MutateFields(List<(string Key, string Value)> fields)
    {
        var i = fields.Count == 0 ? -1 : _random.NextInt(fields.Count);
        switch (_random.NextInt(11))
        {
            case 0 when fields.Count >= 2:
                var j = _random.NextInt(fields.Count);
                (fields[i], fields[j]) = ((fields[i].Key, fields[j].Value), (fields[j].Key, fields[i].Value));
                return "swap values";
            case 1 when i >= 0:
                var key = fields[i].Key;
                fields[i] = (key.Length > 3 ? key.Remove(1 + _random.NextInt(key.Length - 2), 1) : "\"k\"", fields[i].Value);
                return "misspell key";
            case 2 when i >= 0:
                fields[i] = (fields[i].Key, Pick(ExtremeNumbers));
                return "extreme number";
            case 3 when i >= 0:
                fields[i] = (fields[i].Key, Pick(WrongTypes));
                return "wrong type";
            case 4 when i >= 0:
                fields.Insert(_random.NextInt(fields.Count + 1), (_random.NextInt(2) == 0 ? fields[i].Key : fields[i].Key.ToUpperInvariant(), Pick([fields[i].Value, .. WrongTypes])));
                return "duplicate key";
            case 5:
                var huge = Json(new string((char)('A' + _random.NextInt(26)), Pick([257, 5_000, 100_000])));
                if (i >= 0 && _random.NextInt(3) != 0)
                {
                    fields[i] = (fields[i].Key, huge);
                }
                else
                {
                    fields.Add((huge, "1"));
                }

                return "huge string";
            case 6 when i >= 0:
                var depth = Pick([2, 63, 65, 1_000, 50_000]);
                fields[i] = (fields[i].Key, _random.NextInt(2) == 0 ? new string('[', depth) + "1" + new string(']', depth) : Nest(depth));
                return $"nesting {depth}";
            case 7 when i >= 0:
                fields.RemoveAt(i);
                return "remove field";
            case 8:
                fields.Insert(i < 0 ? 0 : i, (Pick(UnknownKeys), Pick(["180", "\"x\"", "null"])));
                return "unknown key";
            case 9 when i >= 0:
                fields[i] = (fields[i].Key, Pick(Texts));
                return "odd text";
            default:
                fields.Clear();
                fields.Add(("", Pick(Bodies)));
                return "other body";
        }
    }

    private (byte[] Body, string Name) MutateBytes(byte[] body)
    {
        if (body.Length == 0)
        {
            return ("{"u8.ToArray(), "grow empty");
        }

        var at = _random.NextInt(body.Length);
        switch (_random.NextInt(6))
        {
            case 0:
                var flipped = (byte[])body.Clone();
                for (var k = 1 + _random.NextInt(4); k > 0; k--)
                {
                    flipped[_random.NextInt(flipped.Length)] ^= (byte)(1 << _random.NextInt(8));
                }

                return (flipped, "bit flips");
            case 1:
                return (body[..at], $"truncate at {at}");
            case 2:
                return ([.. body[..at], (byte)_random.NextInt(256), .. body[at..]], "insert byte");
            case 3:
                return ([.. body[..at], .. body[(at + 1)..]], "delete byte");
            case 4:
                var end = Math.Min(body.Length, at + 1 + _random.NextInt(20));
                return ([.. body[..end], .. body[at..end], .. body[end..]], "repeat span");
            default:
                return ([0xEF, 0xBB, 0xBF, .. body], "byte-order mark");
        }
    }

    private static byte[] Render(List<(string Key, string Value)> fields) =>
        Encoding.UTF8.GetBytes(fields is [("", var whole)] ? whole : "{" + string.Join(",", fields.Select(f => $"{f.Key}:{f.Value}")) + "}");

    private static string Nest(int depth)
    {
        var text = new StringBuilder();
        for (var d = 0; d < depth; d++)
        {
            text.Append("{\"a\":");
        }

        return text.Append('1').Append('}', depth).ToString();
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private T Pick<T>(T[] values) => values[_random.NextInt(values.Length)];
}
