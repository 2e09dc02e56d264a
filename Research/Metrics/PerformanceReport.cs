using System.Globalization;
using Quant.Orleans.Research.Trials;

namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// Every performance number of a run, each a <see cref="Metric"/> that states its method, calendar, sample size and
/// status. Daily metrics use session-day returns of the instrument's <see cref="TradingCalendar"/>
/// (<see cref="DailyAggregation.DailyReturns"/>) annualised by its days per year (252 or 365); <c>step_raw</c> uses
/// one-minute returns on the calendar's regular-session grid (<see cref="SessionGrid.MinuteReturns"/>) annualised by
/// √(days per year × grid points per day).
/// </summary>
/// <param name="SharpeStepRaw">Sharpe of one-minute grid returns.</param>
/// <param name="SharpeDailyAgg">Sharpe of session-day returns (the one promotion gates use).</param>
/// <param name="Sortino">Sortino of session-day returns, target 0.</param>
/// <param name="ProfitFactor">Σ positive daily returns / |Σ negative daily returns|.</param>
/// <param name="MaxDrawdown">Largest peak-to-trough fall of the marked equity (initial equity included), fraction of the peak.</param>
/// <param name="Calmar">Compound annual growth of the daily returns / <see cref="MaxDrawdown"/>.</param>
/// <param name="HitRate">Fraction of days with a positive return among days with a non-zero one.</param>
/// <param name="Turnover">Traded notional / mean equity / observation days (fraction of equity per day).</param>
/// <param name="ObservationDays">Session dates with at least one mark.</param>
/// <param name="ProbabilisticSharpe">P[true daily Sharpe &gt; 0] (Bailey &amp; López de Prado 2014, eq. 2, SR* = 0).</param>
/// <param name="DeflatedSharpe">PSR against the expected maximum Sharpe of the trials in <see cref="MetricOptions.Trials"/>.</param>
/// <param name="FirstDay">First session date with a mark, or null.</param>
/// <param name="LastDay">Last session date with a mark, or null.</param>
public sealed record PerformanceReport(
    Metric SharpeStepRaw,
    Metric SharpeDailyAgg,
    Metric Sortino,
    Metric ProfitFactor,
    Metric MaxDrawdown,
    Metric Calmar,
    Metric HitRate,
    Metric Turnover,
    Metric ObservationDays,
    Metric ProbabilisticSharpe,
    Metric DeflatedSharpe,
    DateOnly? FirstDay,
    DateOnly? LastDay)
{
    /// <summary>The calendar's name (<see cref="TradingCalendar.Name"/>).</summary>
    public string Calendar { get; init; } = string.Empty;

    /// <summary>The session dates with a mark, ascending, shape (days): the dates of <see cref="DailyReturns"/>.</summary>
    public DateOnly[] Days { get; init; } = [];

    /// <summary>The session-day simple returns behind the daily metrics, shape (days): the Sharpe series a trial
    /// registry keeps.</summary>
    public double[] DailyReturns { get; init; } = [];

    /// <summary>The minimum observations the report was computed with.</summary>
    public int MinimumObservations { get; init; } = 20;

    /// <summary>The metrics in report order.</summary>
    public IEnumerable<Metric> All() =>
        [SharpeStepRaw, SharpeDailyAgg, Sortino, ProfitFactor, MaxDrawdown, Calmar, HitRate, Turnover, ObservationDays, ProbabilisticSharpe, DeflatedSharpe];

    /// <summary>Computes the report of an equity curve.</summary>
    /// <param name="times">Mark times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="equity">Marked equity, positive, shape (n), account currency.</param>
    /// <param name="initialEquity">Equity before the first mark, positive, account currency.</param>
    /// <param name="tradedNotional">Total absolute traded notional over the run, ≥ 0, account currency.</param>
    /// <param name="options">Minimum observations, calendar and trials; defaults (US equities, untracked) when null.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">As for <see cref="DailyAggregation.DailyReturns"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options or negative notional.</exception>
    public static PerformanceReport Compute(ReadOnlySpan<long> times, ReadOnlySpan<double> equity, double initialEquity, double tradedNotional, MetricOptions? options = null)
    {
        options ??= new MetricOptions();
        options.Validate();
        if (!(tradedNotional >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tradedNotional), tradedNotional, "tradedNotional must be ≥ 0.");
        }

        var calendar = options.Calendar;
        var (days, daily) = DailyAggregation.DailyReturns(times, equity, initialEquity, calendar);
        var minutes = SessionGrid.MinuteReturns(times, equity, initialEquity, calendar);
        var stepCurve = new double[equity.Length + 1];
        stepCurve[0] = initialEquity;
        equity.CopyTo(stepCurve.AsSpan(1));
        var min = options.MinimumObservations;
        double a = calendar.DaysPerYear;
        var maxDd = MaxDrawdownOf(stepCurve, equity.Length);
        var daysMethod = string.Create(CultureInfo.InvariantCulture, $"session dates ({calendar.TimeZone.Id}) with at least one mark");
        var report = new PerformanceReport(
            SharpeRatios.Sharpe(StepMethod(calendar), minutes, calendar.GridStepsPerYear, min),
            SharpeRatios.Sharpe(DailyMethod(calendar), daily, a, min),
            SharpeRatios.Sortino(DailyMethod(calendar), daily, a, min),
            ProfitFactorOf(daily, min),
            maxDd,
            CalmarOf(daily, a, min, maxDd),
            HitRateOf(daily, min),
            TurnoverOf(equity, tradedNotional, days.Length),
            Metric.Of("observation_days", daysMethod, days.Length, days.Length, null, "days"),
            PsrOf(daily, min, TrialStatistics.Untracked, deflated: false),
            PsrOf(daily, min, options.Trials, deflated: true),
            days.Length > 0 ? days[0] : null,
            days.Length > 0 ? days[^1] : null)
        {
            Calendar = calendar.Name,
            Days = days,
            DailyReturns = daily,
            MinimumObservations = min,
        };
        return report.WithCalendarOnMetrics();
    }

    /// <summary>The same report with its deflated Sharpe ratio recomputed against <paramref name="trials"/> (N and
    /// V[SR] from a trial registry, Bailey &amp; López de Prado 2014); every other metric is unchanged.</summary>
    /// <param name="trials">The candidate's trials.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trials"/> is null.</exception>
    public PerformanceReport WithTrials(TrialStatistics trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return this with { DeflatedSharpe = PsrOf(DailyReturns, MinimumObservations, trials, deflated: true) with { Calendar = Calendar } };
    }

    /// <summary>The per-period (daily, not annualised) Sharpe ratio of <see cref="DailyReturns"/>: mean / sd (N−1);
    /// null with fewer than two returns or zero variance. This is the estimate a trial contributes to V[SR].</summary>
    /// <returns>The ratio or null.</returns>
    public double? DailySharpePerPeriod()
    {
        var m = ReturnMoments.Of(DailyReturns);
        return DailyReturns.Length >= 2 && m.StandardDeviation > 0 ? m.Mean / m.StandardDeviation : null;
    }

    /// <summary>The <c>step_raw</c> method text: grid, carry-forward rule and annualisation factor.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>e.g. <c>step_raw: 1-minute grid 09:30–16:00 America/New_York (390 points a session day), last mark carried forward, annualised by √(252×390)</c>.</returns>
    public static string StepMethod(TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var close = calendar.GridMinutesPerDay == 1440 ? "24:00" : calendar.GridClose.ToString("HH:mm", CultureInfo.InvariantCulture);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{SharpeRatios.StepRaw}: 1-minute grid {calendar.GridOpen:HH:mm}–{close} {calendar.TimeZone.Id} ({calendar.GridMinutesPerDay} points a session day), last mark carried forward, annualised by √({calendar.DaysPerYear}×{calendar.GridMinutesPerDay})");
    }

    /// <summary>The <c>daily_agg</c> method text: bucket and annualisation factor.</summary>
    /// <param name="calendar">The calendar.</param>
    /// <returns>e.g. <c>daily_agg: returns compounded per America/New_York session date, annualised by √252</c>.</returns>
    public static string DailyMethod(TradingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return string.Create(CultureInfo.InvariantCulture, $"{SharpeRatios.DailyAgg}: returns compounded per {calendar.TimeZone.Id} session date, annualised by √{calendar.DaysPerYear}");
    }

    private PerformanceReport WithCalendarOnMetrics() => this with
    {
        SharpeStepRaw = SharpeStepRaw with { Calendar = Calendar },
        SharpeDailyAgg = SharpeDailyAgg with { Calendar = Calendar },
        Sortino = Sortino with { Calendar = Calendar },
        ProfitFactor = ProfitFactor with { Calendar = Calendar },
        MaxDrawdown = MaxDrawdown with { Calendar = Calendar },
        Calmar = Calmar with { Calendar = Calendar },
        HitRate = HitRate with { Calendar = Calendar },
        Turnover = Turnover with { Calendar = Calendar },
        ObservationDays = ObservationDays with { Calendar = Calendar },
        ProbabilisticSharpe = ProbabilisticSharpe with { Calendar = Calendar },
        DeflatedSharpe = DeflatedSharpe with { Calendar = Calendar },
    };

    private static Metric MaxDrawdownOf(double[] curve, int marks)
    {
        const string Method = "step_equity_peak_to_trough";
        if (marks < 1)
        {
            return Metric.Insufficient("max_drawdown", Method, marks, 1, null, "fraction");
        }

        double peak = curve[0], worst = 0;
        foreach (var e in curve)
        {
            peak = Math.Max(peak, e);
            worst = Math.Max(worst, (peak - e) / peak);
        }

        return Metric.Of("max_drawdown", Method, worst, marks, null, "fraction");
    }

    private static Metric ProfitFactorOf(double[] daily, int min)
    {
        const string Method = "daily_agg, sum of gains / |sum of losses|";
        if (daily.Length < min)
        {
            return Metric.Insufficient("profit_factor", Method, daily.Length, min, null, "ratio");
        }

        double gains = 0, losses = 0;
        foreach (var r in daily)
        {
            if (r > 0)
            {
                gains += r;
            }
            else
            {
                losses -= r;
            }
        }

        return losses > 0
            ? Metric.Of("profit_factor", Method, gains / losses, daily.Length, null, "ratio")
            : Metric.Undefined("profit_factor", Method, daily.Length, null, "ratio", "no losing day");
    }

    private static Metric CalmarOf(double[] daily, double a, int min, Metric maxDd)
    {
        const string Method = "daily_agg CAGR / max_drawdown";
        if (daily.Length < min)
        {
            return Metric.Insufficient("calmar", Method, daily.Length, min, a, "ratio");
        }

        var logGrowth = 0.0;
        foreach (var r in daily)
        {
            logGrowth += Math.Log(1 + r);
        }

        var cagr = Math.Exp(logGrowth * a / daily.Length) - 1;
        return maxDd.Value is > 0
            ? Metric.Of("calmar", Method, cagr / maxDd.Value.Value, daily.Length, a, "ratio")
            : Metric.Undefined("calmar", Method, daily.Length, a, "ratio", "zero drawdown");
    }

    private static Metric HitRateOf(double[] daily, int min)
    {
        const string Method = "daily_agg, positive days / non-zero days";
        if (daily.Length < min)
        {
            return Metric.Insufficient("hit_rate", Method, daily.Length, min, null, "fraction");
        }

        int wins = 0, active = 0;
        foreach (var r in daily)
        {
            if (r != 0)
            {
                active++;
                wins += r > 0 ? 1 : 0;
            }
        }

        return active > 0
            ? Metric.Of("hit_rate", Method, (double)wins / active, active, null, "fraction")
            : Metric.Undefined("hit_rate", Method, 0, null, "fraction", "no day with a non-zero return");
    }

    private static Metric TurnoverOf(ReadOnlySpan<double> equity, double notional, int days)
    {
        const string Method = "traded_notional / mean_equity / observation_days";
        if (days < 1)
        {
            return Metric.Insufficient("turnover", Method, days, 1, null, "per_day");
        }

        var mean = 0.0;
        foreach (var e in equity)
        {
            mean += e;
        }

        mean /= equity.Length;
        return Metric.Of("turnover", Method, notional / mean / days, days, null, "per_day");
    }

    private static Metric PsrOf(double[] daily, int min, TrialStatistics trials, bool deflated)
    {
        var name = deflated ? "deflated_sharpe" : "probabilistic_sharpe";
        var method = deflated
            ? $"daily_agg, Bailey & López de Prado 2014, SR* = expected maximum Sharpe of {trials}"
            : "daily_agg, Bailey & López de Prado 2014, SR*=0";
        if (daily.Length < min)
        {
            return Metric.Insufficient(name, method, daily.Length, min, null, "probability");
        }

        var m = ReturnMoments.Of(daily);
        if (!(m.StandardDeviation > 0))
        {
            return Metric.Undefined(name, method, daily.Length, null, "probability", "zero variance");
        }

        if (deflated && trials.SharpeVariance is null)
        {
            return Metric.Undefined(name, method, daily.Length, null, "probability", "V[SR] unknown: fewer than two trials with a Sharpe estimate");
        }

        var sr = m.Mean / m.StandardDeviation;
        var p = deflated
            ? Metrics.DeflatedSharpe.Deflated(sr, daily.Length, m.Skewness, m.Kurtosis, trials.Trials, trials.SharpeVariance!.Value)
            : Metrics.DeflatedSharpe.Probabilistic(sr, 0, daily.Length, m.Skewness, m.Kurtosis);
        var note = deflated && trials.Trials == 1 ? "N=1: no selection, equals the probabilistic Sharpe" : string.Empty;
        return Metric.Of(name, method, p, daily.Length, null, "probability", note);
    }
}
