namespace Quant.Orleans.Client;

/// <summary>The console's exit codes (also listed in <c>docs/client.md</c>). An interactive session exits with
/// <see cref="Ok"/> at <c>exit</c>, <c>quit</c> or the end of its input, whatever its commands returned.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked: a table was shown, an order was accepted (and possibly filled), a
    /// cancel or replace was done, the kill switch or resume took effect, a watch ended.</summary>
    public const int Ok = 0;

    /// <summary>The order was rejected (a pre-trade risk check or the venue), the gateway refused a cancel or replace
    /// the order's state does not allow (409), or the gateway answered with an unexpected error status.</summary>
    public const int Rejected = 1;

    /// <summary>Bad input (found before anything was sent, a 400 from the gateway's own checks, or a 404 for an
    /// unknown account, order or symbol) or an unreachable gateway.</summary>
    public const int BadInputOrUnreachable = 2;

    /// <summary>Alias of <see cref="BadInputOrUnreachable"/> for bad input.</summary>
    public const int BadInput = BadInputOrUnreachable;

    /// <summary>Alias of <see cref="BadInputOrUnreachable"/> for an unreachable gateway.</summary>
    public const int Unreachable = BadInputOrUnreachable;

    /// <summary><c>kill</c> was not confirmed (an answer other than yes, or the end of the input); nothing was sent.</summary>
    public const int NotConfirmed = 3;

    /// <summary>The gateway refused the access token (401 or 403): set <c>--token</c> or <c>QUANT_GATEWAY_TOKEN</c>.</summary>
    public const int Unauthorized = 4;
}
