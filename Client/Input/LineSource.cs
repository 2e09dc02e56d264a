namespace Quant.Orleans.Client.Input;

/// <summary>
/// Lines of the console's standard input, shared by the interactive session, the <c>kill</c> confirmation and the
/// <c>watch</c> command. A read runs on its own thread (a redirected <see cref="Console.In"/> blocks), and at most one
/// is outstanding: <see cref="WaitAsync"/> lets <c>watch</c> notice a typed line or the end of the input without
/// taking the line, which the next <see cref="ReadLineAsync"/> then returns.
/// </summary>
public sealed class LineSource
{
    private readonly TextReader _reader;
    private readonly Lock _gate = new();
    private Task<string?>? _pending;

    /// <summary>Creates the source over <paramref name="reader"/>.</summary>
    public LineSource(TextReader reader) => _reader = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>A source with no input at all (the end of input at once).</summary>
    public static LineSource Empty => new(TextReader.Null);

    /// <summary>Completes when the next line (or the end of the input, as null) is available, without taking it.</summary>
    public Task<string?> WaitAsync()
    {
        lock (_gate)
        {
            return _pending ??= Task.Factory.StartNew(_reader.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Takes the next line; null at the end of the input.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the line, when
    /// it comes, stays for the next read).</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        var read = WaitAsync();
        var line = await read.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (ReferenceEquals(_pending, read))
            {
                _pending = null;
            }
        }

        return line;
    }
}
