namespace Quant.Orleans.Trading.Orders;

/// <summary>How long an order stays working (FIX tag 59, TimeInForce); the values are the FIX codes.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good for the trading day (FIX 59=0). The foundation venue does not rest orders, so it behaves like IOC there.</summary>
    Day = (byte)'0',

    /// <summary>Immediate or cancel (FIX 59=3): what does not fill on arrival is cancelled.</summary>
    Ioc = (byte)'3',
}
