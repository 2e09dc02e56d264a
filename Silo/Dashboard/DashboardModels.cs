namespace Quant.Orleans.Silo.Dashboard;

/// <summary>The grid panels' data (<c>GET /dashboard/api/grid</c>, and the <c>grid</c> member of each stream event).</summary>
/// <param name="Sequence">Sample number of the dashboard's sampler, increasing by one per sample.</param>
/// <param name="Time">Wall-clock time of the sample, UTC.</param>
/// <param name="IntervalSeconds">Wall time since the previous sample (the denominator of every per-second rate); null for the first sample.</param>
/// <param name="Silos">One entry per silo in this process (one today).</param>
/// <param name="GrainTypes">Per grain type, ordered by name.</param>
/// <param name="Methods">Every grain method that completed a call, slowest p99 first (the page shows the first ten).</param>
/// <param name="Storage">Storage operations per provider, operation and outcome.</param>
/// <param name="StorageConflicts">Operations refused because the stored ETag differed (outcome <c>conflict</c>).</param>
/// <param name="Quarantine">The replay feed's quarantined records by reason; null when no replay runs in this silo.</param>
public sealed record GridView(
    long Sequence,
    DateTime Time,
    double? IntervalSeconds,
    SiloView[] Silos,
    GrainTypeView[] GrainTypes,
    MethodView[] Methods,
    StorageView[] Storage,
    long StorageConflicts,
    QuarantineView? Quarantine);

/// <summary>A silo process's health.</summary>
/// <param name="Name">Host name and process id, e.g. <c>host/1234</c>.</param>
/// <param name="StartTime">When the process started, UTC.</param>
/// <param name="UptimeSeconds">Seconds since <paramref name="StartTime"/>.</param>
/// <param name="CpuPercent">Process CPU time over the last interval as a share of all cores (0..100); null for the first sample.</param>
/// <param name="ProcessorCount">Cores available to the process.</param>
/// <param name="WorkingSetBytes">Physical memory in use by the process.</param>
/// <param name="GcHeapBytes">Managed heap size after the last collection (<c>GC.GetGCMemoryInfo().HeapSizeBytes</c>).</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap since the process started.</param>
/// <param name="Gen0Collections">Generation 0 collections since start.</param>
/// <param name="Gen1Collections">Generation 1 collections since start.</param>
/// <param name="Gen2Collections">Generation 2 collections since start.</param>
/// <param name="GcPauseTimePercent">Share of wall time the GC paused the process since start (<c>GC.GetTotalPauseDuration</c>), 0..100.</param>
/// <param name="ThreadPoolThreads">Thread-pool threads now.</param>
/// <param name="Activations">Live grain activations in this silo.</param>
public sealed record SiloView(
    string Name,
    DateTime StartTime,
    double UptimeSeconds,
    double? CpuPercent,
    int ProcessorCount,
    long WorkingSetBytes,
    long GcHeapBytes,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseTimePercent,
    int ThreadPoolThreads,
    int Activations);

/// <summary>One grain type's load: its interfaces' methods summed.</summary>
/// <param name="GrainType">The grain class name, e.g. <c>SymbolGrain</c>.</param>
/// <param name="Activations">Live activations (<c>qo.grid.activations</c>).</param>
/// <param name="Calls">Completed calls since start, all methods of the type's interfaces.</param>
/// <param name="CallsPerSecond">Calls completed during the last interval per second; null for the first sample.</param>
/// <param name="Errors">Calls that failed (timeouts included).</param>
/// <param name="ErrorRate">Errors / Calls since start (0 when no call).</param>
/// <param name="P50Micros">Median call latency since start, µs (upper bound of the histogram bucket, ≤ 12.5% wide).</param>
/// <param name="P99Micros">99th percentile call latency since start, µs (same estimator).</param>
public sealed record GrainTypeView(string GrainType, long Activations, long Calls, double? CallsPerSecond, long Errors, double ErrorRate, double P50Micros, double P99Micros);

/// <summary>One grain method's statistics (<see cref="Grid.Metrics.MethodStats"/>).</summary>
/// <param name="Interface">The grain interface's short name.</param>
/// <param name="Method">The method's name.</param>
/// <param name="Calls">Completed calls since start.</param>
/// <param name="CallsPerSecond">Calls during the last interval per second; null for the first sample.</param>
/// <param name="Errors">Failed calls since start.</param>
/// <param name="Timeouts">Calls that timed out since start.</param>
/// <param name="P50Micros">Median latency since start, µs.</param>
/// <param name="P99Micros">99th percentile latency since start, µs.</param>
public sealed record MethodView(string Interface, string Method, long Calls, double? CallsPerSecond, long Errors, long Timeouts, double P50Micros, double P99Micros);

/// <summary>Storage operations of one kind and outcome since start.</summary>
/// <param name="Provider">Provider name.</param>
/// <param name="Operation"><c>read</c>, <c>write</c> or <c>clear</c>.</param>
/// <param name="Outcome"><c>ok</c> or <c>conflict</c>.</param>
/// <param name="Count">Operations.</param>
public sealed record StorageView(string Provider, string Operation, string Outcome, long Count);

/// <summary>The replay feed's data quality so far.</summary>
/// <param name="EventsDelivered">Market events delivered to the grid.</param>
/// <param name="Total">Records quarantined, all reasons.</param>
/// <param name="Reasons">Count per <see cref="MarketData.Quality.QualityReason"/>, every reason listed (zeros too), in declaration order.</param>
public sealed record QuarantineView(long EventsDelivered, long Total, ReasonCount[] Reasons);

/// <summary>Quarantined records of one reason.</summary>
/// <param name="Reason">The <see cref="MarketData.Quality.QualityReason"/> name.</param>
/// <param name="Count">Records.</param>
public sealed record ReasonCount(string Reason, long Count);

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
public sealed record TradingView(
    long Sequence,
    DateTime Time,
    DateTime? MarketTime,
    string Account,
    PortfolioView? Portfolio,
    CurvePoint[] PnlCurve,
    SymbolView[] Symbols,
    OrderView[] Orders,
    FillView[] Fills);

/// <summary>An account's state (the portfolio grain's <c>PortfolioSnapshot</c>), USD.</summary>
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
/// <param name="ModelVersion">The forecaster in use, e.g. <c>ridge-baseline@2013-10-07</c>, or <c>none</c>.</param>
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
