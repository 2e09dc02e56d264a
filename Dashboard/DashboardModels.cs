namespace Quant.Orleans.Dashboard;

/// <summary>The trading panels' data (<c>GET /dashboard/api/trading</c>, and the <c>trading</c> member of each stream event).</summary>
/// <param name="Sequence">Sample number (same as the grid view of the same sample).</param>
/// <param name="Time">Wall-clock time of the sample, UTC.</param>
/// <param name="MarketTime">Market time reached by the replay, UTC; null when no replay runs.</param>
/// <param name="Account">The account shown.</param>
/// <param name="Portfolio">Cash, PnL and positions; null while the account's grain is not active.</param>
/// <param name="PnlCurve">Equity minus initial cash along the account's equity curve (one point per minute of market time),
/// downsampled to at most <see cref="DashboardSampler.CurveCapacity"/> points, always keeping the last.</param>
/// <param name="Symbols">Per active symbol grain, ordered by ticker.</param>
/// <param name="Orders">The latest orders (at most <see cref="DashboardSampler.BlotterRows"/>), newest first.</param>
/// <param name="Fills">The latest fills (same bound), newest first.</param>
/// <param name="Judge">The judge of the symbols (the first active symbol's judge grain); null without a symbol.</param>
public sealed record TradingView(
    long Sequence,
    DateTime Time,
    DateTime? MarketTime,
    string Account,
    PortfolioView? Portfolio,
    CurvePoint[] PnlCurve,
    SymbolView[] Symbols,
    OrderView[] Orders,
    FillView[] Fills,
    JudgeView? Judge = null);

/// <summary>The judge the symbols' candidates go through (<see cref="Grains.Interfaces.Messages.JudgeStatus"/>); the
/// trained judge's fields are null without one.</summary>
/// <param name="Profile">Baseline, Sniper, Audited or Reckless.</param>
/// <param name="Rule">The decision rule in words.</param>
/// <param name="Version">The trained judge's version.</param>
/// <param name="Threshold">Its P(take) threshold.</param>
/// <param name="OutOfFoldAuc">Its purged-CV out-of-fold AUC.</param>
/// <param name="Importance">Gain importance, largest first: feature and share of the total split gain.</param>
public sealed record JudgeView(string Profile, string Rule, string? Version, double? Threshold, double? OutOfFoldAuc, ImportanceView[] Importance);

/// <summary>One feature's share of the judge's total split gain.</summary>
/// <param name="Feature">Column name.</param>
/// <param name="Share">In [0, 1].</param>
public sealed record ImportanceView(string Feature, double Share);

/// <summary>An account's state (the portfolio grain's <see cref="Trading.Accounts.PortfolioSnapshot"/>), USD.</summary>
/// <param name="InitialCash">Starting cash.</param>
/// <param name="Cash">Cash now.</param>
/// <param name="Equity">Cash plus positions at their marks.</param>
/// <param name="Pnl">Equity − initial cash (realised + unrealised − fees).</param>
/// <param name="RealizedPnl">Realised PnL before fees.</param>
/// <param name="UnrealizedPnl">Unrealised PnL at the marks.</param>
/// <param name="Fees">Fees paid.</param>
/// <param name="OrderCount">Orders created.</param>
/// <param name="FillCount">Fills booked.</param>
/// <param name="RiskRejections">Orders the pre-trade checks rejected.</param>
/// <param name="Reconciled">True when the ledger's conservation invariants hold.</param>
/// <param name="Positions">One per symbol ever traded.</param>
public sealed record PortfolioView(
    decimal InitialCash,
    decimal Cash,
    decimal Equity,
    decimal Pnl,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    int OrderCount,
    int FillCount,
    int RiskRejections,
    bool Reconciled,
    PositionView[] Positions);

/// <summary>One position.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quantity">Signed shares (negative: short).</param>
/// <param name="AverageCost">Cost basis per share, USD.</param>
/// <param name="Mark">Last mark (NBBO mid), USD.</param>
/// <param name="UnrealizedPnl">Market value − cost basis, USD.</param>
/// <param name="RealizedPnl">Realised PnL before fees, USD.</param>
/// <param name="Fees">Fees, USD.</param>
public sealed record PositionView(string Symbol, decimal Quantity, decimal AverageCost, decimal Mark, decimal UnrealizedPnl, decimal RealizedPnl, decimal Fees);

/// <summary>A point of the PnL curve.</summary>
/// <param name="Time">Market time, UTC.</param>
/// <param name="Equity">Equity, USD.</param>
/// <param name="Pnl">Equity − initial cash, USD.</param>
public sealed record CurvePoint(DateTime Time, decimal Equity, decimal Pnl);

