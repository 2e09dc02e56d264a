using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounting;
using Quant.Orleans.Trading.Orders;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Accounting;

public sealed class PortfolioLedgerPropertyTests
{
    private static readonly Symbol[] Symbols = [new("IBM"), new("MSFT"), new("BTC-USD")];

    [Theory]
    [InlineData(1UL)]
    [InlineData(20261122UL)]
    public void EveryInvariantHoldsAfterEachOfThousandsOfRandomFills(ulong seed)
    {
        var rng = new DeterministicRandom(seed);
        var ledger = new PortfolioLedger(Account, 1_000_000m);
        var expectedQuantities = new Dictionary<Symbol, decimal>();
        var expectedCash = 1_000_000m;
        for (var i = 0; i < 2_500; i++)
        {
            var symbol = Symbols[rng.NextInt(Symbols.Length)];
            var side = rng.NextInt(2) == 0 ? Side.Buy : Side.Sell;

            // Whole shares for equities, 8-decimal sizes for the coin; prices with 2..4 decimals; fees in cents.
            var qty = symbol.Ticker == "BTC-USD"
                ? Quantity.FromDecimal((1 + rng.NextInt(500_000_000)) / 100_000_000m)
                : Quantity.FromUnits(1 + rng.NextInt(400));
            var price = Price.FromDecimal((100 + rng.NextInt(5_000_000)) / 10_000m);
            var fee = rng.NextInt(500) / 100m;
            var fill = new Fill(
                string.Create(CultureInfo.InvariantCulture, $"F{i}"), new ClOrdId(string.Create(CultureInfo.InvariantCulture, $"C{i}")),
                Account, symbol, side, qty, price, fee, At(i), At(i));

            Assert.Equal(FillOutcome.Applied, ledger.Apply(fill));
            expectedQuantities[symbol] = expectedQuantities.GetValueOrDefault(symbol) + fill.SignedQuantity.ToDecimal();
            expectedCash += (side == Side.Buy ? -fill.Notional : fill.Notional) - fee;

            if (rng.NextInt(4) == 0)
            {
                var mid = (100 + rng.NextInt(5_000_000)) / 10_000m;
                ledger.Mark(Nbbo(i, mid - 0.01m, 1m, mid + 0.01m, 1m, Symbols[rng.NextInt(Symbols.Length)]));
            }

            if (i > 0 && rng.NextInt(10) == 0)
            {
                Assert.Equal(FillOutcome.Duplicate, ledger.Apply(ledger.Fills[rng.NextInt(i)]));
            }

            var report = ledger.Reconcile();
            Assert.True(report.IsBalanced, $"after fill {i}: {string.Join("; ", report.Breaks)}");
            Assert.Equal(expectedCash, ledger.Cash);
            Assert.Equal(expectedQuantities[symbol], ledger.GetPosition(symbol).Quantity.ToDecimal());
            var markToMarket = Symbols.Sum(s => ledger.GetPosition(s).Quantity.ToDecimal() * ledger.GetPosition(s).Mark);
            Assert.Equal(ledger.Cash + markToMarket, ledger.Equity);
            Assert.Equal(ledger.Equity - ledger.InitialCash, ledger.RealizedPnl + ledger.UnrealizedPnl - ledger.Fees);
            foreach (var s in Symbols)
            {
                var p = ledger.GetPosition(s);
                Assert.True(p.Quantity.Raw != 0 || p.CostBasis == 0m, $"{s} flat with basis {p.CostBasis}");
                Assert.True(p.Quantity.Raw == 0 || Math.Sign(p.CostBasis) == Math.Sign(p.Quantity.Raw), $"{s} basis sign");
            }
        }
    }
}
