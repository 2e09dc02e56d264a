using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>A job of phases, each split into parts that may run on either of two workers; phase p+1 starts only
/// after every part of phase p has finished.</summary>
internal interface IPhasedJob
{
    /// <summary>Number of phases.</summary>
    int Phases { get; }

    /// <summary>Parts per phase (the same for every phase).</summary>
    int Parts { get; }

    /// <summary>Runs part <paramref name="part"/> of phase <paramref name="phase"/> on worker 0 (the calling thread)
    /// or 1 (the helper); the worker index selects per-worker scratch.</summary>
    void RunPart(int phase, int part, int worker);
}

/// <summary>
/// Runs an <see cref="IPhasedJob"/> on the calling thread and one long-lived helper thread, for latency-bound work of
/// a few tens of microseconds where waking a pooled thread (2–4 µs) would cost as much as the work: between phases
/// the two threads meet at a spin barrier (about 0.1 µs). The helper spins for <see cref="SpinMicroseconds"/> after a
/// job, waiting for the next, then sleeps on a semaphore.
/// <para>
/// Parts are claimed, not assigned: the caller takes parts from the front of each phase, the helper from the back,
/// until they meet. When both run at full speed each keeps the same half in every phase (its rows stay in its
/// caches); when the host gives the helper less than a core, or runs it late, the caller takes more parts, so a job is
/// never much slower than on the caller alone. One job runs at a time; a job started while another runs (or from
/// inside a part) runs serially on its calling thread. Nothing is allocated per job.
/// </para>
/// </summary>
internal static class TwoCoreTeam
{
    private const int MaxPhases = 64;
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);

    // Per phase: the claim state (front in the high 32 bits, back in the low 32), and the finished-part count, each
    // on its own 128-byte line.
    private static readonly long[] Claims = new long[MaxPhases * 16];
    private static readonly int[] Finished = new int[MaxPhases * 32];
    private static Thread? _helper;
    private static IPhasedJob? _job;
    private static long _generation;
    private static long _helperFinished;
    private static long _joinState;
    private static int _sleeping;
    private static Exception? _error;

    /// <summary>How long the helper spins for the next job before it sleeps (default 200 µs). Spinning keeps the
    /// second core busy while it waits; a sleeping helper adds a wake-up (a few µs) to the next job.</summary>
    public static int SpinMicroseconds { get; set; } = 200;

    /// <summary>Whether jobs may use the helper core (there is more than one processor).</summary>
    public static bool HasHelper => Environment.ProcessorCount > 1;

    /// <summary>Runs every part of every phase of <paramref name="job"/>; returns when all have finished and rethrows
    /// the first exception a part threw.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The job has more than 64 phases.</exception>
    public static void Run(IPhasedJob job)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(job.Phases, MaxPhases);
        if (!HasHelper || job.Parts < 2 || !Gate.TryEnter())
        {
            RunSerially(job);
            return;
        }

        try
        {
            if (_job is not null)
            {
                RunSerially(job);
                return;
            }

            EnsureHelper();
            for (var p = 0; p < job.Phases; p++)
            {
                Claims[p * 16] = job.Parts;
                Finished[p * 32] = 0;
            }

            _error = null;
            _job = job;

            // The helper joins generation g by swapping the open state g for -g; the caller closes it by swapping g
            // for 0. A helper that read a stale generation cannot join a later job.
            var generation = _generation + 1;
            Volatile.Write(ref _joinState, generation);
            Interlocked.Exchange(ref _generation, generation);
            if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                Wake.Release();
            }

            Participate(job, worker: 0);
            if (Interlocked.CompareExchange(ref _joinState, 0, generation) == -generation)
            {
                while (Volatile.Read(ref _helperFinished) != generation)
                {
                    Thread.SpinWait(1);
                }
            }

            _job = null;
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

    /// <summary>Runs every part of every phase on the calling thread, in order, as worker 0.</summary>
    public static void RunSerially(IPhasedJob job)
    {
        for (var p = 0; p < job.Phases; p++)
        {
            for (var part = 0; part < job.Parts; part++)
            {
                job.RunPart(p, part, 0);
            }
        }
    }

    private static void Participate(IPhasedJob job, int worker)
    {
        var parts = job.Parts;
        for (var p = 0; p < job.Phases; p++)
        {
            int part;
            while ((part = Claim(p, fromFront: worker == 0)) >= 0)
            {
                try
                {
                    job.RunPart(p, part, worker);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
                finally
                {
                    Interlocked.Increment(ref Finished[p * 32]);
                }
            }

            while (Volatile.Read(ref Finished[p * 32]) != parts)
            {
                Thread.SpinWait(1);
            }
        }
    }

    /// <summary>Takes the next part of phase p from the front or the back, or -1 when none is left.</summary>
    private static int Claim(int phase, bool fromFront)
    {
        ref var state = ref Claims[phase * 16];
        while (true)
        {
            var s = Volatile.Read(ref state);
            var (front, back) = ((int)(s >> 32), (int)s);
            if (front >= back)
            {
                return -1;
            }

            var next = fromFront ? ((long)(front + 1) << 32) | (uint)back : ((long)front << 32) | (uint)(back - 1);
            if (Interlocked.CompareExchange(ref state, next, s) == s)
            {
                return fromFront ? front : back - 1;
            }
        }
    }

    private static void EnsureHelper()
    {
        if (_helper is not null)
        {
            return;
        }

        _helper = new Thread(HelperLoop) { IsBackground = true, Name = "Learning inference helper" };
        _helper.Start();
    }

    private static void HelperLoop()
    {
        long seen = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            long generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (Stopwatch.GetElapsedTime(start).TotalMicroseconds < SpinMicroseconds)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                // Sleep, unless a job was published meanwhile (full fences on both sides: no lost wake-up).
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _generation) != seen && Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    break;
                }

                Wake.Wait();
                start = Stopwatch.GetTimestamp();
            }

            generation = Volatile.Read(ref _generation);
            seen = generation;
            if (Interlocked.CompareExchange(ref _joinState, -generation, generation) != generation)
            {
                // The caller finished the whole job before this thread arrived.
                continue;
            }

            Participate(_job!, worker: 1);
            Volatile.Write(ref _helperFinished, generation);
        }
    }
}
