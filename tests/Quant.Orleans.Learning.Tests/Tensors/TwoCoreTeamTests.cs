using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Tensors;

public sealed class TwoCoreTeamTests
{
    [Fact]
    public void EveryPartRunsOnceAndNoPhaseStartsBeforeThePreviousEnds()
    {
        for (var run = 0; run < 500; run++)
        {
            var job = new RecordingJob(phases: 6, parts: 1 + (run % 7));
            TwoCoreTeam.Run(job);
            for (var p = 0; p < 6; p++)
            {
                for (var part = 0; part < job.Parts; part++)
                {
                    Assert.Equal(1, job.Runs[p, part]);
                    if (p > 0)
                    {
                        // Every part of phase p began after every part of phase p - 1 had ended.
                        var previousEnd = Enumerable.Range(0, job.Parts).Max(q => job.Ended[p - 1, q]);
                        Assert.True(job.Started[p, part] > previousEnd, $"run {run}: part {part} of phase {p} began before phase {p - 1} ended");
                    }
                }
            }
        }
    }

    [Fact]
    public void AnExceptionInAPartIsRethrownAndTheTeamStaysUsable()
    {
        var failing = new RecordingJob(phases: 3, parts: 2) { ThrowAt = (1, 1) };
        var e = Assert.Throws<InvalidOperationException>(() => TwoCoreTeam.Run(failing));
        Assert.Equal("part 1 of phase 1", e.Message);

        // The other parts still ran (a barrier never waits on a part that threw).
        Assert.Equal(1, failing.Runs[2, 0]);
        var job = new RecordingJob(phases: 3, parts: 2);
        TwoCoreTeam.Run(job);
        Assert.All(Enumerable.Range(0, 3), p => Assert.True(job.Runs[p, 0] == 1 && job.Runs[p, 1] == 1));
    }

    [Fact]
    public void JobsStartedFromManyThreadsAndFromInsideAPartAllComplete()
    {
        var jobs = Enumerable.Range(0, 8).Select(_ => new RecordingJob(phases: 4, parts: 3) { Nested = true }).ToArray();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, job =>
        {
            for (var i = 0; i < 50; i++)
            {
                job.Reset();
                TwoCoreTeam.Run(job);
                for (var p = 0; p < 4; p++)
                {
                    Assert.True(job.Runs[p, 0] == 1 && job.Runs[p, 1] == 1 && job.Runs[p, 2] == 1);
                }

                Assert.Equal(12, job.NestedRuns);
            }
        });
    }

    private sealed class RecordingJob(int phases, int parts) : IPhasedJob
    {
        private static long _clock;

        public int Phases => phases;

        public int Parts => parts;

        public int[,] Runs { get; private set; } = new int[phases, parts];

        public long[,] Started { get; private set; } = new long[phases, parts];

        public long[,] Ended { get; private set; } = new long[phases, parts];

        public (int Phase, int Part) ThrowAt { get; init; } = (-1, -1);

        public bool Nested { get; init; }

        public int NestedRuns;

        public void Reset()
        {
            (Runs, Started, Ended) = (new int[phases, parts], new long[phases, parts], new long[phases, parts]);
            NestedRuns = 0;
        }

        public void RunPart(int phase, int part, int worker)
        {
            Started[phase, part] = Interlocked.Increment(ref _clock);
            Interlocked.Increment(ref Runs[phase, part]);
            Thread.SpinWait(50);
            if (Nested)
            {
                // A job started from inside a part runs serially on this thread.
                var inner = new RecordingJob(1, 2);
                TwoCoreTeam.Run(inner);
                Interlocked.Add(ref NestedRuns, inner.Runs[0, 0] + inner.Runs[0, 1] == 2 ? 1 : 0);
            }

            Ended[phase, part] = Interlocked.Increment(ref _clock);
            if ((phase, part) == ThrowAt)
            {
                throw new InvalidOperationException($"part {part} of phase {phase}");
            }
        }
    }
}
