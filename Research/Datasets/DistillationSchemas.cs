using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// The column layouts of <see cref="DistillationDay.Student"/> and <see cref="DistillationDay.Teacher"/>, in row order.
/// <see cref="Version"/> changes whenever a column is added, removed, reordered or changes meaning.
/// </summary>
public static class DistillationSchemas
{
    /// <summary>The schema version of both layouts.</summary>
    public const int Version = 1;

    /// <summary>Student column: filtered slope of the log mid, ln(USD) per second (<c>FeatureIndex.Slope</c>).</summary>
    public const int StudentSlope = 0;

    /// <summary>Student column: standardised innovation ν/√S of the last filter update, dimensionless.</summary>
    public const int StudentStandardisedInnovation = 1;

    /// <summary>Student column: EWMA realised volatility, log return per √second.</summary>
    public const int StudentRealisedVolatility = 2;

    /// <summary>Student column: ln mid − filtered level, a log return.</summary>
    public const int StudentLevelGap = 3;

    /// <summary>Student column: (ask − bid) / mid of the prevailing NBBO, dimensionless.</summary>
    public const int StudentRelativeSpread = 4;

    /// <summary>Student column: Lee–Ready trade-flow imbalance in [−1, 1].</summary>
    public const int StudentTradeFlowImbalance = 5;

    /// <summary>Student column: ln mid(tᵢ) − ln mid(tᵢ₋₁), the last grid step's log-mid return.</summary>
    public const int StudentLogMidReturn = 6;

    /// <summary>Teacher column: golden level(tᵢ) − golden level(tᵢ₋₁), ln(USD) per step.</summary>
    public const int TeacherGoldenStepReturn = 0;

    /// <summary>Teacher column: central-difference slope of the golden level, ln(USD) per second.</summary>
    public const int TeacherGoldenSlope = 1;

    /// <summary>Teacher column: ln mid − golden level, a log return.</summary>
    public const int TeacherGoldenGap = 2;

    /// <summary>Teacher column: shares at the best bid summed over venues.</summary>
    public const int TeacherBidSizeAtBest = 3;

    /// <summary>Teacher column: shares at the best ask summed over venues.</summary>
    public const int TeacherAskSizeAtBest = 4;

    /// <summary>Teacher column: venues quoting the best bid.</summary>
    public const int TeacherBidVenuesAtBest = 5;

    /// <summary>Teacher column: venues quoting the best ask.</summary>
    public const int TeacherAskVenuesAtBest = 6;

    /// <summary>Teacher column: shares one tick (0.01 USD) below the best bid.</summary>
    public const int TeacherBidSizeBehind = 7;

    /// <summary>Teacher column: shares one tick (0.01 USD) above the best ask.</summary>
    public const int TeacherAskSizeBehind = 8;

    /// <summary>Teacher column: (bid − ask) / (bid + ask) of the sizes at the best, in [−1, 1].</summary>
    public const int TeacherImbalanceAtBest = 9;

    /// <summary>Teacher column: the same imbalance over the best and one tick behind on each side, in [−1, 1].</summary>
    public const int TeacherImbalanceTwoTicks = 10;

    /// <summary>The student's causal columns: what a symbol grain knows at the grid time.</summary>
    public static FeatureSchema Student { get; } = new(Version,
    [
        "slope", "standardised_innovation", "realised_volatility", "level_gap",
        "relative_spread", "trade_flow_imbalance", "log_mid_return_1",
    ]);

    /// <summary>The teacher's columns, ACAUSAL in the golden part (they read the whole day).</summary>
    public static FeatureSchema Teacher { get; } = new(Version,
    [
        "golden_step_return", "golden_slope", "golden_gap",
        "bid_size_at_best", "ask_size_at_best", "bid_venues_at_best", "ask_venues_at_best",
        "bid_size_one_tick_behind", "ask_size_one_tick_behind",
        "size_imbalance_at_best", "size_imbalance_two_ticks",
    ]);

    /// <summary>Column of the per-window mean-scaled log-mid path: (ln mid(row) − ln mid(last step)) / the window's
    /// mean scale (Chronos's scaling of the series itself; 0 at the window's last step).</summary>
    public const string LogMidPathColumn = "window.log_mid_path";

    /// <summary>ACAUSAL column of the per-window mean-scaled golden path: (golden(row) − golden(sample step)) / the
    /// sample's mean scale.</summary>
    public const string GoldenPathColumn = "window.golden_path";

    /// <summary>The columns of a student input token: the standardised <see cref="Student"/> columns, then
    /// <see cref="LogMidPathColumn"/>.</summary>
    public static FeatureSchema StudentInput { get; } = new(Version, [.. Student.Columns, LogMidPathColumn]);

    /// <summary>The columns of a teacher input token: the standardised <see cref="Teacher"/> columns, the standardised
    /// <see cref="Student"/> columns, then <see cref="GoldenPathColumn"/> and <see cref="LogMidPathColumn"/>.</summary>
    public static FeatureSchema TeacherInput { get; } = new(
        Version,
        [.. Teacher.Columns.Select(c => "teacher." + c), .. Student.Columns.Select(c => "student." + c), GoldenPathColumn, LogMidPathColumn]);
}
