namespace Quant.Orleans.Core;

/// <summary>Exact money arithmetic on <see cref="decimal"/> amounts in the quote currency.</summary>
public static class Money
{
    /// <summary>Exact notional value <c>price × quantity</c> in the quote currency (signed like the quantity).</summary>
    public static decimal Notional(Price price, Quantity quantity) => price.ToDecimal() * quantity.ToDecimal();
}
