using Quant.Orleans.Core;
using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Judge;

/// <summary>One step of the judge's grid as <see cref="JudgeMarketSampler"/> fed it.</summary>
/// <param name="Time">Step time, UTC Unix ns.</param>
/// <param name="Mid">Prevailing NBBO mid, USD.</param>
/// <param name="HalfSpread">Relative half-spread (ask − bid)/2/mid.</param>
/// <param name="BidSize">Shares at the best bid.</param>
/// <param name="AskSize">Shares at the best ask.</param>
/// <param name="TradeFlowImbalance">(B − S)/(B + S) in [−1, 1].</param>
public readonly record struct JudgeGridStep(long Time, double Mid, double HalfSpread, double BidSize, double AskSize, double TradeFlowImbalance);

/// <summary>A primary-model candidate as a symbol grain met it, before the judge decided.</summary>
/// <param name="Time">Candidate time, UTC Unix ns.</param>
/// <param name="Step">Index in <see cref="JudgeSymbolRecording.Steps"/> of the latest step fed at the candidate; −1 when
/// no step of the candidate's session had been fed (no row could be written).</param>
/// <param name="Mu">Forecast mean ln return over the horizon.</param>
/// <param name="Sigma">Forecast standard deviation, ln return.</param>
/// <param name="Confidence">The primary's confidence in [0.5, 1] (see the signal's definition).</param>
/// <param name="RegimeProbabilities">The regime gate's filtered state probabilities, calmest first (empty when none).</param>
/// <param name="RegimePassed">Whether the regime gate passed it (the judge is only asked then).</param>
/// <param name="ModelVersion">The primary model's version.</param>
/// <param name="ServedRow">The feature row the grain's trained judge scored; null when no trained judge served.</param>
/// <param name="RealisedVolatility">The signal's realised volatility at the candidate, ln price per √second (the policy
/// state's input); NaN when not recorded.</param>
/// <param name="Trend">The signal's filtered trend, ln price per second; NaN when the sender has none or it was not recorded.</param>
/// <param name="QuantileLow">The forecast's 0.1 quantile, ln return (the judge's quantile columns); NaN when none.</param>
/// <param name="QuantileHigh">The forecast's 0.9 quantile, ln return; NaN when none.</param>
public sealed record JudgeRecordedCandidate(
    long Time, int Step, double Mu, double Sigma, double Confidence, double[] RegimeProbabilities, bool RegimePassed, string ModelVersion, float[]? ServedRow,
    double RealisedVolatility = double.NaN, double Trend = double.NaN, double QuantileLow = double.NaN, double QuantileHigh = double.NaN);

/// <summary>What one symbol's grain fed its judge sampler and the candidates it met, in time order.</summary>
/// <param name="Symbol">The ticker.</param>
public sealed record JudgeSymbolRecording(string Symbol)
{
    /// <summary>The grid steps, in time order (sessions follow one another).</summary>
    public List<JudgeGridStep> Steps { get; } = [];

    /// <summary>The candidates, in time order.</summary>
    public List<JudgeRecordedCandidate> Candidates { get; } = [];

    /// <summary>Appends the steps and candidates of one session of another recording of the same symbol (e.g. a
    /// walk-forward window's test day), renumbering the candidates' steps.</summary>
    /// <param name="other">The recording to take from.</param>
    /// <param name="day">The session date to take.</param>
    /// <param name="calendar">The calendar of session dates.</param>
    /// <exception cref="ArgumentException">The symbols differ, or the day does not follow what this recording holds.</exception>
    public void AppendDay(JudgeSymbolRecording other, DateOnly day, Metrics.TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!string.Equals(other.Symbol, Symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot append {other.Symbol}'s recording to {Symbol}'s.", nameof(other));
        }

        var map = new Dictionary<int, int>();
        for (var i = 0; i < other.Steps.Count; i++)
        {
            var step = other.Steps[i];
            if (calendar.SessionDate(step.Time) != day)
            {
                continue;
            }

            if (Steps.Count > 0 && step.Time <= Steps[^1].Time)
            {
                throw new ArgumentException($"{Symbol}: {day:yyyy-MM-dd} does not follow the recorded steps (step at {step.Time}, last {Steps[^1].Time}).", nameof(day));
            }

            map[i] = Steps.Count;
            Steps.Add(step);
        }

        foreach (var c in other.Candidates)
        {
            if (calendar.SessionDate(c.Time) == day)
            {
                Candidates.Add(c with { Step = c.Step >= 0 && map.TryGetValue(c.Step, out var s) ? s : -1 });
            }
        }
    }
}

