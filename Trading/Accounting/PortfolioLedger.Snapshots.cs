using System.Collections.Immutable;

namespace Quant.Orleans.Trading.Accounting;

/// <content>Capture and restore of the ledger's full state (account snapshots).</content>
public sealed partial class PortfolioLedger
{
    /// <summary>The ledger's full state: a deep copy that later changes do not touch.</summary>
    internal LedgerSnapshot Capture()
    {
        var positions = ImmutableArray.CreateBuilder<PositionSnapshot>(_positions.Count);
        foreach (var (symbol, s) in _positions)
        {
            positions.Add(new PositionSnapshot(symbol, s.Quantity, s.CostBasis, s.RealizedPnl, s.Fees, s.Mark));
        }

        return new LedgerSnapshot(InitialCash, Cash, Fees, RealizedPnl, positions.MoveToImmutable(), [.. _fills]);
    }

    /// <summary>Puts an empty ledger in the state <paramref name="snapshot"/> describes (checked by the caller: same
    /// account and initial cash, distinct fill ids); the positions keep their order.</summary>
    /// <exception cref="InvalidOperationException">This ledger is not empty.</exception>
    internal void Restore(LedgerSnapshot snapshot)
    {
        if (_fills.Count != 0 || _positions.Count != 0)
        {
            throw new InvalidOperationException($"The ledger of {Account} already holds fills or positions; a snapshot is restored into an empty one.");
        }

        foreach (var p in snapshot.Positions)
        {
            _positions.Add(p.Symbol, new PositionState { Quantity = p.Quantity, CostBasis = p.CostBasis, RealizedPnl = p.RealizedPnl, Fees = p.Fees, Mark = p.Mark });
        }

        foreach (var fill in snapshot.Fills)
        {
            _fillIds.Add(fill.FillId);
            _fills.Add(fill);
        }

        Cash = snapshot.Cash;
        Fees = snapshot.Fees;
        RealizedPnl = snapshot.RealizedPnl;
    }
}
