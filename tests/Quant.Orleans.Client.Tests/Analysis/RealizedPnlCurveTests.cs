using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Client.Analysis;

namespace Quant.Orleans.Client.Tests.Analysis;

public sealed class RealizedPnlCurveTests
{
    private static readonly DateTimeOffset Start = new(2013, 10, 7, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AverageCostClosedFormThroughAReversal()
    {
        // Long 100 @ 10, sell 50 @ 12 (+100), sell 100 @ 9 (closes 50 at 9: -50, opens short 50 @ 9),
        // buy 20 @ 8 (+20), buy 30 @ 10 (-30): flat, realised 40; fees 1 each.
        FillView[] fills = [Fill("Buy", 100, 10), Fill("Sell", 50, 12, index: 1), Fill("Sell", 100, 9, index: 2), Fill("Buy", 20, 8, index: 3), Fill("Buy", 30, 10, index: 4)];

        var curve = RealizedPnlCurve.Build(fills);

        Assert.Equal([0m, 100m, 50m, 70m, 40m], curve.Select(p => p.Realized));
        Assert.Equal([1m, 2m, 3m, 4m, 5m], curve.Select(p => p.Fees));
        Assert.Equal([-1m, 98m, 47m, 66m, 35m], curve.Select(p => p.Net));
        Assert.Equal(fills.Select(f => f.TransactTime), curve.Select(p => p.Time));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void AFlatBookRealisesItsCashFlow(int seed)
    {
        // Conservation: once every symbol is flat again, realised PnL (gross of fees) is the cash received from
        // sales minus the cash paid for purchases, whatever the path and the method of cost attribution.
        var random = new Random(seed);
        var fills = new List<FillView>();
        var positions = new Dictionary<string, decimal>();
        foreach (var step in Enumerable.Range(0, 200))
        {
            var symbol = random.Next(2) == 0 ? "IBM" : "AAPL";
            var side = random.Next(2) == 0 ? "Buy" : "Sell";
            var quantity = random.Next(1, 300);
            var price = 100m + (random.Next(-500, 500) / 100m);
            fills.Add(Fill(side, quantity, price, symbol, step));
            positions[symbol] = positions.GetValueOrDefault(symbol) + (side == "Buy" ? quantity : -quantity);
        }

        foreach (var (symbol, quantity) in positions.Where(p => p.Value != 0).ToArray())
        {
            fills.Add(Fill(quantity > 0 ? "Sell" : "Buy", Math.Abs(quantity), 101.37m, symbol, fills.Count));
        }

        var cashFlow = fills.Sum(f => (f.Side == "Sell" ? 1 : -1) * f.LastQty * f.LastPx);

        // Average costs are 28-digit decimal quotients, so the sum carries rounding in its last digits: 1e-15 USD
        // is 13 orders of magnitude under a cent and still far above that rounding (~1e-23 here).
        var realized = RealizedPnlCurve.Build(fills)[^1].Realized;
        Assert.True(Math.Abs(realized - cashFlow) < 1e-15m, $"realised {realized}, cash flow {cashFlow}");
    }

    [Fact]
    public void SymbolsAreBookedSeparately()
    {
        var curve = RealizedPnlCurve.Build([Fill("Buy", 10, 100, "IBM"), Fill("Sell", 10, 50, "AAPL"), Fill("Sell", 10, 101, "IBM")]);

        Assert.Equal([0m, 0m, 10m], curve.Select(p => p.Realized));
    }

    [Fact]
    public void BadFillsAreRefusedNamingTheExecution()
    {
        Assert.Contains("Fill F-1: side must be Buy or Sell, got 'Short'", Assert.Throws<ArgumentException>(() => RealizedPnlCurve.Build([Fill("Short", 1, 1)])).Message, StringComparison.Ordinal);
        Assert.Contains("Fill F-1: quantity must be positive, got 0", Assert.Throws<ArgumentException>(() => RealizedPnlCurve.Build([Fill("Buy", 0, 1)])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { }, 0)]
    [InlineData(new double[] { 1, 2, 3 }, 0)]
    [InlineData(new double[] { -2, -1 }, 2)]
    [InlineData(new double[] { 5, 1, 7, 2, 6 }, 5)]
    public void MaxDrawdownIsTheLargestFallFromARunningPeakThatStartsAtZero(double[] values, double expected) =>
        Assert.Equal((decimal)expected, RealizedPnlCurve.MaxDrawdown(values.Select(v => (decimal)v)));

    private static FillView Fill(string side, decimal quantity, decimal price, string symbol = "IBM", int index = 0) =>
        new("F-1", "T-1", "SIM-1", symbol, side, quantity, price, 1m, Start.AddSeconds(index), Start.AddSeconds(index));
}
