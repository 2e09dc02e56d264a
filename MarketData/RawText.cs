using System.Globalization;
using System.Text;

namespace Quant.Orleans.MarketData;

/// <summary>Shows raw bytes of a data file as plain, bounded text, for error messages and quarantine records.</summary>
internal static class RawText
{
    /// <summary>
    /// Printable ASCII as is; every other byte (control characters, bytes of non-ASCII text) and the backslash as
    /// <c>\xNN</c>, so the text is plain ASCII and the bytes can be recovered; at most <paramref name="maxBytes"/>
    /// bytes, a longer input ending in <c>...(N bytes)</c> with its full length.
    /// </summary>
    public static string Format(ReadOnlySpan<byte> raw, int maxBytes)
    {
        var kept = raw.Length > maxBytes ? raw[..maxBytes] : raw;
        var text = new StringBuilder(kept.Length + 16);
        foreach (var b in kept)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        if (kept.Length < raw.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"...({raw.Length} bytes)");
        }

        return text.ToString();
    }
}
