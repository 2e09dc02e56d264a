using Quant.Orleans.Grains.Interfaces;

namespace Quant.Orleans.Grains.Accounts;

/// <summary>The registry of every account of the grid (one grain, key <see cref="IAccountDirectoryGrain.Key"/>): the set
/// of accounts and the quarantined ones with their reasons, an Orleans grain state written whenever it changes, so it
/// survives a restart.</summary>
public sealed class AccountDirectoryGrain : Grain, IAccountDirectoryGrain
{
    private readonly IPersistentState<AccountDirectoryState> _state;
    private readonly SortedSet<string> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _quarantined = new(StringComparer.Ordinal);

    /// <summary>Creates the directory over its persisted state.</summary>
    public AccountDirectoryGrain([PersistentState("accounts", GridStorage.Name)] IPersistentState<AccountDirectoryState> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
    }

    /// <summary>Loads the persisted set.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _accounts.UnionWith(_state.State.Accounts);
        foreach (var q in _state.State.Quarantined)
        {
            _quarantined[q.Account] = q.QuarantineReason ?? string.Empty;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Register(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        if (_accounts.Add(account) | _quarantined.Remove(account))
        {
            await Write();
        }
    }

    /// <inheritdoc />
    public async Task Quarantine(string account, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var added = _accounts.Add(account);
        if (added || !_quarantined.TryGetValue(account, out var known) || known != reason)
        {
            _quarantined[account] = reason;
            await Write();
        }
    }

    /// <inheritdoc />
    public Task<string[]> GetAccounts() => Task.FromResult(_accounts.ToArray());

    /// <inheritdoc />
    public Task<AccountStatus[]> GetStatuses() =>
        Task.FromResult(_accounts.Select(a => new AccountStatus(a, _quarantined.GetValueOrDefault(a))).ToArray());

    private Task Write()
    {
        _state.State.Accounts = [.. _accounts];
        _state.State.Quarantined = [.. _quarantined.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => new AccountStatus(q.Key, q.Value))];
        return _state.WriteStateAsync();
    }
}

/// <summary>The account directory's persisted state.</summary>
[GenerateSerializer, Alias("qo.AccountDirectoryState")]
public sealed class AccountDirectoryState
{
    /// <summary>Every account, ordinal order.</summary>
    [Id(0)] public string[] Accounts { get; set; } = [];

    /// <summary>The quarantined accounts and why, ordinal order.</summary>
    [Id(1)] public AccountStatus[] Quarantined { get; set; } = [];
}