/// <summary>One symbol's panel.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Quotes">NBBO updates processed.</param>
/// <param name="Trades">Trade prints seen.</param>
/// <param name="Candidates">Forecast candidates.</param>
/// <param name="RegimeBlocked">Candidates the regime gate stopped.</param>
/// <param name="JudgeBlocked">Candidates the judge stopped.</param>
/// <param name="Signals">Signals that passed both gates.</param>
/// <param name="JudgePassRate">Signals / (Candidates − RegimeBlocked): the share of candidates the judge saw that it
/// passed; null before the judge saw any.</param>
/// <param name="LastMid">Last NBBO mid, USD; null before the first quote.</param>
/// <param name="FilteredMid">exp(filtered log level) of the symbol's filter, USD; null before the first quote.</param>
/// <param name="ModelVersion">The forecaster in use, e.g. <c>ridge-baseline@2013-10-07</c>, or <c>none</c>; with a student, its
/// version with its forecasts and ridge fallbacks by reason.</param>
/// <param name="Regime">The regime gate's state; null while the symbol's regime grain is not active.</param>
/// <param name="Series">Mid and filtered level sampled once per sample (bounded, downsampled by halving when full).</param>
/// <param name="SignalMarks">The latest candidates with their gate verdicts.</param>
public sealed record SymbolView(
    string Symbol,
    long Quotes,
    long Trades,
    long Candidates,
    long RegimeBlocked,
    long JudgeBlocked,
    long Signals,
    double? JudgePassRate,
    double? LastMid,
    double? FilteredMid,
    string ModelVersion,
    RegimeView? Regime,
    SeriesPoint[] Series,
    SignalMark[] SignalMarks);

/// <summary>A regime gate's state (<see cref="Grains.Interfaces.Messages.RegimeStatus"/>).</summary>
/// <param name="Gate"><c>regime:hmm</c> or <c>regime:vol-percentile</c>.</param>
/// <param name="FittedDay">Day the gate was fitted on (yyyy-MM-dd); null before the first finished day.</param>
/// <param name="Evaluations">Candidates judged.</param>
/// <param name="Passed">Candidates passed.</param>
/// <param name="LastTime">Market time of the latest verdict.</param>
/// <param name="LastValue">The latest verdict's statistic (P(high-volatility state), or the percentile); null when not fitted.</param>
/// <param name="LastPassed">The latest verdict.</param>
/// <param name="LastReason">Its explanation.</param>
public sealed record RegimeView(string Gate, string? FittedDay, long Evaluations, long Passed, DateTime? LastTime, double? LastValue, bool? LastPassed, string? LastReason);

/// <summary>A sample of a symbol's chart.</summary>
/// <param name="Time">Market time of the sample (wall time when no replay runs), UTC.</param>
/// <param name="Mid">NBBO mid, USD.</param>
/// <param name="Filtered">Filtered level, USD.</param>
public sealed record SeriesPoint(DateTime Time, double Mid, double? Filtered);

/// <summary>A forecast candidate on a symbol's chart.</summary>
/// <param name="Time">Market time, UTC.</param>
/// <param name="Mid">NBBO mid at the candidate, USD.</param>
/// <param name="ExpectedLogReturn">The forecast.</param>
/// <param name="Verdict"><c>signal</c> (passed both gates), <c>judge-blocked</c> or <c>regime-blocked</c>.</param>
public sealed record SignalMark(DateTime Time, double Mid, double ExpectedLogReturn, string Verdict);

/// <summary>An order in the blotter.</summary>
/// <param name="ClOrdId">FIX 11.</param>
/// <param name="SentTime">When it was sent, UTC (market time).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c>.</param>
/// <param name="OrdType">FIX OrdType name.</param>
/// <param name="Quantity">Shares ordered.</param>
/// <param name="LimitPrice">Limit price, USD; null for a market order.</param>
/// <param name="OrdStatus">FIX OrdStatus name.</param>
/// <param name="CumQty">Shares filled.</param>
/// <param name="AvgPx">Average fill price, USD (0 before a fill).</param>
/// <param name="Origin">What produced it: <c>signal</c> or <c>manual</c>.</param>
/// <param name="Text">Why it was rejected or cancelled, if so.</param>
public sealed record OrderView(string ClOrdId, DateTime SentTime, string Symbol, string Side, string OrdType, decimal Quantity, decimal? LimitPrice, string OrdStatus, decimal CumQty, decimal AvgPx, string Origin, string Text);

/// <summary>A fill in the blotter.</summary>
/// <param name="ExecId">FIX 17.</param>
/// <param name="ClOrdId">FIX 11.</param>
/// <param name="Time">Fill time, UTC (market time).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Side"><c>Buy</c> or <c>Sell</c>.</param>
/// <param name="LastQty">Shares (FIX 32).</param>
/// <param name="LastPx">Price, USD (FIX 31).</param>
/// <param name="Fee">Fee, USD.</param>
public sealed record FillView(string ExecId, string ClOrdId, DateTime Time, string Symbol, string Side, decimal LastQty, decimal LastPx, decimal Fee);

/// <summary>One sample as the stream sends it: event <c>snapshot</c> with this as its data.</summary>
/// <param name="Grid">The grid panels.</param>
/// <param name="Trading">The trading panels.</param>
public sealed record DashboardSnapshot(GridView Grid, TradingView Trading);

/// <summary>What the page needs to know about the connection (<c>GET /dashboard/api/access</c>).</summary>
/// <param name="LoopbackClient">True when the browser connects from this machine.</param>
/// <param name="TokenRequired">True when this client must present the access token for the dashboard and for
/// mutating calls (the kill switch).</param>
/// <param name="SampleIntervalMilliseconds">The sampler's period.</param>
public sealed record AccessView(bool LoopbackClient, bool TokenRequired, int SampleIntervalMilliseconds);
