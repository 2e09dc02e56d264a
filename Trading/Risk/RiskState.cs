namespace Quant.Orleans.Trading.Risk;

/// <summary>The state of an account's <see cref="RiskEngine"/>.</summary>
public enum RiskState
{
    /// <summary>Orders pass when every limit holds.</summary>
    Active,

    /// <summary>Only orders that reduce the exposure pass (a buy against a short, a sell against a long, never
    /// flipping it even if every working order on the same side fills).</summary>
    Reducing,

    /// <summary>Kill switch engaged: every new order is rejected; cancels still pass.</summary>
    Halted,
}
