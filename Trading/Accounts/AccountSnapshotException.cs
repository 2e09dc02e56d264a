namespace Quant.Orleans.Trading.Accounts;

/// <summary>An <see cref="AccountSnapshot"/> is refused: it does not decode, has another schema version, belongs to
/// another account or configuration, contradicts itself, or covers journal entries the journal does not hold. Nothing
/// is restored: an account never starts from a state that silently differs from what it acknowledged.</summary>
public sealed class AccountSnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The refused field as a path from the snapshot's root, e.g. <c>book.ledger.fills[3].fillId</c>.</param>
    /// <param name="problem">What is wrong with it: the value and the rule.</param>
    /// <param name="inner">A decoder's exception, if any.</param>
    public AccountSnapshotException(string field, string problem, Exception? inner = null)
        : base($"Account snapshot refused: {field}: {problem}", inner)
    {
        Field = field;
    }

    /// <summary>The refused field, as a path from the snapshot's root.</summary>
    public string Field { get; }
}