/// <summary>How recorded candidates become a judge's training set.</summary>
public sealed record JudgeRecordingOptions
{
    /// <summary>The feature columns (regime count = the HMM gate's K; calendar).</summary>
    public JudgeFeatureOptions Features { get; init; } = new();

    /// <summary>Barriers and costs of the meta-labels; the vertical barrier should be the forecast horizon in steps.</summary>
    public JudgeLabelOptions Labels { get; init; } = new();

    /// <summary>The grid spacing the sampler used.</summary>
    public TimeSpan Cadence { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Which candidates the judge is trained on: those it would be asked about (e.g. regime passed and the
    /// profile's confidence reached). Default: regime passed.</summary>
    public Func<JudgeRecordedCandidate, bool> Eligible { get; init; } = static c => c.RegimePassed;

    /// <summary>The fractional-difference order to build the rows with (e.g. a served judge's, to rebuild the rows it
    /// scored); null: fitted on the recorded ln mids.</summary>
    public FractionalDifferenceFit? FractionalDifference { get; init; }

    /// <summary>Sessions on or after this date are ignored (steps and candidates): a judge for test day d is built with
    /// <c>Until = d</c>. Null: everything recorded.</summary>
    public DateOnly? Until { get; init; }
}

/// <summary>A judge's training set built from recordings.</summary>
/// <param name="Data">Rows sorted by entry step on the common grid (every symbol's sessions on one axis).</param>
/// <param name="FractionalDifference">The d the rows were built with (fitted on the recorded mids).</param>
/// <param name="Days">The session dates covered, ascending.</param>
public sealed record JudgeTrainingSet(JudgeDataset Data, FractionalDifferenceFit FractionalDifference, DateOnly[] Days);

/// <summary>
/// Builds the judge's training set from what symbol grains recorded (<see cref="JudgeSymbolRecording"/>): the rows are
/// rewritten by replaying the recorded steps through <see cref="JudgeFeatureState"/> — the class the grain serves
/// with — with the d fitted here (<see cref="FractionalDifferenceFit"/> on each symbol's recorded ln mids, the
/// largest d kept so every symbol's series passes), and labelled by <see cref="JudgeLabeler"/> per symbol and
/// session. Rows of all symbols share one axis: step = session ordinal × steps per session + step in the session, so
/// the purged k-fold purges overlapping labels across symbols too (conservative).
/// </summary>
public static class JudgeRecordingTrainer
{
    /// <summary>Builds the training set.</summary>
    /// <param name="recordings">One recording per symbol.</param>
    /// <param name="options">Columns, labels, cadence and eligibility.</param>
    /// <returns>The set; its data set may be empty when nothing was eligible.</returns>
    /// <exception cref="ArgumentException">A recording's steps or candidates are out of order, or a candidate names a
    /// step outside its recording (the symbol and index are named).</exception>
    public static JudgeTrainingSet Build(IReadOnlyList<JudgeSymbolRecording> recordings, JudgeRecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentNullException.ThrowIfNull(options);
        var calendar = options.Features.Calendar;
        var cadence = options.Cadence.Ticks * 100;
        var stepsPerSession = (int)(calendar.GridMinutesPerDay * 60L * UnixNanos.NanosPerSecond / cadence);
        var fractional = options.FractionalDifference ?? FitOrder(recordings, calendar, options.Until);
        var schema = options.Features.Schema();
        var width = schema.Width;
        var built = recordings.Select(r => BuildSymbol(r, options, fractional, calendar, cadence, stepsPerSession, width)).ToList();
        var days = built.SelectMany(b => b.Select(x => x.Day)).Distinct().Order().ToArray();
        var ordinal = days.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i * stepsPerSession);
        var rows = new List<(int Symbol, float[] Row, JudgeLabel Label)>();
        for (var s = 0; s < built.Count; s++)
        {
            foreach (var (day, row, label) in built[s])
            {
                var offset = ordinal[day];
                rows.Add((s, row, label with { StartIndex = label.StartIndex + offset, TouchIndex = label.TouchIndex + offset }));
            }
        }

        rows.Sort((a, b) => a.Label.StartIndex != b.Label.StartIndex ? a.Label.StartIndex.CompareTo(b.Label.StartIndex)
            : a.Symbol != b.Symbol ? a.Symbol.CompareTo(b.Symbol) : a.Label.StartTime.CompareTo(b.Label.StartTime));
        var features = new float[rows.Count * width];
        var labels = new JudgeLabel[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Row.CopyTo(features.AsSpan(i * width, width));
            labels[i] = rows[i].Label with { Candidate = i };
        }

        var data = JudgeDataset.Create(schema, features, labels, Math.Max(1, days.Length * stepsPerSession));
        return new JudgeTrainingSet(data, fractional, days);
    }

    /// <summary>Builds the set and trains a judge on all of its rows (<see cref="JudgeTrainer.Train"/>: purged k-fold
    /// with embargo chooses the hyperparameters, Platt scaling and the threshold).</summary>
    /// <param name="set">The training set.</param>
    /// <param name="training">Grid, folds, seed.</param>
    /// <returns>The trained judge.</returns>
    /// <exception cref="ArgumentException">The set has fewer rows than folds, or one class only.</exception>
    public static JudgeModel Train(JudgeTrainingSet set, JudgeTrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(training);
        var data = set.Data;
        var positives = data.Labels.Count(l => l == 1);
        if (data.Rows < training.Folds * 2 || positives == 0 || positives == data.Rows)
        {
            throw new ArgumentException($"{data.Rows} eligible candidates ({positives} positive) cannot train a judge with {training.Folds} folds; it needs both outcomes and at least {training.Folds * 2} rows.", nameof(set));
        }

        return JudgeTrainer.Train(data, [.. Enumerable.Range(0, data.Rows)], set.FractionalDifference, training);
    }

    /// <summary>The rows of one symbol's eligible candidates, labelled, with their start on the common axis.</summary>
    private static List<(DateOnly Day, float[] Row, JudgeLabel Label)> BuildSymbol(
        JudgeSymbolRecording recording, JudgeRecordingOptions options, FractionalDifferenceFit fractional, TradingCalendar calendar,
        long cadence, int stepsPerSession, int width)
    {
        var steps = recording.Steps;
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].Time <= steps[i - 1].Time)
            {
                throw new ArgumentException($"{recording.Symbol}: step {i} at {steps[i].Time} does not follow step {i - 1} at {steps[i - 1].Time}.", nameof(recording));
            }
        }

        var result = new List<(DateOnly Day, float[] Row, JudgeLabel Label)>();
        var state = new JudgeFeatureState(options.Features, fractional);
        var fed = -1;
        DateOnly session = default;
        var sessionStart = 0;
        var byDay = new Dictionary<DateOnly, List<(int Index, JudgeRecordedCandidate Candidate, float[] Row)>>();
        var sessionStarts = new Dictionary<DateOnly, int>();
        foreach (var c in recording.Candidates)
        {
            if (c.Step < 0 || !options.Eligible(c) || !double.IsFinite(c.Mu) || c.Mu == 0 || !(c.Sigma > 0)
                || (options.Until is { } until && calendar.SessionDate(c.Time) >= until))
            {
                continue;
            }

            if (c.Step >= steps.Count || c.Step < fed)
            {
                throw new ArgumentException($"{recording.Symbol}: the candidate at {c.Time} names step {c.Step}; the recording has {steps.Count} steps and the previous candidate named {fed}.", nameof(recording));
            }

            while (fed < c.Step)
            {
                fed++;
                var date = calendar.SessionDate(steps[fed].Time);
                if (fed == 0 || date != session)
                {
                    state.Reset();
                    (session, sessionStart) = (date, fed);
                    sessionStarts[date] = fed;
                }

                state.Step(steps[fed]);
            }

            var row = new float[width];
            // As the grain serves: zeros when the regime gate gave no posterior of the schema's K states.
            var regimes = options.Features.RegimeCount;
            var posterior = c.RegimeProbabilities.Length == regimes ? c.RegimeProbabilities : new double[regimes];
            state.WriteRow(c.Mu, c.Sigma, c.QuantileLow, c.QuantileHigh, posterior, row);
            if (!byDay.TryGetValue(session, out var list))
            {
                byDay[session] = list = [];
            }

            list.Add((c.Step - sessionStart, c, row));
        }

        foreach (var (day, list) in byDay)
        {
            var start = sessionStarts[day];
            var end = start;
            while (end < steps.Count && calendar.SessionDate(steps[end].Time) == day)
            {
                end++;
            }

            var n = end - start;
            var market = new JudgeMarketData(
                [.. steps.Skip(start).Take(n).Select(x => x.Time)],
                [.. steps.Skip(start).Take(n).Select(x => x.Mid)],
                [.. steps.Skip(start).Take(n).Select(x => x.HalfSpread)],
                [.. steps.Skip(start).Take(n).Select(x => x.BidSize)],
                [.. steps.Skip(start).Take(n).Select(x => x.AskSize)],
                [.. steps.Skip(start).Take(n).Select(x => x.TradeFlowImbalance)],
                [],
                0);
            var labels = JudgeLabeler.Label(market, [.. list.Select(x => new JudgeCandidate(x.Index, x.Candidate.Mu, x.Candidate.Sigma))], options.Labels);
            var open = SessionOpen(calendar, day);
            for (var i = 0; i < labels.Length; i++)
            {
                // In-session step numbers from the open; the caller adds the session's offset on the common axis.
                var l = labels[i];
                var startStep = (int)Math.Clamp((l.StartTime - open) / cadence, 0, stepsPerSession - 1);
                var touchStep = (int)Math.Clamp((l.TouchTime - open) / cadence, 0, stepsPerSession - 1);
                result.Add((day, list[i].Row, l with { StartIndex = startStep, TouchIndex = Math.Max(startStep, touchStep) }));
            }
        }

        return result;
    }

    private static long SessionOpen(TradingCalendar calendar, DateOnly day)
    {
        var local = day.ToDateTime(calendar.GridOpen, DateTimeKind.Unspecified);
        var utc = calendar.TimeZone == TimeZoneInfo.Utc ? DateTime.SpecifyKind(local, DateTimeKind.Utc) : TimeZoneInfo.ConvertTimeToUtc(local, calendar.TimeZone);
        return UnixNanos.FromDateTime(utc).Value;
    }

    /// <summary>The smallest d passing ADF on every symbol's recorded ln mids before <paramref name="until"/> (the largest
    /// of the per-symbol fits).</summary>
    /// <exception cref="ArgumentException">No symbol recorded a step.</exception>
    private static FractionalDifferenceFit FitOrder(IReadOnlyList<JudgeSymbolRecording> recordings, TradingCalendar calendar, DateOnly? until)
    {
        FractionalDifferenceFit? best = null;
        foreach (var r in recordings)
        {
            var logMids = r.Steps.Where(s => until is null || calendar.SessionDate(s.Time) < until).Select(s => Math.Log(s.Mid)).ToArray();
            if (logMids.Length < 100)
            {
                continue;
            }

            var fit = FractionalDifferenceFit.Fit(logMids);
            if (best is null || fit.Order > best.Order)
            {
                best = fit;
            }
        }

        return best ?? throw new ArgumentException("No symbol recorded 100 grid steps before the cut-off; the judge's fractional difference cannot be fitted.", nameof(recordings));
    }
}
