using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Quant.Orleans.Learning.Tensors;

/// <summary>A job of phases, each split in two parts that may run on different cores; phase p+1 starts only after
/// both parts of phase p have finished.</summary>
internal interface IPhasedJob
{
    /// <summary>Number of phases.</summary>
    int Phases { get; }

    /// <summary>Runs part 0 or 1 of phase <paramref name="phase"/>.</summary>
    void RunPart(int phase, int part);
}

/// <summary>
/// Runs an <see cref="IPhasedJob"/> on the calling thread and one long-lived helper thread, for latency-bound work of
/// a few tens of microseconds where waking a pooled thread (2–4 µs) would cost as much as the work: between phases
/// the two threads meet at a spin barrier (about 0.1 µs). The helper spins for <see cref="SpinMicroseconds"/> after a
/// job, waiting for the next, then sleeps on a semaphore. Parts are claimed, not assigned: the caller prefers part 0,
/// the helper part 1, and either takes the other's part when it is still unclaimed, so a helper the scheduler runs
/// late (a busy machine) never holds the caller up; the job then runs serially. One job runs at a time; a job started
/// while another runs (or from inside a part) runs serially on its calling thread. Nothing is allocated per job.
/// </summary>
internal static class TwoCoreTeam
{
    private const int MaxPhases = 64;
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly int[] Claimed = new int[MaxPhases * 2];
    private static readonly int[] Finished = new int[MaxPhases];
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

    /// <summary>Whether jobs may use the helper core (there is more than one processor, and benchmarks have not
    /// switched it off to measure one core).</summary>
    public static bool HasHelper => Enabled && Environment.ProcessorCount > 1;

    /// <summary>Benchmarks set false to run every job serially on the calling thread.</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Runs every part of every phase of <paramref name="job"/>; returns when all have finished and rethrows
    /// the first exception a part threw.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The job has more than 64 phases.</exception>
    public static void Run(IPhasedJob job)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(job.Phases, MaxPhases);
        if (!HasHelper || !Gate.TryEnter())
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
            Array.Clear(Claimed, 0, job.Phases * 2);
            Array.Clear(Finished, 0, job.Phases);
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

            Participate(job, preferred: 0);
            if (Interlocked.CompareExchange(ref _joinState, 0, generation) == -generation)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref _helperFinished) != generation)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
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

    /// <summary>Runs every part of every phase on the calling thread, in order.</summary>
    public static void RunSerially(IPhasedJob job)
    {
        for (var p = 0; p < job.Phases; p++)
        {
            job.RunPart(p, 0);
            job.RunPart(p, 1);
        }
    }

    private static void Participate(IPhasedJob job, int preferred)
    {
        for (var p = 0; p < job.Phases; p++)
        {
            TryRun(job, p, preferred);
            TryRun(job, p, 1 - preferred);
            while (Volatile.Read(ref Finished[p]) != 2)
            {
                Thread.SpinWait(1);
            }
        }
    }

    private static void TryRun(IPhasedJob job, int phase, int part)
    {
        if (Interlocked.CompareExchange(ref Claimed[(phase * 2) + part], 1, 0) != 0)
        {
            return;
        }

        try
        {
            job.RunPart(phase, part);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
        }
        finally
        {
            Interlocked.Increment(ref Finished[phase]);
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

            Participate(_job!, preferred: 1);
            Volatile.Write(ref _helperFinished, generation);
        }
    }
}
