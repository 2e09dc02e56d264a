using System.Globalization;

namespace Quant.Orleans.Research.Metrics;

/// <summary>
/// One performance number with the method that produced it, so it is never read without how it was made.
/// </summary>
/// <param name="Name">Short name, e.g. <c>sharpe</c>, <c>sortino</c>, <c>max_drawdown</c>.</param>
/// <param name="Method">How it was computed, starting with its method name, e.g. <c>daily_agg</c> (session-day returns)
/// or <c>step_raw</c> (one-minute grid returns), then the details (grid, factor, benchmark).</param>
/// <param name="Value">The number (unit in <paramref name="Unit"/>); null unless <see cref="Status"/> is <see cref="MetricStatus.Ok"/>.</param>
/// <param name="Status">Whether there is a value.</param>
/// <param name="Observations">Observations used (returns, days or points, as <paramref name="Method"/> says).</param>
/// <param name="PeriodsPerYear">Annualisation: the ratio was scaled by √ of this (Sharpe, Sortino) or compounded to
/// it (Calmar); null when not annualised.</param>
/// <param name="Unit">Unit of <see cref="Value"/>: <c>ratio</c>, <c>fraction</c>, <c>probability</c>, <c>days</c>, <c>per_day</c>.</param>
/// <param name="Note">Why there is no value, or a detail of the method (trials, benchmark); empty otherwise.</param>
public sealed record Metric(string Name, string Method, double? Value, MetricStatus Status, int Observations, double? PeriodsPerYear, string Unit, string Note)
{
    /// <summary>A metric with a value.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="method">Method.</param>
    /// <param name="value">The value; NaN or infinity gives <see cref="MetricStatus.Undefined"/>.</param>
    /// <param name="observations">Observations used.</param>
    /// <param name="periodsPerYear">Annualisation or null.</param>
    /// <param name="unit">Unit.</param>
    /// <param name="note">Detail.</param>
    /// <returns>The metric.</returns>
    public static Metric Of(string name, string method, double value, int observations, double? periodsPerYear, string unit, string note = "") =>
        double.IsFinite(value)
            ? new Metric(name, method, value, MetricStatus.Ok, observations, periodsPerYear, unit, note)
            : new Metric(name, method, null, MetricStatus.Undefined, observations, periodsPerYear, unit, note.Length > 0 ? note : "not finite");

    /// <summary>A metric without a value because there were fewer than <paramref name="minimum"/> observations.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="method">Method.</param>
    /// <param name="observations">Observations available.</param>
    /// <param name="minimum">Observations required.</param>
    /// <param name="periodsPerYear">Annualisation or null.</param>
    /// <param name="unit">Unit.</param>
    /// <returns>The metric with status <see cref="MetricStatus.InsufficientObservation"/>.</returns>
    public static Metric Insufficient(string name, string method, int observations, int minimum, double? periodsPerYear, string unit) =>
        new(name, method, null, MetricStatus.InsufficientObservation, observations, periodsPerYear, unit, FormattableString.Invariant($"n={observations} < {minimum}"));

    /// <summary>A metric whose formula has no value here.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="method">Method.</param>
    /// <param name="observations">Observations used.</param>
    /// <param name="periodsPerYear">Annualisation or null.</param>
    /// <param name="unit">Unit.</param>
    /// <param name="why">Reason, e.g. "zero variance".</param>
    /// <returns>The metric with status <see cref="MetricStatus.Undefined"/>.</returns>
    public static Metric Undefined(string name, string method, int observations, double? periodsPerYear, string unit, string why) =>
        new(name, method, null, MetricStatus.Undefined, observations, periodsPerYear, unit, why);

    /// <summary>The trading calendar the metric was bucketed and annualised with (<see cref="TradingCalendar.Name"/>,
    /// e.g. <c>us_equity</c>); empty for a metric made without one.</summary>
    public string Calendar { get; init; } = string.Empty;

    /// <summary>The status as printed and serialized: <c>ok</c>, <c>insufficient_observation</c> or <c>undefined</c>.</summary>
    public string StatusName => Status switch
    {
        MetricStatus.Ok => "ok",
        MetricStatus.InsufficientObservation => "insufficient_observation",
        _ => "undefined",
    };

    /// <summary>The metric with its method, calendar, sample size and status, e.g.
    /// <c>sharpe 1.234 (daily_agg, ...; calendar us_equity; n=250; annualised by √252; status ok)</c> or
    /// <c>sharpe insufficient_observation (daily_agg, ...; calendar us_equity; n=4 &lt; 20; status insufficient_observation)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var calendar = Calendar.Length > 0 ? "; calendar " + Calendar : string.Empty;
        var annual = PeriodsPerYear is { } a ? FormattableString.Invariant($"; annualised by √{a:0.##}") : string.Empty;
        return Status switch
        {
            MetricStatus.Ok => string.Create(CultureInfo.InvariantCulture, $"{Name} {Value:0.####} ({Method}{calendar}; n={Observations}{annual}{(Note.Length > 0 ? "; " + Note : string.Empty)}; status ok)"),
            MetricStatus.InsufficientObservation => $"{Name} insufficient_observation ({Method}{calendar}; {Note}; status insufficient_observation)",
            _ => string.Create(CultureInfo.InvariantCulture, $"{Name} undefined ({Method}{calendar}; n={Observations}; {Note}; status undefined)"),
        };
    }
}
