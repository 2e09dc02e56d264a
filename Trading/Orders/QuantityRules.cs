using Quant.Orleans.Core;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// The order quantities an instrument allows, in one place until the grid has an instrument registry. The rule:
/// <list type="bullet">
/// <item>a currency pair written with a '/' (<c>BTC/USD</c>, <c>EUR/USD</c>: crypto or FX) trades in fractions, down to
/// the <see cref="Quantity"/> precision of 1e-8 units;</item>
/// <item>every other symbol is a US equity (the grid's data are Lean US equity ticks) and trades in whole shares: a
/// lot size of 1 (odd lots are fine, fractional shares are not).</item>
/// </list>
/// Applied to orders people send (the gateway's order validation and the account's manual order entry); the
/// strategy's sizing already rounds to whole shares.
/// </summary>
public static class QuantityRules
{
    /// <summary>True when <paramref name="symbol"/> trades in fractions of a unit (a pair with '/').</summary>
    public static bool AllowsFractions(Symbol symbol) => symbol.Ticker?.Contains('/', StringComparison.Ordinal) == true;

    /// <summary>The smallest order increment of <paramref name="symbol"/>: one share for an equity, 1e-8 units for a pair.</summary>
    public static Quantity LotSize(Symbol symbol) => AllowsFractions(symbol) ? new Quantity(1) : Quantity.FromUnits(1);

    /// <summary>Null when <paramref name="quantity"/> is a whole number of lots of <paramref name="symbol"/>; else the
    /// refusal, naming the value and the rule (<c>quantity must be a whole number of shares for IBM (lot size 1), got
    /// 0.5.</c>). The sign is not checked here (the pre-trade checks reject a non-positive quantity).</summary>
    public static string? Problem(Symbol symbol, Quantity quantity)
    {
        var lot = LotSize(symbol);
        return quantity.Raw % lot.Raw == 0
            ? null
            : $"quantity must be a whole number of shares for {symbol} (lot size {lot}), got {quantity}.";
    }

    /// <summary>Throws when <paramref name="quantity"/> breaks <see cref="Problem"/>.</summary>
    /// <exception cref="ArgumentException">Not a whole number of lots; the message is <see cref="Problem"/>'s (no
    /// parameter name is attached, so it reads as is).</exception>
    public static void Validate(Symbol symbol, Quantity quantity)
    {
        if (Problem(symbol, quantity) is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }
}
