using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// What sizing asks for: the target position and the order that moves the current position to it.
/// <c>Target = Current + Delta</c>, exactly.
/// </summary>
/// <param name="Target">Target signed position, whole units (positive long, negative short).</param>
/// <param name="Current">Current signed position, units.</param>
/// <param name="Delta">Signed change <c>Target − Current</c>, units.</param>
public readonly record struct PositionChange(Quantity Target, Quantity Current, Quantity Delta)
{
    /// <summary>True when no order is needed (<see cref="Delta"/> is zero).</summary>
    public bool IsNoOp => Delta.Raw == 0;

    /// <summary>The order side: buy for a positive delta, sell for a negative one.</summary>
    /// <exception cref="InvalidOperationException">The delta is zero (no order).</exception>
    public Side OrderSide => Delta.Raw switch
    {
        > 0 => Side.Buy,
        < 0 => Side.Sell,
        _ => throw new InvalidOperationException("No order: the delta is zero."),
    };

    /// <summary>The order quantity: <c>|Delta|</c>, units.</summary>
    public Quantity OrderQuantity => Delta.Abs();
}
