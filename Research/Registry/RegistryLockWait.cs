using System.Diagnostics;
using System.Globalization;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// How a registry writer waits for its family's lock (the file store's lock file, the Azure store's blob lease): an
/// awaited back-off of 5 ms doubling to 200 ms between attempts, no thread blocked, until the timeout; then a
/// <see cref="TimeoutException"/> naming the lock, the time waited and the attempts, and saying that nothing changed.
/// </summary>
/// <param name="timeout">How long to wait in all (positive).</param>
/// <param name="lockName">The lock as the message names it, quoted, e.g. <c>'registry/student/.lock'</c> or
/// <c>'container/student/.lock' (a blob lease)</c>.</param>
/// <param name="family">The family the writer wants to change.</param>
public sealed class RegistryLockWait(TimeSpan timeout, string lockName, string family)
{
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromMilliseconds(200);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _backOff = FirstBackOff;

    /// <summary>Attempts that found the lock held so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Called after an attempt found the lock held: waits the next back-off, or throws once the timeout has
    /// passed.</summary>
    /// <param name="held">Why the attempt failed (kept as the inner exception).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>When the next attempt may start.</returns>
    /// <exception cref="TimeoutException">The timeout has passed.</exception>
    public async Task HeldAsync(Exception held, CancellationToken cancellationToken)
    {
        Attempts++;
        if (_clock.Elapsed >= timeout)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"The registry lock {lockName} was held by another writer for {_clock.Elapsed.TotalSeconds:0.0} s ({Attempts} attempts, timeout {timeout.TotalSeconds:0.0} s); no change was made to family '{family}'."),
                held);
        }

        await Task.Delay(_backOff, cancellationToken).ConfigureAwait(false);
        _backOff = TimeSpan.FromTicks(Math.Min(_backOff.Ticks * 2, LongestBackOff.Ticks));
    }
}
