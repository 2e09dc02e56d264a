using System.Diagnostics;
using Quant.Orleans.Core;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces.Messages;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Grains.Symbols;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// A symbol grain's side of the rollout (<see cref="StudentRolloutOptions"/>): at the start of a batch it reads the
/// family's <see cref="RolloutAssignment"/> (at most once per <see cref="StudentRolloutOptions.PollInterval"/>) and, on
/// a new generation, swaps the served students: the trading version is the canary on the symbols
/// <see cref="CanaryAssignment"/> gives it and the live version elsewhere; the shadow version, when there is one, runs
/// beside it. A serving whose version stays is kept (a shadow promoted to trading keeps its warm window), a new one
/// reads the window of a serving with the same <see cref="StudentModel.WindowKey"/>. During the batch it collects what
/// each version served (predictions, the newest row of its inputs) and the shadow's would-be signals, and reports them
/// to the rollout grain at the end of the batch.
/// </summary>
internal sealed class SymbolRollout
{
    private readonly StudentRolloutOptions _options;
    private readonly string _ticker;
    private readonly ILogger _logger;
    private readonly Collected _trading = new();
    private readonly Collected _shadow = new();
    private readonly List<ShadowSignal?> _pendingShadow = [];
    private long _generation = -1;
    private long _lastPoll;
    private string? _tradingVersion;
    private string? _shadowVersion;
    private bool _warmUp;

    /// <summary>Creates the rollout of one symbol.</summary>
    public SymbolRollout(StudentRolloutOptions options, string ticker, ILogger logger)
    {
        _options = options;
        _ticker = ticker;
        _logger = logger;
    }

    /// <summary>Swaps that changed a served version.</summary>
    public long Swaps { get; private set; }

    /// <summary>Versions that could not be loaded (the symbol then trades without a student, or runs no shadow, until
    /// the next generation).</summary>
    public long LoadFailures { get; private set; }

    /// <summary>The generation of the assignment served now; −1 before the first read.</summary>
    public long Generation => _generation;

    /// <summary>Reads that failed (the rollout grain or the registry could not answer); the servings of the previous
    /// generation went on serving.</summary>
    public long PollFailures { get; private set; }

    /// <summary>At a batch boundary: reads the assignment when due and returns the servings for the batch. A failed read
    /// keeps the current servings (logged and counted): a registry fault never stops the symbol's trading.</summary>
    /// <param name="grains">The grain factory.</param>
    /// <param name="trading">The trading serving now.</param>
    /// <param name="shadow">The shadow serving now.</param>
    /// <param name="warmUp">True for a batch that only rebuilds state after a restart (<c>MarketBatch.WarmUp</c>): its
    /// forecasts are not reported again.</param>
    /// <returns>The servings for this batch (the old ones that are not kept are disposed).</returns>
    public async ValueTask<(StudentServing? Trading, StudentServing? Shadow)> AtBatchStartAsync(IGrainFactory grains, StudentServing? trading, StudentServing? shadow, bool warmUp)
    {
        _pendingShadow.Clear();
        _warmUp = warmUp;
        if (_lastPoll != 0 && Stopwatch.GetElapsedTime(_lastPoll) < _options.PollInterval)
        {
            return (trading, shadow);
        }

        _lastPoll = Stopwatch.GetTimestamp();
        RolloutAssignment assignment;
        try
        {
            assignment = await grains.GetGrain<IModelRolloutGrain>(_options.Family).GetAssignment();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PollFailures++;
            _logger.LogWarning("Symbol {Symbol}: the rollout assignment of '{Family}' could not be read ({Error}); generation {Generation} serves on.", _ticker, _options.Family, e.Message, _generation);
            return (trading, shadow);
        }

        if (assignment.Generation == _generation)
        {
            return (trading, shadow);
        }

        _generation = assignment.Generation;
        var wantTrading = assignment.Canary is { } canary && CanaryAssignment.InCanary(canary, _ticker, assignment.CanaryShare) ? canary : assignment.Live;
        var wantShadow = assignment.Shadow is { } s && s != wantTrading ? s : null;
        var nextTrading = await ResolveAsync(wantTrading, trading, shadow);
        var nextShadow = await ResolveAsync(wantShadow, trading, shadow, nextTrading);
        foreach (var old in new[] { trading, shadow })
        {
            if (old is not null && !ReferenceEquals(old, nextTrading) && !ReferenceEquals(old, nextShadow))
            {
                old.Dispose();
            }
        }

        if (nextTrading?.Version != _tradingVersion || nextShadow?.Version != _shadowVersion)
        {
            Swaps++;
            _logger.LogInformation(
                "Symbol {Symbol}: rollout generation {Generation} serves {Trading} (shadow {Shadow}).",
                _ticker, _generation, nextTrading?.Version ?? "the ridge baseline", nextShadow?.Version ?? "none");
        }

        (_tradingVersion, _shadowVersion) = (nextTrading?.Version, nextShadow?.Version);
        _trading.Clear();
        _shadow.Clear();
        return (nextTrading, nextShadow);
    }

    /// <summary>Records a served trading forecast with the newest row of its inputs and the NBBO at the decision.</summary>
    /// <param name="serving">The trading serving.</param>
    /// <param name="expectedLogReturn">Its forecast μ.</param>
    /// <param name="quote">The NBBO the decision was taken on (its time is the time the account's order is stamped with).</param>
    public void OnTradingForecast(StudentServing serving, double expectedLogReturn, in Quote quote)
    {
        if (!_warmUp)
        {
            _trading.Add(serving, expectedLogReturn);
            _trading.Decisions.Add((quote.Time.Value, quote.MidDouble));
        }
    }

