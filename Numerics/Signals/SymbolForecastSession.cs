using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>
/// The causal per-symbol forecasting pipeline of the baseline strategy, one trading day at a time:
/// NBBO mid → <see cref="SymbolFeatureEngine"/> (UKF local linear trend, realised volatility) → the frozen
/// <see cref="BaselineForecaster"/> fitted on the previous trading day only (walk-forward: fit on d-1, trade d) →
/// at most one forecast candidate per <see cref="SignalSessionOptions.SignalInterval"/>.
/// At the first tick of a new trading day the day's <see cref="DayFeatureLog"/> is fitted (that fit is acausal
/// within the finished day, which is allowed: the model is used only on later days) and frozen for the new day.
/// Not thread-safe; one instance per symbol (the symbol grain's state). <see cref="Capture"/> and <see cref="Restore"/> give an
/// exact checkpoint (<see cref="SymbolSessionState"/>): a restored session continues bit for bit.
/// </summary>
public sealed partial class SymbolForecastSession
{
    private readonly SignalSessionOptions _options;
    private readonly List<double> _volatilitySample = [];
    private SymbolFeatureEngine _engine;
    private DayFeatureLog? _log;
    private BaselineForecaster? _forecaster;
    private DateOnly _day;
    private long _dayEndNanos = long.MinValue;
    private long _sessionOpenNanos;
    private long _sessionCloseNanos;
    private long _nextCandidateNanos = long.MinValue;
    private long _nextVolatilitySampleNanos = long.MinValue;

    /// <summary>Creates a session.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SymbolForecastSession(Symbol symbol, SignalSessionOptions? options = null)
    {
        _options = options ?? new SignalSessionOptions();
        _options.Validate();
        Symbol = symbol;
        _engine = new SymbolFeatureEngine(_options.Features);
    }

    /// <summary>The instrument.</summary>
    public Symbol Symbol { get; }

    /// <summary>The trading day (exchange-local date) being processed; default before the first tick.</summary>
    public DateOnly TradingDay => _day;

    /// <summary>The model in use today, or null on the first day (no forecast, no trading).</summary>
    public BaselineModel? Model => _forecaster?.Model;

    /// <summary>Quotes fed to the engine since the start.</summary>
    public long QuotesProcessed { get; private set; }

    /// <summary>Forecast candidates emitted since the start.</summary>
    public long CandidatesEmitted { get; private set; }

    /// <summary>The current feature vector (see <see cref="FeatureIndex"/>).</summary>
    public ReadOnlySpan<double> Features => _engine.Features;

    /// <summary>The filtered log level of the mid (ln USD), NaN before the first tick.</summary>
    public double FilteredLogLevel => _engine.TickCount == 0 ? double.NaN : _engine.Features[FeatureIndex.Level];

    /// <summary>Set when a trading day ended at the last call: the finished day's realised-volatility sample (one
    /// value per <see cref="SignalSessionOptions.VolatilitySampleInterval"/>), for the regime gate's fit; null otherwise.</summary>
    public DayCompletion? LastCompletedDay { get; private set; }

    /// <summary>
    /// Feeds one NBBO quote. Returns true when a forecast candidate is due; <paramref name="candidate"/> then holds it.
    /// One-sided quotes are skipped. Effectively O(1) and allocation-free except at a day boundary.
    /// </summary>
    public bool OnQuote(in Quote quote, out ForecastCandidate candidate)
    {
        candidate = default;
        LastCompletedDay = null;
        if (!quote.IsTwoSided)
        {
            return false;
        }

        var time = quote.Time.Value;
        if (time >= _dayEndNanos)
        {
            RollDay(quote.Time);
        }

        if (time < _sessionOpenNanos || time >= _sessionCloseNanos)
        {
            return false; // outside the regular session: thin, wide quotes that the model was not fitted on
        }

        if (!_engine.TryUpdate(quote.Time, quote.MidDouble))
        {
            return false;
        }

        QuotesProcessed++;
        if (!_engine.IsWarm)
        {
            return false;
        }

        var features = _engine.Features;
        _log!.Append(quote.Time, _engine.LastLogMid, features);
        if (time >= _nextVolatilitySampleNanos)
        {
            _volatilitySample.Add(features[FeatureIndex.RealisedVolatility]);
            _nextVolatilitySampleNanos = time + _options.VolatilitySampleInterval.Ticks * 100L;
        }

        if (time < _nextCandidateNanos || _forecaster is null
            || !_forecaster.TryForecast(features, out var expected, out var noise) || !(noise > 0) || !double.IsFinite(expected))
        {
            return false;
        }

        _nextCandidateNanos = time + _options.SignalInterval.Ticks * 100L;
        CandidatesEmitted++;
        candidate = new ForecastCandidate(quote, expected, noise, _forecaster.Horizon, features[FeatureIndex.RealisedVolatility], _forecaster.Model!.TrainedThrough);
        return true;
    }

    private long UtcNanos(DateTime local) =>
        UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _options.ExchangeTimeZone)).Value;

    private void RollDay(UnixNanos time)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(time.ToDateTime(), _options.ExchangeTimeZone);
        var day = DateOnly.FromDateTime(local);
        if (_log is not null && _log.Count > 0)
        {
            BaselineModel? model = null;
            try
            {
                model = BaselineTrainer.Fit(_log, _options.Training);
            }
            catch (ArgumentException)
            {
                // Too few rows to fit (a short or empty day): the next day trades with the last model, if any.
                model = _forecaster?.Model;
            }

            LastCompletedDay = new DayCompletion(_day, _volatilitySample.ToArray(), _log.Count);
            _forecaster = null;
            if (model is not null)
            {
                _forecaster = new BaselineForecaster(day);
                _forecaster.Load(model);
            }
        }

        _day = day;
        _volatilitySample.Clear();
        _log = new DayFeatureLog(day);
        _engine = new SymbolFeatureEngine(_options.Features);
        _nextCandidateNanos = long.MinValue;
        _nextVolatilitySampleNanos = long.MinValue;
        _sessionOpenNanos = UtcNanos(local.Date + _options.SessionOpen.ToTimeSpan());
        _sessionCloseNanos = UtcNanos(local.Date + _options.SessionClose.ToTimeSpan());
        var nextMidnightLocal = local.Date.AddDays(1);
        _dayEndNanos = UtcNanos(nextMidnightLocal);
    }
}

/// <summary>A forecast that the regime and judge gates decide on.</summary>
/// <param name="Nbbo">The NBBO at the forecast.</param>
/// <param name="ExpectedLogReturn">Expected log return of the mid over <paramref name="Horizon"/>.</param>
/// <param name="NoiseStandardDeviation">Residual standard deviation of the model's fit (log return over the horizon).</param>
/// <param name="Horizon">The forecast horizon.</param>
/// <param name="RealisedVolatility">Realised volatility at the forecast (log return per √second).</param>
/// <param name="ModelTrainedThrough">The last day the model saw (always before the trading day).</param>
public readonly record struct ForecastCandidate(Quote Nbbo, double ExpectedLogReturn, double NoiseStandardDeviation, TimeSpan Horizon, double RealisedVolatility, DateOnly ModelTrainedThrough);

/// <summary>What a finished trading day leaves for the gates.</summary>
/// <param name="Day">The finished day.</param>
/// <param name="RealisedVolatilitySample">Realised volatility sampled over the day (log return per √second).</param>
/// <param name="Rows">Warm feature rows logged that day.</param>
public sealed record DayCompletion(DateOnly Day, double[] RealisedVolatilitySample, int Rows);
