using System.Globalization;

namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// Deterministic ClOrdID source for one account: <c>{account}-{sequence:D10}</c>, sequence 1, 2, 3, ...
/// The same account and starting sequence give the same identifiers, which keeps replays byte-identical.
/// Persist <see cref="LastSequence"/> with the account state and pass it back on reactivation so that identifiers
/// are never reused. Not thread-safe (one generator per portfolio grain activation).
/// </summary>
public sealed class ClOrdIdGenerator
{
    private long _sequence;

    /// <summary>Creates a generator whose first identifier has sequence <paramref name="lastSequence"/> + 1.</summary>
    /// <param name="account">The account; see <see cref="AccountName"/> for the rule.</param>
    /// <param name="lastSequence">The last sequence already used (0 for a new account).</param>
    /// <exception cref="ArgumentException"><paramref name="account"/> breaks the <see cref="AccountName"/> rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastSequence"/> is negative.</exception>
    public ClOrdIdGenerator(string account, long lastSequence = 0)
    {
        Account = AccountName.Validate(account, nameof(account));
        if (lastSequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lastSequence), lastSequence, "The last used sequence must be zero or positive.");
        }

        _sequence = lastSequence;
    }

    /// <summary>The account whose identifiers this generator makes.</summary>
    public string Account { get; }

    /// <summary>The sequence of the last identifier returned by <see cref="Next"/> (0 before the first).</summary>
    public long LastSequence => _sequence;

    /// <summary>
    /// Resumes after an identifier already used (recovery from a journal): when <paramref name="id"/> has this
    /// generator's form <c>{account}-{sequence}</c> with a sequence above <see cref="LastSequence"/>, the next
    /// identifier follows it. Other identifiers (e.g. a client's own) change nothing.
    /// </summary>
    /// <returns>True when the sequence moved.</returns>
    public bool Observe(ClOrdId id)
    {
        var prefix = Account + "-";
        if (id.Value is { } text
            && text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && sequence > _sequence)
        {
            _sequence = sequence;
            return true;
        }

        return false;
    }

    /// <summary>Resumes at <paramref name="lastSequence"/> (an account snapshot's sequence, checked by the caller: zero
    /// or positive).</summary>
    internal void Restore(long lastSequence) => _sequence = lastSequence;

    /// <summary>Returns the next identifier, e.g. <c>ACC1-0000000001</c>.</summary>
    /// <exception cref="OverflowException">The sequence passed <see cref="long.MaxValue"/>.</exception>
    public ClOrdId Next()
    {
        _sequence = checked(_sequence + 1);
        return new ClOrdId(string.Create(CultureInfo.InvariantCulture, $"{Account}-{_sequence:D10}"));
    }
}
