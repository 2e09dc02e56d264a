using Quant.Orleans.Core;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grid;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// One symbol's causal state: the <see cref="SymbolForecastSession"/> (NBBO mid → UKF → features → frozen ridge
/// baseline) and its gates, the symbol's <see cref="IRegimeGrain"/> and <see cref="IJudgeGrain"/>. Candidates of a
/// batch are judged together, so a batch costs at most two gate calls.
/// </summary>
public sealed class SymbolGrain : Grain, ISymbolGrain
{
    /// <summary>How many of the latest candidates <see cref="GetRecentCandidates"/> keeps.</summary>
    public const int RecentCandidateCapacity = 64;

    private readonly CandidateVerdict[] _recent = new CandidateVerdict[RecentCandidateCapacity];
    private long _recentCount;
    private readonly SymbolForecastSession _session;
    private readonly Symbol _symbol;
    private readonly List<Signal> _candidates = [];
    private readonly List<(double Level, double Slope)> _candidateStates = [];
    private readonly TradingEventHub _hub;
    private long _trades;
    private long _regimeBlocked;
    private long _judgeBlocked;
    private long _signals;
    private double _lastMid = double.NaN;

    /// <summary>Creates the grain for the symbol in its key.</summary>
    public SymbolGrain(StrategyOptions options, TradingEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
        _symbol = new Symbol(GetPrimaryKeyString());
        _session = new SymbolForecastSession(_symbol, options.Session);
    }

    /// <inheritdoc />
    public async ValueTask<SymbolBatchResult> OnMarketData(MarketEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        int quotes = 0, trades = 0;
        _candidates.Clear();
        _candidateStates.Clear();
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.Kind == MarketEventKind.Trade)
            {
                trades++;
                continue;
            }

            quotes++;
            var quote = e.Quote;
            _lastMid = quote.MidDouble;
            if (_session.OnQuote(quote, out var candidate))
            {
                _candidates.Add(new Signal(
                    _symbol, quote.Time, quote, candidate.ExpectedLogReturn, candidate.NoiseStandardDeviation, candidate.Horizon,
                    candidate.RealisedVolatility, $"ridge-baseline@{candidate.ModelTrainedThrough:yyyy-MM-dd}"));
                var features = _session.Features;
                _candidateStates.Add((Math.Exp(features[FeatureIndex.Level]), features[FeatureIndex.Slope]));
            }

            if (_session.LastCompletedDay is { } finished)
            {
                await GrainFactory.GetGrain<IRegimeGrain>(_symbol.Ticker).FitDay(finished.Day, finished.RealisedVolatilitySample);
            }
        }

        _trades += trades;
        if (_candidates.Count == 0)
        {
            return quotes == 0 && trades == 0 ? SymbolBatchResult.Empty : new SymbolBatchResult(quotes, trades, 0, 0, 0, []);
        }

        var passed = new List<Signal>(_candidates.Count);
        int regimeBlocked = 0, judgeBlocked = 0;
        var regime = GrainFactory.GetGrain<IRegimeGrain>(_symbol.Ticker);
        var judge = GrainFactory.GetGrain<IJudgeGrain>(_symbol.Ticker);
        for (var i = 0; i < _candidates.Count; i++)
        {
            var signal = _candidates[i];
            bool regimePass = false, judgePass = false;
            if (!(await regime.Evaluate(signal)).Passed)
            {
                regimeBlocked++;
            }
            else if (!(await judge.Evaluate(signal)).Passed)
            {
                regimePass = true;
                judgeBlocked++;
            }
            else
            {
                regimePass = judgePass = true;
                passed.Add(signal);
            }

            _recent[_recentCount++ % RecentCandidateCapacity] = new CandidateVerdict(signal.Time, signal.Nbbo.MidDouble, signal.ExpectedLogReturn, regimePass, judgePass);
            if (_hub.HasSubscribers)
            {
                var (level, slope) = _candidateStates[i];
                _hub.Publish(new TradingEvent(TradingEventKind.Signal, null, new SignalEvent(_symbol.Ticker, signal.Time, signal.ExpectedLogReturn, level, slope, regimePass, judgePass)));
            }
        }

        _regimeBlocked += regimeBlocked;
        _judgeBlocked += judgeBlocked;
        _signals += passed.Count;
        return new SymbolBatchResult(quotes, trades, _candidates.Count, regimeBlocked, judgeBlocked, passed.ToArray());
    }

    /// <inheritdoc />
    public Task<SymbolStatus> GetStatus() => Task.FromResult(new SymbolStatus(
        _symbol, _session.QuotesProcessed, _trades, _session.CandidatesEmitted, _regimeBlocked, _judgeBlocked, _signals, _lastMid,
        Math.Exp(_session.FilteredLogLevel), _session.Model is { } m ? $"ridge-baseline@{m.TrainedThrough:yyyy-MM-dd}" : "none"));

    /// <inheritdoc />
    public Task<CandidateVerdict[]> GetRecentCandidates()
    {
        var count = (int)Math.Min(_recentCount, RecentCandidateCapacity);
        var result = new CandidateVerdict[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _recent[(_recentCount - count + i) % RecentCandidateCapacity];
        }

        return Task.FromResult(result);
    }
}