    /// <summary>At a candidate (the trading signal decided): the shadow's forecast at the same time, when it serves.</summary>
    /// <param name="signal">The trading signal of the candidate.</param>
    /// <param name="shadow">The shadow serving, or null.</param>
    /// <param name="quote">The NBBO at the decision.</param>
    /// <param name="strategy">The strategy (for the profile's forecast rule).</param>
    public void OnCandidate(Signal signal, StudentServing? shadow, in Quote quote, StrategyOptions strategy)
    {
        if (_warmUp || shadow is null || !shadow.TryForecast(out var forecast))
        {
            _pendingShadow.Add(null);
            return;
        }

        _shadow.Add(shadow, forecast.ExpectedLogReturn);
        _shadow.Decisions.Add((quote.Time.Value, quote.MidDouble));
        var rule = strategy.Profile == StrategyProfile.Baseline
            ? Math.Abs(forecast.ExpectedLogReturn) / forecast.NoiseStandardDeviation >= strategy.JudgeMinimumRatio
            : forecast.Confidence >= strategy.MinimumConfidence;
        _pendingShadow.Add(new ShadowSignal(
            _ticker, signal.Time.Value, quote.BidPrice.ToDecimal(), quote.AskPrice.ToDecimal(), forecast.ExpectedLogReturn,
            forecast.NoiseStandardDeviation, RegimePassed: false, rule, forecast.Confidence));
    }

    /// <summary>The regime gate's verdict on the <paramref name="index"/>-th pending candidate: the shadow's signal at
    /// that candidate is held to it.</summary>
    /// <param name="index">The candidate's index among the grain's pending candidates (0-based).</param>
    /// <param name="passed">Whether the regime gate passed it.</param>
    public void OnRegimeVerdict(int index, bool passed)
    {
        if (index < _pendingShadow.Count && _pendingShadow[index] is { } signal)
        {
            _shadow.Signals.Add(signal with { RegimePassed = passed });
            _pendingShadow[index] = null;
        }
    }

    /// <summary>The pending candidates were judged (the grain's pending list starts again).</summary>
    public void ClearPending() => _pendingShadow.Clear();

    /// <summary>Reports that failed; their samples were dropped.</summary>
    public long ReportFailures { get; private set; }

    /// <summary>Sends what was collected in the batch to the rollout grain. A failed report is logged, counted and
    /// dropped: monitoring never stops the symbol's trading.</summary>
    /// <param name="grains">The grain factory.</param>
    public async ValueTask AtBatchEndAsync(IGrainFactory grains)
    {
        var rollout = grains.GetGrain<IModelRolloutGrain>(_options.Family);
        try
        {
            if (_tradingVersion is { } trading && _trading.Predictions.Count > 0)
            {
                await rollout.Report(_trading.ToReport(_options.Family, trading, _ticker, RolloutRole.Trading));
            }

            if (_shadowVersion is { } shadow && (_shadow.Predictions.Count > 0 || _shadow.Signals.Count > 0))
            {
                await rollout.Report(_shadow.ToReport(_options.Family, shadow, _ticker, RolloutRole.Shadow));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ReportFailures++;
            _logger.LogWarning("Symbol {Symbol}: a rollout report to '{Family}' failed ({Error}); its samples are dropped.", _ticker, _options.Family, e.Message);
        }
        finally
        {
            _trading.Clear();
            _shadow.Clear();
        }
    }

    private async ValueTask<StudentServing?> ResolveAsync(string? version, StudentServing? trading, StudentServing? shadow, StudentServing? taken = null)
    {
        if (version is null)
        {
            return null;
        }

        foreach (var existing in new[] { trading, shadow })
        {
            if (existing is not null && existing.Version == version && !ReferenceEquals(existing, taken))
            {
                return existing;
            }
        }

        try
        {
            var model = await _options.Catalog.GetAsync(_options.Family, version);
            var window = new[] { taken, trading, shadow }.FirstOrDefault(s => s is not null && s.Model.WindowKey == model.WindowKey)?.Window;
            return new StudentServing(model, version, window, _ticker, _logger);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LoadFailures++;
            _logger.LogError("Symbol {Symbol}: version {Version} of '{Family}' cannot be served ({Error}); until the next rollout generation the symbol goes without it.", _ticker, version, _options.Family, e.Message);
            return null;
        }
    }

    /// <summary>What one version served during a batch.</summary>
    private sealed class Collected
    {
        private string[] _names = [];
        private List<double>[] _features = [];

        public List<double> Predictions { get; } = [];

        public List<ShadowSignal> Signals { get; } = [];

        public List<(long Time, double Mid)> Decisions { get; } = [];

        public void Add(StudentServing serving, double prediction)
        {
            var width = serving.Features;
            if (_features.Length != width)
            {
                _names = DistillationSchemas.Student.Width == width
                    ? [.. DistillationSchemas.Student.Columns]
                    : [.. Enumerable.Range(0, width).Select(i => $"f{i}")];
                _features = [.. Enumerable.Range(0, width).Select(_ => new List<double>())];
            }

            Predictions.Add(prediction);
            var newest = serving.Rows[^width..];
            for (var c = 0; c < width; c++)
            {
                _features[c].Add(newest[c]);
            }
        }

        public RolloutReport ToReport(string family, string version, string ticker, RolloutRole role) => new(
            family, version, ticker, role, [.. Predictions], _names, [.. _features.Select(f => f.ToArray())], [.. Signals])
        {
            DecisionTimes = [.. Decisions.Select(d => d.Time)],
            DecisionMids = [.. Decisions.Select(d => d.Mid)],
        };

        public void Clear()
        {
            Predictions.Clear();
            Signals.Clear();
            Decisions.Clear();
            foreach (var f in _features)
            {
                f.Clear();
            }
        }
    }
}
