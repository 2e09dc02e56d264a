using System.Collections.Immutable;
using System.Text;
using Quant.Orleans.Trading.Accounts;

namespace Quant.Orleans.Trading.Tests.Accounts;

/// <summary>Views of an <see cref="AccountSnapshot"/> for comparing accounts.</summary>
internal static class AccountStates
{
    /// <summary>
    /// What the journal determines, as canonical JSON: orders with their full state, the order manager's ids, day and
    /// working state, fills, cash, fees, realised PnL, positions (quantity, cost basis, realised PnL, fees), the risk
    /// engine's state, windows and counters, risk rejections, venue execution sequences, checkpoint, forecast guard
    /// and the journal's length. Left out, because the journal does not hold them: marks (last quotes and the
    /// positions' marks, so positions only marked and never traded), the equity curve and its cadence, market time,
    /// and the ClOrdID generator's sequence (ids generated but never used are not journaled).
    /// </summary>
    public static string Journaled(AccountSnapshot s)
    {
        var book = s.Book;
        var positions = book.Ledger.Positions
            .Where(p => p.Quantity.Raw != 0 || p.CostBasis != 0m || p.RealizedPnl != 0m || p.Fees != 0m)
            .Select(p => p with { Mark = 0m })
            .OrderBy(p => p.Symbol.Ticker, StringComparer.Ordinal)
            .ToImmutableArray();
        var working = book.Orders.Working.OrderBy(w => w.Symbol.Ticker, StringComparer.Ordinal).ToImmutableArray();
        var view = s with
        {
            MarketTime = default,
            NextEquityPoint = 0,
            Book = book with
            {
                LastQuotes = [],
                EquityCurve = [],
                LastClOrdIdSequence = 0,
                Ledger = book.Ledger with { Positions = positions },
                Orders = book.Orders with { Working = working },
            },
        };
        return Encoding.UTF8.GetString(AccountSnapshotJson.Serialize(view));
    }
}
