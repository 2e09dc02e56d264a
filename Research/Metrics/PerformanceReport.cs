using System.Globalization;

namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// Every performance number of a run, each a <see cref="Metric"/> that states its method. Daily metrics use UTC-day
/// returns (<see cref="DailyAggregation.DailyReturns"/>) annualised by <see cref="MetricOptions.DaysPerYear"/>;
/// <c>step_raw</c> uses per-mark returns annualised by <see cref="MetricOptions.StepsPerYear"/>.
/// </summary>
/// <param name="SharpeStepRaw">Sharpe of per-mark returns.</param>
/// <param name="SharpeDailyAgg">Sharpe of UTC-day returns (the one promotion gates use).</param>
/// <param name="Sortino">Sortino of UTC-day returns, target 0.</param>
/// <param name="ProfitFactor">Σ positive daily returns / |Σ negative daily returns|.</param>
/// <param name="MaxDrawdown">Largest peak-to-trough fall of the marked equity (initial equity included), fraction of the peak.</param>
/// <param name="Calmar">Compound annual growth of the daily returns / <see cref="MaxDrawdown"/>.</param>
/// <param name="HitRate">Fraction of days with a positive return among days with a non-zero one.</param>
/// <param name="Turnover">Traded notional / mean equity / observation days (fraction of equity per day).</param>
/// <param name="ObservationDays">UTC days with at least one mark.</param>
/// <param name="ProbabilisticSharpe">P[true daily Sharpe &gt; 0] (Bailey &amp; López de Prado 2014, eq. 2, SR* = 0).</param>
/// <param name="DeflatedSharpe">PSR against the expected maximum Sharpe of <see cref="MetricOptions.Trials"/> trials.</param>
/// <param name="FirstDay">First UTC day with a mark, or null.</param>
/// <param name="LastDay">Last UTC day with a mark, or null.</param>
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
    /// <summary>The metrics in report order.</summary>
    public IEnumerable<Metric> All() =>
        [SharpeStepRaw, SharpeDailyAgg, Sortino, ProfitFactor, MaxDrawdown, Calmar, HitRate, Turnover, ObservationDays, ProbabilisticSharpe, DeflatedSharpe];

    /// <summary>Computes the report of an equity curve.</summary>
    /// <param name="times">Mark times, UTC nanoseconds, non-decreasing, shape (n).</param>
    /// <param name="equity">Marked equity, positive, shape (n), account currency.</param>
    /// <param name="initialEquity">Equity before the first mark, positive, account currency.</param>
    /// <param name="tradedNotional">Total absolute traded notional over the run, ≥ 0, account currency.</param>
    /// <param name="options">Minimum observations, annualisation and trials; defaults when null.</param>
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

        var (days, daily) = DailyAggregation.DailyReturns(times, equity, initialEquity);
        var stepCurve = new double[equity.Length + 1];
        stepCurve[0] = initialEquity;
        equity.CopyTo(stepCurve.AsSpan(1));
        var steps = DailyAggregation.StepReturns(equity);
        var min = options.MinimumObservations;
        double a = options.DaysPerYear;
        var maxDd = MaxDrawdownOf(stepCurve, equity.Length);
        return new PerformanceReport(
            SharpeRatios.Sharpe(SharpeRatios.StepRaw, steps, options.StepsPerYear, min),
            SharpeRatios.Sharpe(SharpeRatios.DailyAgg, daily, a, min),
            SharpeRatios.Sortino(SharpeRatios.DailyAgg, daily, a, min),
            ProfitFactorOf(daily, min),
            maxDd,
            CalmarOf(daily, a, min, maxDd),
            HitRateOf(daily, min),
            TurnoverOf(equity, tradedNotional, days.Length),
            Metric.Of("observation_days", "utc_days_with_marks", days.Length, days.Length, null, "days"),
            PsrOf(daily, min, options, deflated: false),
            PsrOf(daily, min, options, deflated: true),
            days.Length > 0 ? days[0] : null,
            days.Length > 0 ? days[^1] : null);
    }

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

    private static Metric PsrOf(double[] daily, int min, MetricOptions options, bool deflated)
    {
        var name = deflated ? "deflated_sharpe" : "probabilistic_sharpe";
        var method = deflated
            ? string.Create(CultureInfo.InvariantCulture, $"daily_agg, Bailey & López de Prado 2014, N={options.Trials} trials, V[SR]={options.TrialSharpeVariance:G4}")
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

        var sr = m.Mean / m.StandardDeviation;
        var p = deflated
            ? Metrics.DeflatedSharpe.Deflated(sr, daily.Length, m.Skewness, m.Kurtosis, options.Trials, options.TrialSharpeVariance)
            : Metrics.DeflatedSharpe.Probabilistic(sr, 0, daily.Length, m.Skewness, m.Kurtosis);
        return Metric.Of(name, method, p, daily.Length, null, "probability");
    }
}
