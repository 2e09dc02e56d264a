namespace Quant.Orleans.Research.Labels;

/// <summary>The outcome of trend scanning at one start index (López de Prado 2020, MLAM §5.4).</summary>
/// <param name="StartIndex">First observation of the fitted window.</param>
/// <param name="EndIndex">Last observation of the chosen window (<c>StartIndex + Horizon − 1</c>); the label's interval
/// is [StartIndex, EndIndex]. Equals <see cref="StartIndex"/> when there was not enough data.</param>
/// <param name="Horizon">Observations in the chosen window; 0 when fewer than the minimum horizon remained.</param>
/// <param name="TStatistic">t-statistic of the OLS slope of the chosen window (clipped to ±<see cref="TrendScanningLabeler.MaxAbsTStatistic"/>); NaN when there was not enough data.</param>
/// <param name="Label">Sign of <see cref="TStatistic"/>: +1, −1, or 0 (flat or not enough data).</param>
/// <param name="Weight">|<see cref="TStatistic"/>|, the sample weight MLAM suggests; 0 when there was not enough data.</param>
public readonly record struct TrendScanningLabel(int StartIndex, int EndIndex, int Horizon, double TStatistic, sbyte Label, double Weight);
