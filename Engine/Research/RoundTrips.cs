using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Engine.Research;

/// <summary>
/// Trade-level statistics of a fill list: fills are matched first-in first-out per symbol (a buy closes the oldest
/// open short lots, a sell the oldest open long lots); each closed quantity is a round trip whose PnL is
/// side · (exit − entry) · quantity minus the fees of its entry and exit shares (each fill's fee spread evenly over its
/// shares). Open lots at the end are not counted.
/// </summary>
/// <param name="RoundTrips">Closed round trips (one per matched lot piece).</param>
/// <param name="Wins">Round trips with PnL &gt; 0.</param>
/// <param name="GrossProfit">Σ PnL of the winners, USD.</param>
/// <param name="GrossLoss">Σ |PnL| of the losers, USD.</param>
public sealed record RoundTripStatistics(int RoundTrips, int Wins, decimal GrossProfit, decimal GrossLoss)
{
    /// <summary>Wins / round trips; NaN without a round trip.</summary>
    public double WinRate => RoundTrips > 0 ? (double)Wins / RoundTrips : double.NaN;

    /// <summary>Gross profit / gross loss; NaN without a round trip, +∞ without a loser.</summary>
    public double ProfitFactor => RoundTrips == 0 ? double.NaN : GrossLoss == 0 ? double.PositiveInfinity : (double)(GrossProfit / GrossLoss);

    /// <summary>Matches the fills (any order; sorted by time, stable) FIFO per symbol.</summary>
    /// <param name="fills">The fills.</param>
    /// <returns>The statistics.</returns>
    public static RoundTripStatistics Of(IEnumerable<Fill> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var open = new Dictionary<Symbol, Queue<Lot>>();
        int trips = 0, wins = 0;
        decimal profit = 0, loss = 0;
        foreach (var f in fills.OrderBy(f => f.Time.Value))
        {
            var qty = f.LastQty.ToDecimal();
            var px = f.LastPx.ToDecimal();
            var feePerShare = qty > 0 ? f.Fee / qty : 0;
            var sign = f.Side == Side.Buy ? 1 : -1;
            if (!open.TryGetValue(f.Symbol, out var lots))
            {
                open[f.Symbol] = lots = new Queue<Lot>();
            }

            while (qty > 0 && lots.Count > 0 && lots.Peek().Sign != sign)
            {
                var lot = lots.Peek();
                var matched = Math.Min(qty, lot.Quantity);
                var pnl = (lot.Sign * (px - lot.Price) * matched) - ((lot.FeePerShare + feePerShare) * matched);
                trips++;
                if (pnl > 0)
                {
                    wins++;
                    profit += pnl;
                }
                else
                {
                    loss -= pnl;
                }

                qty -= matched;
                lot.Quantity -= matched;
                if (lot.Quantity == 0)
                {
                    lots.Dequeue();
                }
            }

            if (qty > 0)
            {
                lots.Enqueue(new Lot(sign, px, feePerShare) { Quantity = qty });
            }
        }

        return new RoundTripStatistics(trips, wins, profit, loss);
    }

    private sealed class Lot(int sign, decimal price, decimal feePerShare)
    {
        public int Sign { get; } = sign;

        public decimal Price { get; } = price;

        public decimal FeePerShare { get; } = feePerShare;

        public decimal Quantity { get; set; }
    }
}
