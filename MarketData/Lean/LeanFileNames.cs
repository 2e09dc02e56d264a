using System.Globalization;

namespace Quant.Orleans.MarketData.Lean;

/// <summary>Parses the date out of Lean file names such as <c>20131007_quote.zip</c>.</summary>
public static class LeanFileNames
{
    /// <summary>The date encoded by the first 8 characters (yyyyMMdd) of the file name of <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The file name does not start with a valid yyyyMMdd date.</exception>
    public static DateOnly DateFromPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path.AsSpan());
        if (name.Length < 8 || !DateOnly.TryParseExact(name[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ArgumentException($"File name of '{path}' does not start with a yyyyMMdd date; pass the date explicitly.", nameof(path));
        }

        return date;
    }

    /// <summary>The yyyyMMdd text of <paramref name="date"/>.</summary>
    public static string DateText(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
