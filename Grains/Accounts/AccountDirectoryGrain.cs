using Quant.Orleans.Grains.Interfaces;

namespace Quant.Orleans.Grains.Accounts;

/// <summary>The registry of every account of the grid (one grain, key <see cref="IAccountDirectoryGrain.Key"/>); its set
/// is an Orleans grain state written whenever an account is added, so it survives a restart.</summary>
public sealed class AccountDirectoryGrain : Grain, IAccountDirectoryGrain
{
    private readonly IPersistentState<AccountDirectoryState> _state;
    private readonly SortedSet<string> _accounts = new(StringComparer.Ordinal);

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
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task Register(string account)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        if (_accounts.Add(account))
        {
            _state.State.Accounts = [.. _accounts];
            await _state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<string[]> GetAccounts() => Task.FromResult(_accounts.ToArray());
}

/// <summary>The account directory's persisted state.</summary>
[GenerateSerializer, Alias("qo.AccountDirectoryState")]
public sealed class AccountDirectoryState
{
    /// <summary>Every account, ordinal order.</summary>
    [Id(0)] public string[] Accounts { get; set; } = [];
}
