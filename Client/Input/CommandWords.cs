using System.Text;

namespace Quant.Orleans.Client.Input;

/// <summary>
/// Splits a line of the interactive session into words: blanks separate words; double quotes group words with their
/// blanks (<c>--reason "fat finger"</c> is two words, <c>fat finger</c> one) and may sit inside a word
/// (<c>--reason="fat finger"</c>); <c>""</c> is an empty word. There are no escapes: a quote cannot be part of a word.
/// </summary>
public static class CommandWords
{
    /// <summary>The words of <paramref name="line"/>; none for a blank line.</summary>
    /// <exception cref="ClientInputException">A quote is not closed; the message names its position (1-based).</exception>
    public static IReadOnlyList<string> Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var openQuote = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (openQuote >= 0)
            {
                if (c == '"')
                {
                    openQuote = -1;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c == '"')
            {
                openQuote = i;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (openQuote >= 0)
        {
            throw new ClientInputException($"unterminated quote at character {openQuote + 1}: close it with another '\"'.");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
