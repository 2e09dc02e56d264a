using System.Collections.Immutable;
using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Risk;

/// <content>Capture and restore of the engine's full state (account snapshots).</content>
public sealed partial class RiskEngine
{
    /// <summary>The engine's full state: a deep copy that later changes do not touch.</summary>
    internal RiskEngineSnapshot Capture()
    {
        var rate = ImmutableArray.CreateBuilder<UnixNanos>(_rateCount);
        var oldest = _rateCount == _rateRing.Length ? _rateHead : 0;
        for (var i = 0; i < _rateCount; i++)
        {
            rate.Add(new UnixNanos(_rateRing[(oldest + i) % _rateRing.Length]));
        }

        var recent = ImmutableArray.CreateBuilder<AcceptedOrder>(_recentCount);
        for (var i = 0; i < _recentCount; i++)
        {
            ref readonly var f = ref _recent[i];
            recent.Add(new AcceptedOrder(f.Symbol, f.Side, f.Type, new Quantity(f.Quantity), new Price(f.Limit), new Price(f.Stop), new UnixNanos(f.Time)));
        }

        var rejections = ImmutableArray.CreateBuilder<RiskRejectionCount>();
        for (var i = 1; i < _rejections.Length; i++)
        {
            if (_rejections[i] > 0)
            {
                rejections.Add(new RiskRejectionCount((PreTradeRejectReason)i, _rejections[i]));
            }
        }

        return new RiskEngineSnapshot(State, StateReason, Accepted, rate.MoveToImmutable(), recent.MoveToImmutable(), _recentHead, rejections.ToImmutable());
    }

    /// <summary>Puts a new engine in the state <paramref name="snapshot"/> describes (checked by the caller: defined
    /// state and reasons, a duplicate window of at most <see cref="DuplicateMemory"/> orders). The rate window is
    /// refilled oldest first, so a window of another size (changed limits) keeps the latest sent times.</summary>
    /// <exception cref="InvalidOperationException">This engine has already accepted or rejected orders.</exception>
    internal void Restore(RiskEngineSnapshot snapshot)
    {
        if (Accepted != 0 || _rateCount != 0 || _recentCount != 0 || Array.Exists(_rejections, static c => c != 0))
        {
            throw new InvalidOperationException("The risk engine has already seen orders; a snapshot is restored into a new one.");
        }

        SetState(snapshot.State, snapshot.StateReason);
        foreach (var time in snapshot.RateWindow)
        {
            if (_rateRing.Length > 0)
            {
                _rateRing[_rateHead] = time.Value;
                _rateHead = _rateHead + 1 == _rateRing.Length ? 0 : _rateHead + 1;
                _rateCount = Math.Min(_rateCount + 1, _rateRing.Length);
            }
        }

        for (var i = 0; i < snapshot.DuplicateWindow.Length; i++)
        {
            var o = snapshot.DuplicateWindow[i];
            _recent[i] = new Fingerprint(o.Symbol, o.Side, o.Type, o.Quantity.Raw, o.LimitPrice.Raw, o.StopPrice.Raw, o.SentTime.Value);
        }

        _recentCount = snapshot.DuplicateWindow.Length;
        _recentHead = snapshot.DuplicateWindowNext;
        foreach (var r in snapshot.Rejections)
        {
            _rejections[(int)r.Reason] = r.Count;
        }

        Accepted = snapshot.Accepted;
    }
}
