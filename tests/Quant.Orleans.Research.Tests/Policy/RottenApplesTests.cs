using Quant.Orleans.Core;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Metrics;
using Quant.Orleans.Research.Policy;

namespace Quant.Orleans.Research.Tests.Policy;

/// <summary>The rotten-apple generator on a hand-made recording: forward returns and half-spreads by hand, sessions
/// respected, eligibility counted, the states are <see cref="PolicyState.Write"/>'s, and the build is deterministic.</summary>
public sealed class RottenApplesTests
{
    private const long Second = UnixNanos.NanosPerSecond;

    // Two UTC days (Utc24x7 calendar: session date = UTC date), ten 1 s grid steps each.
    private static readonly long Day1 = new DateTimeOffset(2013, 10, 7, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    private static readonly long Day2 = new DateTimeOffset(2013, 10, 8, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    private static readonly RottenAppleOptions Options = new()
    {
        Horizon = TimeSpan.FromSeconds(3),
        Cadence = TimeSpan.FromSeconds(1),
        Calendar = TradingCalendar.Utc24x7,
    };

    private static JudgeRecordedCandidate Candidate(long time, int step, bool regime = true, double mu = 0.001, double trend = 1e-5) =>
        new(time, step, mu, 0.002, 0.7, [], regime, "ridge-test", null, 1e-4, trend);

    /// <summary>Day 1 mids 100 + 0.5·i, half-spread 1e-4·(i + 1); day 2 mids 50 + 0.25·i, half-spread 2e-4.</summary>
    private static JudgeSymbolRecording Recording(string symbol = "IBM")
    {
        var r = new JudgeSymbolRecording(symbol);
        for (var i = 0; i < 10; i++)
        {
            r.Steps.Add(new JudgeGridStep(Day1 + (i * Second), 100 + (0.5 * i), 1e-4 * (i + 1), 100, 100, 0));
        }

        for (var i = 0; i < 10; i++)
        {
            r.Steps.Add(new JudgeGridStep(Day2 + (i * Second), 50 + (0.25 * i), 2e-4, 100, 100, 0));
        }

        r.Candidates.Add(Candidate(Day1 + (2 * Second), 2));                      // kept: ln(102.5/101)
        r.Candidates.Add(Candidate(Day1 + (4 * Second), 4, regime: false));        // regime blocked: ineligible
        r.Candidates.Add(Candidate(Day1 + (5 * Second), 5, trend: double.NaN));    // no trend: the state function refuses
        r.Candidates.Add(Candidate(Day1 + (7 * Second), 7));                      // 7 + 3 = 10 is day 2's first step: leaves the session
        r.Candidates.Add(Candidate(Day2 + (2 * Second), 12, mu: -0.003));          // kept: ln(51.25/50.5)
        r.Candidates.Add(Candidate(Day2 + (8 * Second), 18));                     // 18 + 3 = 21: past the recording
        return r;
    }

    [Fact]
    public void ForwardReturnsAndHalfSpreadsAreTheRecordedMidsAndSpreads()
    {
        var set = RottenApples.Build([Recording()], Options);

        Assert.Equal(2, set.Apples.Length);
        var (a, b) = (set.Apples[0], set.Apples[1]);
        Assert.Equal(Math.Log(102.5 / 101.0), a.ForwardReturn, 15);
        Assert.Equal(3e-4, a.HalfSpread, 15);
        Assert.Equal(new DateOnly(2013, 10, 7), a.Day);
        Assert.Equal(Math.Log(51.25 / 50.5), b.ForwardReturn, 15);
        Assert.Equal(2e-4, b.HalfSpread, 15);
        Assert.Equal(-0.003, b.Mu);
        Assert.Equal([new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8)], set.Days);
        Assert.Equal(1, set.Ineligible);
        Assert.Equal(1, set.Unusable);
        Assert.Equal(2, set.BeyondSession); // step 7 (its horizon ends in day 2's session) and step 18 (past the end)
    }

    [Fact]
    public void AHorizonThatLeavesTheSessionDropsTheCandidate()
    {
        // With a 2 s horizon the candidate at step 7 ends at step 9, still day 1: kept, ln(104.5/103.5).
        var set = RottenApples.Build([Recording()], Options with { Horizon = TimeSpan.FromSeconds(2) });
        var late = Assert.Single(set.Apples, x => x.Time == Day1 + (7 * Second));
        Assert.Equal(Math.Log(104.5 / 103.5), late.ForwardReturn, 15);

        // A gap in the grid (a step missing) makes step k + n lie later than the horizon: dropped, not mismeasured.
        var gapped = Recording();
        gapped.Steps.RemoveAt(4);
        gapped.Candidates.Clear();
        gapped.Candidates.Add(Candidate(Day1 + (2 * Second), 2));
        Assert.Empty(RottenApples.Build([gapped], Options).Apples);
    }

    [Fact]
    public void StatesAreThoseOfTheServingStateFunction()
    {
        var set = RottenApples.Build([Recording()], Options);
        var states = set.States(Options.Horizon);
        Assert.Equal(set.Apples.Length * PolicyState.Width, states.Length);
        var expected = new float[PolicyState.Width];
        for (var i = 0; i < set.Apples.Length; i++)
        {
            var a = set.Apples[i];
            PolicyState.Write(a.Mu, a.Sigma, Options.Horizon, a.RealisedVolatility, a.Trend, expected);
            Assert.Equal(expected, states.AsSpan(i * PolicyState.Width, PolicyState.Width).ToArray());
        }

        // By hand for the first apple: μ/σ = 0.5, ln(σ/(√3·1e-4)) = ln(0.002/(1.7320508·1e-4)), trend·h/σ = 0.015, rv·√h/σ.
        Assert.Equal(0.5f, states[0]);
        Assert.Equal((float)Math.Log(0.002 / (Math.Sqrt(3) * 1e-4)), states[1]);
        Assert.Equal((float)(1e-5 * 3 / 0.002), states[2]);
        Assert.Equal((float)(1e-4 * Math.Sqrt(3) / 0.002), states[3]);
    }

    [Fact]
    public void TheCutOffAndTheEligibilityRuleAreApplied()
    {
        var until = RottenApples.Build([Recording()], Options with { Until = new DateOnly(2013, 10, 8) });
        Assert.All(until.Apples, a => Assert.True(a.Day < new DateOnly(2013, 10, 8)));
        Assert.Single(until.Apples);

        var strong = RottenApples.Build([Recording()], Options with { Eligible = c => c.RegimePassed && Math.Abs(c.Mu) / c.Sigma >= 1.0 });
        Assert.Equal(Math.Log(51.25 / 50.5), Assert.Single(strong.Apples).ForwardReturn, 15);
    }

    [Fact]
    public void TheBuildIsDeterministicAndOrderedByTimeThenSymbol()
    {
        var first = RottenApples.Build([Recording("IBM"), Recording("AIG")], Options);
        var second = RottenApples.Build([Recording("AIG"), Recording("IBM")], Options);
        Assert.Equal(first.Apples, second.Apples);
        Assert.Equal(first.Hash(), second.Hash());
        Assert.Equal(["AIG", "IBM", "AIG", "IBM"], first.Apples.Select(a => a.Symbol));
        Assert.True(first.Apples.Zip(first.Apples.Skip(1)).All(p => p.First.Time <= p.Second.Time));

        var other = Recording("AIG");
        other.Steps[5] = other.Steps[5] with { Mid = 102.6 };
        Assert.NotEqual(first.Hash(), RottenApples.Build([Recording("IBM"), other], Options).Hash());
    }

    [Fact]
    public void BadRecordingsAndOptionsAreRefusedByName()
    {
        var unordered = Recording();
        unordered.Steps[3] = unordered.Steps[3] with { Time = Day1 };
        Assert.Contains("IBM: step 3", Assert.Throws<ArgumentException>(() => RottenApples.Build([unordered], Options)).Message, StringComparison.Ordinal);

        var badMid = Recording();
        badMid.Steps[1] = badMid.Steps[1] with { Mid = double.NaN };
        Assert.Contains("step 1 has mid NaN", Assert.Throws<ArgumentException>(() => RottenApples.Build([badMid], Options)).Message, StringComparison.Ordinal);

        var outside = Recording();
        outside.Candidates.Add(Candidate(Day2 + (9 * Second), 40));
        Assert.Contains("names step 40", Assert.Throws<ArgumentException>(() => RottenApples.Build([outside], Options)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => RottenApples.Build([Recording()], Options with { Horizon = TimeSpan.FromMilliseconds(2500) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RottenApples.Build([Recording()], Options with { Cadence = TimeSpan.Zero }));
    }
}
