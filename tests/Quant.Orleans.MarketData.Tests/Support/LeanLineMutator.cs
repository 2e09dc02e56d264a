using System.Text;

namespace Quant.Orleans.MarketData.Tests.Support;

/// <summary>Mutations of a valid Lean line for the fuzz tests: bit flips, truncations, field swaps, extreme numbers,
/// empty fields, non-ASCII text, very long fields, missing and extra fields, stray whitespace and random bytes.</summary>
public static class LeanLineMutator
{
    private static readonly string[] Extremes =
    [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999", "-1", "-0", "0",
        "+1", "00000000000000000001", "1e10", "1.5", "0x1F", "NaN", "Infinity", "-", "+", "922337203685477", "922337203685476",
        "-922337203685476", "92233720368", "92233720367", "86399999", "86400000", "FFFFFFFF", "100000000", "4294967295",
        "\u0663", "\uFF11", "1\u00A0", "2147483648", "00000000", "Z", "a", "AB", "2", "99991231 23:59", "00010101 00:00",
        "20131301 00:00", "20130229 00:00", "20131007 24:00", "1.123456789", "-0.00000001", "100000000000", "922337203685",
        "92233720368.54775807", "92233720368.54775808", "-92233720368.54775808", ".5", "5.", "-.5", "16770921 00:00",
        "22620411 00:00", "00130101 00:00",
    ];

    private static readonly string[] NonAscii = ["é", "\u00A0", "日本", "\uFEFF", "\0", "\u007F", "𝟙", "\u202E", "\u0660"];

    /// <summary>One mutation of a valid line.</summary>
    public static byte[] Mutate(byte[] line, DeterministicRandom r, out string what)
    {
        var fields = Encoding.ASCII.GetString(line).Split(',').ToList();
        int Field() => r.NextInt(fields.Count);
        byte[] Joined() => Encoding.UTF8.GetBytes(string.Join(',', fields));
        switch (r.NextInt(10))
        {
            case 0:
                what = "bit flips";
                var flipped = (byte[])line.Clone();
                for (var n = 1 + r.NextInt(3); n > 0; n--)
                {
                    flipped[r.NextInt(flipped.Length)] ^= (byte)(1 << r.NextInt(8));
                }

                return flipped;
            case 1:
                what = "truncation";
                return line[..r.NextInt(line.Length)];
            case 2:
                what = "field swap";
                var (a, b) = (Field(), Field());
                (fields[a], fields[b]) = (fields[b], fields[a]);
                return Joined();
            case 3:
                what = "extreme number";
                fields[Field()] = Extremes[r.NextInt(Extremes.Length)];
                return Joined();
            case 4:
                what = "empty field";
                fields[Field()] = string.Empty;
                return Joined();
            case 5:
                what = "non-ASCII";
                var text = Encoding.ASCII.GetString(line);
                return Encoding.UTF8.GetBytes(text.Insert(r.NextInt(text.Length + 1), NonAscii[r.NextInt(NonAscii.Length)]));
            case 6:
                what = "very long field";
                var length = r.NextInt(200) == 0 ? (1 << 20) + 10 : 100 + r.NextInt(20_000);
                fields[Field()] = new string(r.NextInt(2) == 0 ? '7' : 'x', length);
                return Joined();
            case 7:
                what = "missing or extra field";
                switch (r.NextInt(4))
                {
                    case 0:
                        fields.RemoveAt(Field());
                        break;
                    case 1:
                        fields.Insert(Field(), fields[Field()]);
                        break;
                    case 2:
                        fields.Add(string.Empty);
                        break;
                    default:
                        fields.Insert(0, string.Empty);
                        break;
                }

                return Joined();
            case 8:
                what = "whitespace";
                var plain = Encoding.ASCII.GetString(line);
                return Encoding.ASCII.GetBytes(plain.Insert(r.NextInt(plain.Length + 1), r.NextInt(4) switch { 0 => " ", 1 => "\t", 2 => "\r", _ => "\n" }));
            default:
                what = "random bytes";
                var random = new byte[r.NextInt(64)];
                for (var i = 0; i < random.Length; i++)
                {
                    random[i] = (byte)r.NextInt(256);
                }

                return random;
        }
    }
}
