namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>How the number of lagged differences p is chosen (statsmodels <c>autolag=</c>).</summary>
public enum AdfLagSelection
{
    /// <summary>p = the maximum lag (<c>autolag=None</c>).</summary>
    Fixed,

    /// <summary>p minimising Akaike's criterion over 0 … maxlag on a common sample (<c>autolag='AIC'</c>).</summary>
    Aic,

    /// <summary>p minimising the Bayesian (Schwarz) criterion over 0 … maxlag on a common sample (<c>autolag='BIC'</c>).</summary>
    Bic,
}
