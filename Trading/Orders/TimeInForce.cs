namespace Quant.Orleans.Trading.Orders;

/// <summary>How long an order stays working (FIX tag 59, TimeInForce); the values are the FIX codes.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good for the trading day (FIX 59=0): what is left expires at the venue's end-of-day call.</summary>
    Day = (byte)'0',

    /// <summary>Good till cancel (FIX 59=1): rests across trading days until filled or cancelled.</summary>
    Gtc = (byte)'1',

    /// <summary>Immediate or cancel (FIX 59=3): what does not fill when the order becomes active is cancelled.</summary>
    Ioc = (byte)'3',

    /// <summary>Fill or kill (FIX 59=4): the whole quantity fills when the order becomes active, or none of it.</summary>
    Fok = (byte)'4',
}
