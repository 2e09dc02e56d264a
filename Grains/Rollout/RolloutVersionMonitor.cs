using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// What one version was seen doing since it entered its current stage: the predictions and the newest input row of
/// each forecast the symbol grains reported (the latest <c>capacity</c> forecasts, older ones dropped first; the rules
/// read those of complete sessions only, <see cref="CompletePredictions"/>), the
/// monitored gate outcomes, and for a shadow version its <see cref="ShadowBook"/>. Turned into
/// <see cref="RolloutObservations"/> against the version's <see cref="DriftReference"/> for <see cref="RolloutRules"/>.
/// </summary>
public sealed class RolloutVersionMonitor
{
    private readonly int _capacity;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private readonly Queue<Sample> _samples = new();
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, long Time), double> _decisionMids = [];
    private readonly Queue<(string Symbol, long Time)> _decisionOrder = new();

    /// <summary>Starts monitoring a version in a stage.</summary>
    /// <param name="versionId">The version.</param>
    /// <param name="stage">Its stage.</param>
    /// <param name="capacity">Most values kept per sample, ≥ 2.</param>
    /// <param name="shadowBook">The shadow book (a shadow version), or null.</param>
    public RolloutVersionMonitor(string versionId, RegistryStage stage, int capacity, ShadowBook? shadowBook)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        VersionId = versionId;
        Stage = stage;
        _capacity = capacity;
        Shadow = shadowBook;
    }

    /// <summary>The version.</summary>
    public string VersionId { get; }

    /// <summary>The stage it is monitored in.</summary>
    public RegistryStage Stage { get; }

    /// <summary>The shadow book, for a shadow version.</summary>
    public ShadowBook? Shadow { get; }

    /// <summary>Monitored gate outcomes, oldest first.</summary>
    public List<bool> GatePasses { get; } = [];

    /// <summary>The evidence day of each entry of <see cref="GatePasses"/> (same order).</summary>
    public List<DateOnly> GateDays { get; } = [];

    /// <summary>Records a gate outcome: replaces the one of the same evidence day, else appends it.</summary>
    /// <param name="evidenceDay">The newest session day the evaluation read.</param>
    /// <param name="passed">Whether every gate passed.</param>
    public void AddGate(DateOnly evidenceDay, bool passed)
    {
        var index = GateDays.IndexOf(evidenceDay);
        if (index >= 0)
        {
            GatePasses[index] = passed;
            return;
        }

        GateDays.Add(evidenceDay);
        GatePasses.Add(passed);
    }

    private DateOnly? _latestDay;
    private bool _latestDayClosed;

    /// <summary>The time of day from which a session counts as complete: a decision at or after 15:45 New York time.</summary>
    public static readonly TimeOnly SessionComplete = new(15, 45);

    /// <summary>Predictions kept.</summary>
    public int Predictions => _samples.Count;

    /// <summary>Predictions the rules judge: those without a decision time, and those of complete New York sessions
    /// (a later session has started, or a decision at or after <see cref="SessionComplete"/> was reported). Judging a
    /// morning against a whole-day reference would read the intraday pattern of volatility and spread as drift.</summary>
    public int CompletePredictions => _samples.Count(Complete);

    /// <summary>Symbols that reported the version.</summary>
    public IReadOnlyCollection<string> Symbols => _symbols;

    /// <summary>The NBBO mid of a reported decision (the latest <c>capacity</c> decisions are kept).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="time">The decision's NBBO time, UTC ns.</param>
    /// <param name="mid">The mid, price units.</param>
    /// <returns>False when no such decision was reported (or it was dropped).</returns>
    public bool TryGetDecisionMid(string symbol, long time, out double mid) => _decisionMids.TryGetValue((symbol, time), out mid);

    /// <summary>Takes one report.</summary>
    /// <param name="report">The report (its shapes are checked).</param>
    /// <param name="shadowOrders">Receives the would-be orders the shadow book sized.</param>
    /// <exception cref="ArgumentException">A feature sample's length differs from the predictions'.</exception>
    public void Add(RolloutReport report, List<ShadowOrder> shadowOrders)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.FeatureNames.Length != report.Features.Length || report.Features.Any(f => f.Length != report.Predictions.Length))
        {
            throw new ArgumentException($"report of {report.VersionId} on {report.Symbol}: {report.FeatureNames.Length} names, {report.Features.Length} feature samples, each must have the {report.Predictions.Length} values of the predictions.", nameof(report));
        }

        if (report.DecisionTimes.Length != report.DecisionMids.Length || (report.DecisionTimes.Length != 0 && report.DecisionTimes.Length != report.Predictions.Length))
        {
            throw new ArgumentException($"report of {report.VersionId} on {report.Symbol}: {report.DecisionTimes.Length} decision times and {report.DecisionMids.Length} mids for {report.Predictions.Length} predictions; give one of each per prediction, or none.", nameof(report));
        }

        for (var i = 0; i < report.DecisionTimes.Length; i++)
        {
            if (double.IsFinite(report.DecisionMids[i]) && report.DecisionMids[i] > 0)
            {
                if (_decisionMids.Count == _capacity)
                {
                    _decisionMids.Remove(_decisionOrder.Dequeue());
                }

                if (_decisionMids.TryAdd((report.Symbol, report.DecisionTimes[i]), report.DecisionMids[i]))
                {
                    _decisionOrder.Enqueue((report.Symbol, report.DecisionTimes[i]));
                }
            }
        }

        _symbols.Add(report.Symbol);
        var columns = new int[report.FeatureNames.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (!_columns.TryGetValue(report.FeatureNames[c], out columns[c]))
            {
                _columns[report.FeatureNames[c]] = columns[c] = _columns.Count;
            }
        }

        for (var i = 0; i < report.Predictions.Length; i++)
        {
            DateOnly? day = null;
            if (report.DecisionTimes.Length > 0)
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(report.DecisionTimes[i] / 100), NewYork);
                day = DateOnly.FromDateTime(local);
                if (_latestDay is null || day > _latestDay)
                {
                    (_latestDay, _latestDayClosed) = (day, false);
                }

                if (day == _latestDay && TimeOnly.FromDateTime(local) >= SessionComplete)
                {
                    _latestDayClosed = true;
                }
            }

            var features = new double[_columns.Count];
            Array.Fill(features, double.NaN);
            for (var c = 0; c < report.FeatureNames.Length; c++)
            {
                features[columns[c]] = report.Features[c][i];
            }

            if (_samples.Count == _capacity)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue(new Sample(day, report.Predictions[i], features));
        }

        if (Shadow is not null)
        {
            foreach (var signal in report.ShadowSignals)
            {
                if (Shadow.OnSignal(VersionId, signal) is { } order)
                {
                    shadowOrders.Add(order);
                }
            }
        }
    }

    /// <summary>The rules' input: features and predictions against the reference (finite values only; a column the
    /// reference does not have is not judged), and the execution counts given.</summary>
    /// <param name="reference">The version's training reference.</param>
    /// <param name="ordersSent">Orders sent on its signals.</param>
    /// <param name="ordersRejected">Of those, rejected.</param>
    /// <param name="fills">Its fills with their decision prices.</param>
    /// <param name="stage">The stage to judge it as (a shadow is judged as the canary it would become).</param>
    /// <returns>The observations.</returns>
    public RolloutObservations Observations(DriftReference reference, int ordersSent, int ordersRejected, FillSlippage[] fills, RegistryStage stage)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var complete = _samples.Where(Complete).ToArray();
        var features = new List<DriftSample>();
        for (var c = 0; c < reference.FeatureNames.Length; c++)
        {
            var name = reference.FeatureNames[c];
            if (_columns.TryGetValue(name, out var column)
                && Finite(complete.Select(s => column < s.Features.Length ? s.Features[column] : double.NaN)) is { Length: > 0 } current)
            {
                features.Add(new DriftSample(name, reference.Features[c], current));
            }
        }

        var predictions = new DriftSample("prediction", reference.Predictions, Finite(complete.Select(s => s.Prediction)));
        return new RolloutObservations(VersionId, stage, [.. GatePasses], [.. features], predictions, ordersSent, ordersRejected, fills);
    }

    private bool Complete(Sample sample) => sample.Day is not { } day || day < _latestDay || (day == _latestDay && _latestDayClosed);

    /// <summary>One monitored forecast: its New York session (null when reported without a decision time), μ, and the
    /// newest input row by the monitor's column index (NaN where the report had no such column; a column first seen
    /// later lies beyond the row's end).</summary>
    private sealed record Sample(DateOnly? Day, double Prediction, double[] Features);

    private static double[] Finite(IEnumerable<double> values) => [.. values.Where(double.IsFinite)];
}
