namespace Quant.Orleans.Trading.Portfolio;

/// <content>Capture and restore of the book's full state (account snapshots).</content>
public sealed partial class PortfolioBook
{
    /// <summary>Everything the book holds: a deep copy that later changes do not touch.</summary>
    internal PortfolioBookSnapshot Capture()
    {
        var quotes = _lastQuotes.Values.ToArray();
        Array.Sort(quotes, static (a, b) => string.CompareOrdinal(a.Symbol.Ticker, b.Symbol.Ticker));
        return new PortfolioBookSnapshot(Oms.Capture(), Ledger.Capture(), Risk.Capture(), _ids.LastSequence, [.. quotes], [.. _equity], RiskRejections);
    }

    /// <summary>Puts a new, empty book in the state <paramref name="snapshot"/> describes (checked by the caller:
    /// this account, this book's initial cash, consistent parts).</summary>
    /// <exception cref="InvalidOperationException">The book is not new.</exception>
    internal void Restore(PortfolioBookSnapshot snapshot)
    {
        if (_equity.Count != 0 || _lastQuotes.Count != 0 || _ids.LastSequence != 0 || RiskRejections != 0)
        {
            throw new InvalidOperationException($"The book of {Ledger.Account} is not new; a snapshot is restored into a new one.");
        }

        Oms.Restore(snapshot.Orders);
        Ledger.Restore(snapshot.Ledger);
        Risk.Restore(snapshot.Risk);
        _ids.Restore(snapshot.LastClOrdIdSequence);
        foreach (var quote in snapshot.LastQuotes)
        {
            _lastQuotes[quote.Symbol] = quote;
        }

        _equity.AddRange(snapshot.EquityCurve);
        RiskRejections = snapshot.RiskRejections;
    }
}
