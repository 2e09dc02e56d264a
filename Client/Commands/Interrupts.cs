namespace Quant.Orleans.Client.Commands;

/// <summary>
/// Routes Ctrl+C (SIGINT) to the command that is running, so that it stops that command only: <c>watch</c> ends and
/// the interactive session goes on. Without a running interruptible command, Ctrl+C ends the process as usual.
/// </summary>
public sealed class Interrupts
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _current;

    /// <summary>Starts an interruptible operation: the returned source is cancelled by <see cref="Interrupt"/> or by
    /// <paramref name="outer"/>. Dispose it when the operation ends.</summary>
    public Scope Begin(CancellationToken outer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        lock (_gate)
        {
            _current = source;
        }

        return new Scope(this, source);
    }

    /// <summary>Cancels the running interruptible operation; false when there is none.</summary>
    public bool Interrupt()
    {
        CancellationTokenSource? current;
        lock (_gate)
        {
            current = _current;
        }

        if (current is null)
        {
            return false;
        }

        try
        {
            current.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended between the lookup and the cancel: nothing left to stop.
        }

        return true;
    }

    private void End(CancellationTokenSource source)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, source))
            {
                _current = null;
            }
        }

        source.Dispose();
    }

    /// <summary>An interruptible operation in progress.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly Interrupts _owner;
        private readonly CancellationTokenSource _source;

        internal Scope(Interrupts owner, CancellationTokenSource source)
        {
            _owner = owner;
            _source = source;
        }

        /// <summary>Cancelled by Ctrl+C or by the outer token.</summary>
        public CancellationToken Token => _source.Token;

        /// <inheritdoc />
        public void Dispose() => _owner.End(_source);
    }
}
