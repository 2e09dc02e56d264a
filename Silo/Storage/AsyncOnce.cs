namespace Quant.Orleans.Silo.Storage;

/// <summary>Runs an asynchronous action once successfully (e.g. creating a blob container before the first write):
/// concurrent callers wait for the one running; a failed run is tried again by the next caller.</summary>
internal sealed class AsyncOnce
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>Runs <paramref name="action"/> unless a run already succeeded.</summary>
    /// <param name="action">The action; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the wait and the action.</param>
    /// <returns>When the action has succeeded once.</returns>
    public async Task RunAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await action(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
