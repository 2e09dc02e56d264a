namespace Quant.Orleans.MarketData.Lean;

/// <summary>Single-letter venue codes (A-Z) used by Lean/AlgoSeek, mapped to array slots and cached strings.</summary>
public static class ExchangeCodes
{
    /// <summary>Number of codes ('A'..'Z').</summary>
    public const int Count = 26;

    private static readonly string[] Texts = CreateTexts();

    /// <summary>True when <paramref name="code"/> is 'A'..'Z'.</summary>
    public static bool IsValid(char code) => code is >= 'A' and <= 'Z';

    /// <summary>Slot 0..25 of <paramref name="code"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not 'A'..'Z'.</exception>
    public static int ToIndex(char code)
    {
        if (!IsValid(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Exchange code must be an upper-case letter A-Z.");
        }

        return code - 'A';
    }

    /// <summary>The cached one-character string of <paramref name="code"/> (no allocation).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not 'A'..'Z'.</exception>
    public static string ToText(char code) => Texts[ToIndex(code)];

    private static string[] CreateTexts()
    {
        var texts = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            texts[i] = ((char)('A' + i)).ToString();
        }

        return texts;
    }
}
