using System.Globalization;
using System.Text;

namespace Quant.Orleans.Trading.Journal;

/// <summary>The file-name rule of the grid's files (journal segments, grain-state records).</summary>
public static class FileNameEscaping
{
    /// <summary>Escapes <paramref name="name"/> for use in a file name: ASCII letters, digits, '-' and '_' stay; every
    /// other byte of its UTF-8 form becomes <c>%XX</c> (upper-case hex), so distinct names never share a file and no
    /// name can climb out of its folder (<c>..</c>, <c>/</c> are escaped).</summary>
    /// <param name="name">Any text.</param>
    /// <returns>The escaped text; empty for an empty name.</returns>
    public static string Escape(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
