namespace Quant.Orleans.Trading.Journal;

/// <summary>An account's command failed because its journal could not be written (the storage is unreachable, or
/// another activation of the account took the journal over): nothing of the command was acknowledged, and the account
/// recovers from its snapshot and journal on its next call. The caller may retry; the gateway answers 503 with
/// <c>Retry-After</c>.</summary>
public sealed class JournalUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="account">The account.</param>
    /// <param name="inner">The journal's failure.</param>
    public JournalUnavailableException(string account, Exception inner)
        : base($"Account {account}: its journal could not be written ({Innermost(inner)}); the command was not carried out. Retry once storage is back: the account recovers on its next call.", inner)
    {
        Account = account;
    }

    /// <summary>The account.</summary>
    public string Account { get; }

    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return ReferenceEquals(inner, e) ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({inner.GetType().Name}: {inner.Message})";
    }
}
