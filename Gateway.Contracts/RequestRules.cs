using System.Globalization;
using System.Text;

namespace Quant.Orleans.Gateway.Contracts;

/// <summary>
/// The gateway's rules for the values of a request, shared by the silo (which enforces them) and the client (which
/// checks them before it sends anything):
/// <list type="bullet">
/// <item>a quantity is positive, at most <see cref="MaxQuantity"/> units, with at most <see cref="MaxDecimals"/>
/// decimal places (the 1e-8 fixed point of the grid's quantities);</item>
/// <item>a price (limit, stop) is positive, at most <see cref="MaxPrice"/> quote currency per unit, with at most
/// <see cref="MaxDecimals"/> decimal places (the 1e-8 fixed point of the grid's prices);</item>
/// <item>a text field has at most <see cref="MaxTextLength"/> characters, a body at most <see cref="MaxBodyBytes"/> bytes;</item>
/// <item>an error quotes what was sent through <see cref="Echo"/>: at most <see cref="EchoLength"/> characters.</item>
/// </list>
/// The maximums are sane bounds, not the types' limits: the fixed-point types hold ±92,233,720,368.54775807, and a
/// quantity of 1e9 at a price of 1e9 still leaves room for sums of positions and notionals without overflow.
/// </summary>
public static class RequestRules
{
    /// <summary>Largest order quantity accepted, units (shares, coins).</summary>
    public const decimal MaxQuantity = 1_000_000_000m;

    /// <summary>Largest limit or stop price accepted, quote currency per unit.</summary>
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>Most decimal places of a quantity or a price: the grid stores both as integers of 1e-8 units.</summary>
    public const int MaxDecimals = 8;

    /// <summary>Longest text field of a request body, characters (a symbol, a ClOrdID, a kill reason...).</summary>
    public const int MaxTextLength = 256;

    /// <summary>Largest request body the gateway reads, bytes (1 MiB).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Most characters of a sent value quoted back in an error.</summary>
    public const int EchoLength = 64;

    /// <summary>Why <paramref name="quantity"/> breaks the quantity rule (<c>must be positive</c>, <c>must be at most
    /// 1000000000</c>, <c>must have at most 8 decimal places</c>), or null when it keeps it. The caller names the field
    /// and the value: <c>$"quantity {problem}, got {value}."</c></summary>
    public static string? QuantityProblem(decimal quantity) => Problem(quantity, MaxQuantity);

    /// <summary>Why <paramref name="price"/> breaks the price rule, or null when it keeps it (see
    /// <see cref="QuantityProblem"/>).</summary>
    public static string? PriceProblem(decimal price) => Problem(price, MaxPrice);

    /// <summary>
    /// <paramref name="text"/> quoted for an error message: <c>'IBM'</c>; when longer than <see cref="EchoLength"/>
    /// characters, its first 64 and its length, <c>'AAAA…(100000 characters)'</c>. A lone surrogate is shown as
    /// U+FFFD, so the message is always valid text.
    /// </summary>
    public static string Echo(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var head = text.Length <= EchoLength ? text : text[..EchoLength];
        var builder = new StringBuilder(head.Length + 32).Append('\'');
        for (var i = 0; i < head.Length; i++)
        {
            var c = head[i];
            if (char.IsHighSurrogate(c) && i + 1 < head.Length && char.IsLowSurrogate(head[i + 1]))
            {
                builder.Append(c).Append(head[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        if (text.Length > EchoLength)
        {
            builder.Append("…(").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>A number as the rules show it: invariant culture, no trailing zeros (<c>1E+21</c> as
    /// <c>1000000000000000000000</c>).</summary>
    public static string Show(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string? Problem(decimal value, decimal max)
    {
        if (value <= 0)
        {
            return "must be positive";
        }

        if (value > max)
        {
            return $"must be at most {Show(max)}";
        }

        // value ≤ 1e9, so value × 1e8 ≤ 1e17 fits a decimal exactly.
        var scaled = value * 100_000_000m;
        return scaled != decimal.Truncate(scaled) ? $"must have at most {MaxDecimals} decimal places" : null;
    }
}
