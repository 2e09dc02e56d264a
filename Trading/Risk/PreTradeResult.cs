using System.Diagnostics.CodeAnalysis;

namespace Quant.Orleans.Trading.Risk;

/// <summary>
/// The outcome of <see cref="PreTradeChecks.Check"/>: accepted, or rejected with a reason code and a text that names
/// the value and the limit. A value type, so the accept path allocates nothing.
/// </summary>
public readonly record struct PreTradeResult
{
    private PreTradeResult(PreTradeRejectReason reason, string? text)
    {
        Reason = reason;
        Text = text;
    }

    /// <summary>The accepted result.</summary>
    public static PreTradeResult Accepted => default;

    /// <summary>True when the order passed every check.</summary>
    [MemberNotNullWhen(false, nameof(Text))]
    public bool IsAccepted => Reason == PreTradeRejectReason.None;

    /// <summary>Why the order was rejected; <see cref="PreTradeRejectReason.None"/> when accepted.</summary>
    public PreTradeRejectReason Reason { get; }

    /// <summary>Human explanation naming the value and the limit; null when accepted.</summary>
    public string? Text { get; }

    /// <summary>Creates a rejection.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is <see cref="PreTradeRejectReason.None"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> is null or empty.</exception>
    public static PreTradeResult Reject(PreTradeRejectReason reason, string text)
    {
        if (reason == PreTradeRejectReason.None)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "A rejection needs a reason other than None.");
        }

        ArgumentException.ThrowIfNullOrEmpty(text);
        return new PreTradeResult(reason, text);
    }
}
