using System.Runtime.ExceptionServices;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>
/// An allocation-free parallel loop for the GEMM: one long-lived background helper thread per extra core, woken by a
/// semaphore, takes indices from a shared counter with the calling thread. The caller waits only for helpers that
/// joined before it ran out of indices, so a helper the scheduler wakes late (a busy machine) never delays the loop;
/// it finds the loop closed and goes back to sleep. Unlike
/// <see cref="Parallel.For(int, int, Action{int})"/>, which allocates about 1.5 KB of loop state per call, a call
/// here allocates nothing once the helpers are started. One loop runs at a time: a call made while another runs (or
/// from inside a body) runs serially on the calling thread.
/// </summary>
internal static class CoreParallel
{
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly ManualResetEventSlim Done = new(false);
    private static Thread[]? _helpers;
    private static Action<int>? _body;
    private static int _count;
    private static int _next;
    private static int _pending;
    private static bool _open;
    private static readonly Lock Sync = new();
    private static Exception? _error;

    /// <summary>Calls <paramref name="body"/>(i) once for every i in [0, <paramref name="count"/>), on the calling
    /// thread and the helpers; returns when all calls have finished. The first exception is rethrown.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 1 || Environment.ProcessorCount == 1 || !Gate.TryEnter())
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            if (_body is not null)
            {
                // Re-entered from inside a body on the calling thread: run serially.
                for (var i = 0; i < count; i++)
                {
                    body(i);
                }

                return;
            }

            var helpers = EnsureHelpers();
            var wake = Math.Min(helpers.Length, count - 1);
            lock (Sync)
            {
                _body = body;
                _count = count;
                _next = 0;
                _error = null;
                _pending = 0;
                _open = true;
                Done.Reset();
            }

            Start.Release(wake);
            Work();
            bool wait;
            lock (Sync)
            {
                _open = false;
                wait = _pending > 0;
            }

            if (wait)
            {
                Done.Wait();
            }

            _body = null;
            if (_error is { } error)
            {
                _error = null;
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static Thread[] EnsureHelpers()
    {
        if (_helpers is not null)
        {
            return _helpers;
        }

        var helpers = new Thread[Environment.ProcessorCount - 1];
        for (var i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(HelperLoop) { IsBackground = true, Name = $"Learning GEMM helper {i}" };
            helpers[i].Start();
        }

        _helpers = helpers;
        return helpers;
    }

    private static void Work()
    {
        var body = _body!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }

    private static void HelperLoop()
    {
        while (true)
        {
            Start.Wait();
            lock (Sync)
            {
                if (!_open)
                {
                    // Woken after the caller finished every index: nothing to join.
                    continue;
                }

                _pending++;
            }

            Work();
            lock (Sync)
            {
                if (--_pending == 0 && !_open)
                {
                    Done.Set();
                }
            }
        }
    }
}
