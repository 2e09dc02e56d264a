namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>Result of <see cref="AugmentedDickeyFuller.Test"/>, in the order of statsmodels' <c>adfuller</c> output.</summary>
/// <param name="Statistic">τ = β̂ / se(β̂), the t-statistic of the coefficient of yₜ₋₁ (dimensionless).</param>
/// <param name="PValue">MacKinnon (1994) approximate p-value of τ.</param>
/// <param name="UsedLag">p, the number of lagged differences in the final regression.</param>
/// <param name="Observations">T = n − 1 − p, the rows of the final regression.</param>
/// <param name="CriticalOnePercent">MacKinnon (2010) 1 % critical value for T.</param>
/// <param name="CriticalFivePercent">MacKinnon (2010) 5 % critical value for T.</param>
/// <param name="CriticalTenPercent">MacKinnon (2010) 10 % critical value for T.</param>
/// <param name="BestInformationCriterion">The minimised AIC or BIC on the common sample (statsmodels <c>icbest</c>); NaN
/// with <see cref="AdfLagSelection.Fixed"/>.</param>
public sealed record AdfResult(
    double Statistic,
    double PValue,
    int UsedLag,
    int Observations,
    double CriticalOnePercent,
    double CriticalFivePercent,
    double CriticalTenPercent,
    double BestInformationCriterion);
