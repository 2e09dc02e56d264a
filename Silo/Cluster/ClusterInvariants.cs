using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Silo.Cluster;

/// <summary>One checked invariant: its name, whether it holds, and the counts behind the verdict.</summary>
/// <param name="Name">What is checked, e.g. <c>acknowledged orders present</c>.</param>
/// <param name="Holds">True when it holds.</param>
/// <param name="Detail">Counts, and the first offenders when it does not hold.</param>
public sealed record InvariantResult(string Name, bool Holds, string Detail);

/// <summary>
/// The account invariants a cluster must keep through silo failures, checked on what the gateways answered:
/// every order a client saw acknowledged is still there (same ClOrdID, symbol, side, type, time in force, quantity,
/// limit price and creation time; a terminal one unchanged); no fill twice (ExecID); no fill without its order; each
/// order's CumQty is the sum of its fills; cash is initial cash minus the fills' signed notional and fees; each
/// position is the sum of its signed fills; the fill count matches and the ledger reconciles.
/// </summary>
public static class ClusterInvariants
{
    private const int ShownOffenders = 5;

    /// <summary>Checks the invariants of one account.</summary>
    /// <param name="seen">Every order view a client saw before the end (the last view per ClOrdID): acknowledged orders.</param>
    /// <param name="orders">The account's orders at the end (all of them).</param>
    /// <param name="fills">The account's fills at the end.</param>
    /// <param name="account">The account's state at the end.</param>
    public static IReadOnlyList<InvariantResult> Check(IReadOnlyCollection<OrderView> seen, IReadOnlyList<OrderView> orders, IReadOnlyList<FillView> fills, PortfolioView account)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(account);
        var results = new List<InvariantResult>();
        var byId = orders.GroupBy(o => o.ClOrdId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var missing = seen.Where(o => !byId.ContainsKey(o.ClOrdId)).Select(o => o.ClOrdId).ToArray();
        results.Add(Result("acknowledged orders present", missing, $"{seen.Count} acknowledged, {missing.Length} missing"));

        var changed = seen.Where(o => byId.TryGetValue(o.ClOrdId, out var now) && !SameOrder(o, now)).Select(o => o.ClOrdId).ToArray();
        results.Add(Result("acknowledged orders unchanged", changed, $"{seen.Count(o => byId.ContainsKey(o.ClOrdId))} compared, {changed.Length} changed"));

        var duplicateOrders = orders.GroupBy(o => o.ClOrdId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        results.Add(Result("no order twice", duplicateOrders, $"{orders.Count} orders, {duplicateOrders.Length} ClOrdIDs listed twice"));

        var duplicateFills = fills.GroupBy(f => f.ExecId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        results.Add(Result("no fill twice", duplicateFills, $"{fills.Count} fills, {duplicateFills.Length} ExecIDs booked twice"));

        var orphans = fills.Where(f => !byId.ContainsKey(f.ClOrdId)).Select(f => f.ExecId).ToArray();
        results.Add(Result("no fill without its order", orphans, $"{orphans.Length} fills without an order"));

        var filled = fills.GroupBy(f => f.ClOrdId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.LastQty), StringComparer.Ordinal);
        var cumMismatch = orders.Where(o => o.CumQty != filled.GetValueOrDefault(o.ClOrdId)).Select(o => $"{o.ClOrdId} (CumQty {o.CumQty}, fills {filled.GetValueOrDefault(o.ClOrdId)})").ToArray();
        results.Add(Result("CumQty equals the fills", cumMismatch, $"{orders.Count} orders, {cumMismatch.Length} mismatched"));

        var notional = fills.Sum(f => Sign(f.Side) * f.LastQty * f.LastPx);
        var fees = fills.Sum(f => f.Fee);
        var expectedCash = account.InitialCash - notional - fees;
        results.Add(new InvariantResult("cash equals the fills", expectedCash == account.Cash && fees == account.Fees, $"cash {account.Cash}, from fills {expectedCash}; fees {account.Fees}, from fills {fees}"));

        var expectedPositions = fills.GroupBy(f => f.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => Sign(f.Side) * f.LastQty), StringComparer.Ordinal);
        var positionMismatch = expectedPositions.Keys.Union(account.Positions.Select(p => p.Symbol), StringComparer.Ordinal)
            .Where(s => expectedPositions.GetValueOrDefault(s) != (account.Positions.FirstOrDefault(p => p.Symbol == s)?.Quantity ?? 0))
            .Select(s => $"{s} (position {account.Positions.FirstOrDefault(p => p.Symbol == s)?.Quantity ?? 0}, fills {expectedPositions.GetValueOrDefault(s)})").ToArray();
        results.Add(Result("positions equal the fills", positionMismatch, $"{expectedPositions.Count} symbols traded, {positionMismatch.Length} mismatched"));

        results.Add(new InvariantResult("ledger reconciles", account.Reconciled && account.FillCount == fills.Count, $"fill count {account.FillCount} (listed {fills.Count}), reconciled {account.Reconciled}"));
        return results;
    }

    /// <summary>True when <paramref name="now"/> is the order a client saw: the same terms, and unchanged if it was terminal.</summary>
    public static bool SameOrder(OrderView seen, OrderView now)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(now);
        var sameTerms = seen.Symbol == now.Symbol && seen.Side == now.Side && seen.OrdType == now.OrdType && seen.TimeInForce == now.TimeInForce
            && seen.Quantity == now.Quantity && seen.LimitPrice == now.LimitPrice && seen.StopPrice == now.StopPrice && seen.CreatedTime == now.CreatedTime;
        return sameTerms && (!IsTerminal(seen.OrdStatus) || seen == now);
    }

    /// <summary>True for a terminal FIX OrdStatus (nothing changes an order in it).</summary>
    public static bool IsTerminal(string ordStatus) => ordStatus is "Filled" or "Canceled" or "Rejected" or "Expired" or "Replaced";

    private static decimal Sign(string side) => side == "Buy" ? 1m : -1m;

    private static InvariantResult Result(string name, string[] offenders, string counts) =>
        new(name, offenders.Length == 0, offenders.Length == 0 ? counts : $"{counts}: {string.Join(", ", offenders.Take(ShownOffenders))}{(offenders.Length > ShownOffenders ? ", ..." : string.Empty)}");
}
