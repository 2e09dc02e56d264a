using Quant.Orleans.Core;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>A grain state with the kinds of values the grid persists: domain types carried by surrogates, exact
/// decimals, a NaN double, text and an array.</summary>
[GenerateSerializer, Alias("qo.test.ContractState")]
public sealed class ContractState
{
    [Id(0)] public Symbol Symbol { get; set; }

    [Id(1)] public Price Price { get; set; }

    [Id(2)] public decimal Cash { get; set; }

    [Id(3)] public double Ratio { get; set; }

    [Id(4)] public string Text { get; set; } = string.Empty;

    [Id(5)] public long[] Values { get; set; } = [];

    public static ContractState Sample(int n) => new()
    {
        Symbol = new Symbol("IBM"),
        Price = Price.FromDecimal(185.0137m + n),
        Cash = 1_000_000.000001m * n,
        Ratio = n == 0 ? double.NaN : 1.0 / n,
        Text = $"state {n} ünïcödé",
        Values = [n, long.MaxValue, long.MinValue],
    };

    public void AssertEqual(ContractState? other)
    {
        Assert.NotNull(other);
        Assert.Equal(Symbol, other.Symbol);
        Assert.Equal(Price, other.Price);
        Assert.Equal(Cash, other.Cash);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Ratio), BitConverter.DoubleToInt64Bits(other.Ratio));
        Assert.Equal(Text, other.Text);
        Assert.Equal(Values, other.Values);
    }
}
