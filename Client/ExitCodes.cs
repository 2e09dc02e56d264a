namespace Quant.Orleans.Client;

/// <summary>The console's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (an order was accepted, a table was shown).</summary>
    public const int Ok = 0;

    /// <summary>The order was rejected (by a pre-trade check or the venue), or the gateway refused it.</summary>
    public const int Rejected = 1;

    /// <summary>Bad input (found before anything was sent) or an unreachable gateway.</summary>
    public const int BadInputOrUnreachable = 2;

    /// <summary>Alias of <see cref="BadInputOrUnreachable"/> for bad input.</summary>
    public const int BadInput = BadInputOrUnreachable;

    /// <summary>Alias of <see cref="BadInputOrUnreachable"/> for an unreachable gateway.</summary>
    public const int Unreachable = BadInputOrUnreachable;
}
