using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Messages;

namespace Quant.Orleans.Engine.Replay;

/// <summary>Per-symbol gate counters of a replay.</summary>
public sealed class ReplayCounters
{
    private readonly Dictionary<Symbol, long> _signals = [];

    /// <summary>Signals that reached the portfolio, by symbol.</summary>
    public IReadOnlyDictionary<Symbol, long> Signals => _signals;

    internal void Add(Symbol symbol, SymbolBatchResult result) => _signals[symbol] = _signals.GetValueOrDefault(symbol) + result.Signals.Length;
}
