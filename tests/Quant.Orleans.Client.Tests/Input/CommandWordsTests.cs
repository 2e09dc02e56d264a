using Quant.Orleans.Client.Input;

namespace Quant.Orleans.Client.Tests.Input;

public sealed class CommandWordsTests
{
    [Theory]
    [InlineData("order buy IBM 100", new[] { "order", "buy", "IBM", "100" })]
    [InlineData("  kill   --reason \"fat finger\"  --yes ", new[] { "kill", "--reason", "fat finger", "--yes" })]
    [InlineData("kill --reason=\"fat finger\"", new[] { "kill", "--reason=fat finger" })]
    [InlineData("kill --reason \"\"", new[] { "kill", "--reason", "" })]
    [InlineData("\t", new string[0])]
    public void QuotesGroupWordsAndBlanksSeparateThem(string line, string[] expected) =>
        Assert.Equal(expected, CommandWords.Split(line));

    [Theory]
    [InlineData("\"", 1)]
    [InlineData("\"order buy IBM 1", 1)]
    [InlineData("kill --reason \"fat finger", 15)]
    [InlineData("a \"b\" \"c", 7)]
    public void AnUnterminatedQuoteIsRefusedWithItsPosition(string line, int position)
    {
        var error = Assert.Throws<ClientInputException>(() => CommandWords.Split(line));

        Assert.Equal($"unterminated quote at character {position}: close it with another '\"'.", error.Message);
    }
}
