using System.Diagnostics;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Accounts;

/// <content>The kill switch and its resume.</content>
public sealed partial class AccountEngine
{
    /// <summary>
    /// Kill switch: halts the risk engine (every later order is rejected), journals the change (unflushed), then
    /// cancels every working order at the venue and books the cancels, flushed before this returns; publishes the risk
    /// view.
    /// </summary>
    /// <param name="reason">Why; blank becomes <c>kill switch</c>.</param>
    /// <returns>The cancels counted and the <see cref="Stopwatch"/> timestamps of both steps, with the risk view after.</returns>
    public async ValueTask<KillReport> KillAsync(string reason)
    {
        _book.Risk.SetState(RiskState.Halted, string.IsNullOrWhiteSpace(reason) ? "kill switch" : reason);
        var blocked = Stopwatch.GetTimestamp();
        Journal(new RiskStateChanged(RiskState.Halted, _book.Risk.StateReason));
        await CommitAsync(flush: false);
        _booked.Clear();
        Book(await _venue.CancelAll(Now(), $"Kill switch: {_book.Risk.StateReason}"));
        await CommitAsync(flush: true);
        var canceled = Stopwatch.GetTimestamp();
        var count = _booked.Count(r => r.ExecType == Orders.ExecType.Canceled);
        var risk = RiskView();
        PublishRisk(risk);
        return new KillReport(_account, count, blocked, canceled, risk);
    }

    /// <summary>Leaves Halted (or changes state) to <see cref="RiskState.Active"/> or <see cref="RiskState.Reducing"/>;
    /// journaled and flushed; publishes the risk view.</summary>
    /// <param name="state">Active or Reducing.</param>
    /// <param name="reason">Why; blank becomes <c>resumed {state}</c>.</param>
    /// <returns>The risk view after the change.</returns>
    /// <exception cref="ArgumentException"><paramref name="state"/> is Halted (use <see cref="KillAsync"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not defined.</exception>
    public ValueTask<RiskSnapshot> ResumeAsync(RiskState state, string reason)
    {
        if (state == RiskState.Halted)
        {
            throw new ArgumentException("Resume moves to Active or Reducing; use Kill to halt.", nameof(state));
        }

        _book.Risk.SetState(state, string.IsNullOrWhiteSpace(reason) ? $"resumed {state}" : reason);
        Journal(new RiskStateChanged(state, _book.Risk.StateReason));
        return CommitAndPublishRisk();
    }

    private async ValueTask<RiskSnapshot> CommitAndPublishRisk()
    {
        await CommitAsync(flush: true);
        var risk = RiskView();
        PublishRisk(risk);
        return risk;
    }

    /// <summary>The account's risk view: state and reason, limits, gross exposure (positions at marks plus working
    /// orders), equity, orders accepted in the last second of market time, working orders, rejections per reason.</summary>
    public RiskSnapshot RiskView()
    {
        var risk = _book.Risk;
        return new RiskSnapshot(
            _account, risk.State, risk.StateReason, risk.Limits, _book.Ledger.GrossMarketValue + _book.Oms.WorkingNotional, _book.Ledger.Equity,
            risk.OrdersInLastSecond(_marketTime), _book.Oms.WorkingCount, risk.RejectionCounts());
    }
}
