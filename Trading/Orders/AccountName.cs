namespace Quant.Orleans.Trading.Orders;

/// <summary>
/// The rule for account identifiers (FIX tag 1, Account): 1..<see cref="MaxLength"/> characters, ASCII letters,
/// digits, '-', '_' and '.'. Kept short so that a ClOrdID built from it stays within 64 characters.
/// </summary>
public static class AccountName
{
    /// <summary>The longest account name accepted, in characters.</summary>
    public const int MaxLength = 32;

    /// <summary>Checks <paramref name="account"/> and returns it unchanged.</summary>
    /// <param name="account">The account name to check.</param>
    /// <param name="paramName">The caller's argument name, used in the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="account"/> is empty, too long or has another character.</exception>
    public static string Validate(string account, string paramName)
    {
        ArgumentNullException.ThrowIfNull(account, paramName);
        if (account.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"Account must have 1..{MaxLength} characters, got {account.Length} ('{account}').", paramName);
        }

        foreach (var c in account)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"Account '{account}' has the character '{c}'; only A-Z, a-z, 0-9, '-', '_', '.' are allowed.", paramName);
            }
        }

        return account;
    }
}
