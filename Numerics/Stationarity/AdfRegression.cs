namespace Quant.Orleans.Numerics.Stationarity;

/// <summary>Deterministic terms of the Dickey-Fuller regression (statsmodels <c>regression=</c>).</summary>
public enum AdfRegression
{
    /// <summary>Constant only, <c>'c'</c>: Δyₜ = α + β yₜ₋₁ + Σ γᵢ Δyₜ₋ᵢ + εₜ.</summary>
    Constant,

    /// <summary>Constant and linear trend, <c>'ct'</c>: Δyₜ = α + δ t + β yₜ₋₁ + Σ γᵢ Δyₜ₋ᵢ + εₜ.</summary>
    ConstantTrend,
}
