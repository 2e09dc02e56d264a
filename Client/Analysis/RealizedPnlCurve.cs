using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Client.Analysis;

/// <summary>
/// Rebuilds an account's realised PnL after each fill from its fills alone, with the average-cost method the
/// portfolio uses: per symbol a signed quantity q and a signed cost basis C; a fill of signed quantity d (buy +,
/// sell −) at price p that does not reduce the position adds <c>d·p</c> to C; one that reduces it realises
/// <c>−c·(p − C/q)</c> for the closed part c (signed like d, |c| = min(|d|, |q|)) and adds <c>c·C/q</c> to C; the
/// rest of a fill that crosses zero opens a new position at p. Fees accumulate separately. The last point's realised
/// PnL equals the portfolio snapshot's (an invariant the tests check against the silo).
/// </summary>
public static class RealizedPnlCurve
{
    /// <summary>One point per fill, in the order given (the gateway's order: the order fills happened).</summary>
    /// <exception cref="ArgumentException">A fill with a side other than Buy/Sell or a non-positive quantity.</exception>
    public static IReadOnlyList<PnlPoint> Build(IEnumerable<FillView> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var books = new Dictionary<string, (decimal Quantity, decimal Cost)>(StringComparer.Ordinal);
        var points = new List<PnlPoint>();
        decimal realized = 0, fees = 0;
        foreach (var fill in fills)
        {
            if (fill.LastQty <= 0)
            {
                throw new ArgumentException($"Fill {fill.ExecId}: quantity must be positive, got {fill.LastQty}.", nameof(fills));
            }

            var d = fill.Side.ToLowerInvariant() switch
            {
                "buy" => fill.LastQty,
                "sell" => -fill.LastQty,
                _ => throw new ArgumentException($"Fill {fill.ExecId}: side must be Buy or Sell, got '{fill.Side}'.", nameof(fills)),
            };
            var (q, cost) = books.GetValueOrDefault(fill.Symbol);
            if (q == 0 || Math.Sign(q) == Math.Sign(d))
            {
                q += d;
                cost += d * fill.LastPx;
            }
            else
            {
                var closed = Math.Sign(d) * Math.Min(Math.Abs(d), Math.Abs(q));

                // The cost released by the closed part, computed once and used for both sides of the entry, so that
                // rounding in the division moves nothing between realised PnL and the open cost (a full close
                // releases exactly −C).
                var released = closed * cost / q;
                realized += released - (closed * fill.LastPx);
                cost += released;
                q += closed;
                var rest = d - closed;
                if (q == 0)
                {
                    cost = 0;
                }

                if (rest != 0)
                {
                    q = rest;
                    cost = rest * fill.LastPx;
                }
            }

            books[fill.Symbol] = (q, cost);
            fees += fill.Fee;
            points.Add(new PnlPoint(fill.TransactTime, realized, fees));
        }

        return points;
    }

    /// <summary>Largest fall of <paramref name="values"/> from a running peak that starts at zero (the value before
    /// any fill), USD; zero when the values never fall below their peak.</summary>
    public static decimal MaxDrawdown(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        decimal peak = 0, worst = 0;
        foreach (var value in values)
        {
            peak = Math.Max(peak, value);
            worst = Math.Max(worst, peak - value);
        }

        return worst;
    }
}
