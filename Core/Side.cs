namespace Quant.Orleans.Core;

/// <summary>The side of an order or a trade (FIX tag 54).</summary>
public enum Side : byte
{
    /// <summary>Buy (FIX 54=1).</summary>
    Buy = 1,

    /// <summary>Sell (FIX 54=2).</summary>
    Sell = 2,
}

/// <summary>Helpers for <see cref="Side"/>.</summary>
public static class SideExtensions
{
    /// <summary>+1 for <see cref="Side.Buy"/>, -1 for <see cref="Side.Sell"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined side.</exception>
    public static int Sign(this Side side) => side switch
    {
        Side.Buy => 1,
        Side.Sell => -1,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "Side must be Buy or Sell."),
    };
}
