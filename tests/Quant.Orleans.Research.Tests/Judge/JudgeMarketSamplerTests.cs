using Quant.Orleans.Core;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Metrics;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>The judge's event-to-grid sampler and the recording that trains a judge on what a grain served.</summary>
public sealed class JudgeMarketSamplerTests
{
    private static readonly Symbol Ibm = new("IBM");
    private static readonly FractionalDifferenceFit D = new(0.4, 1e-4, 500, true, -4.0);
    private static readonly JudgeFeatureOptions Options = new() { RegimeCount = 2 };

    /// <summary>A session of quotes (every 250 ms) and trades from 09:25 to 10:30 New York time on a random walk.</summary>
    private static List<(bool Trade, Quote Quote, double Price, double Size)> Events(DateOnly day, int seed, long alterAfter = long.MaxValue)
    {
        var random = new Random(seed);
        var open = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 25)), TradingCalendar.UsEquity.TimeZone)).Value;
        var events = new List<(bool, Quote, double, double)>();
        var mid = 100.0;
        for (var i = 0; i < 65 * 60 * 4; i++)
        {
            var t = open + (i * 250_000_000L);
            mid *= Math.Exp(0.0002 * (random.NextDouble() - 0.5));
            var shock = t > alterAfter ? 1.01 : 1.0;
            var bid = Math.Round(mid * shock, 2) - 0.01;
            var quote = new Quote(Ibm, new UnixNanos(t), Price.FromDecimal((decimal)bid), Quantity.FromUnits(random.Next(1, 20) * 100), Price.FromDecimal((decimal)(bid + 0.02)), Quantity.FromUnits(random.Next(1, 20) * 100));
            events.Add((false, quote, 0, 0));
            if (i % 3 == 0)
            {
                events.Add((true, quote, random.NextDouble() < 0.5 ? bid : bid + 0.02, random.Next(1, 5) * 100));
            }
        }

        return events;
    }

    private static void Feed(JudgeMarketSampler sampler, (bool Trade, Quote Quote, double Price, double Size) e)
    {
        if (e.Trade)
        {
            sampler.OnTrade(e.Quote.Time, e.Price, e.Size);
        }
        else
        {
            sampler.OnNbbo(e.Quote);
        }
    }

    [Fact]
    public void StepsStartAtTheOpenOneASecondAndRowsAtATimeIgnoreEverythingAfterIt()
    {
        var day = new DateOnly(2013, 10, 8);
        var cut = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(10, 0)), TradingCalendar.UsEquity.TimeZone)).Value;
        var rows = new List<float[]>();
        var steps = new List<JudgeGridStep>();
        foreach (var alter in new[] { long.MaxValue, cut })
        {
            var sampler = new JudgeMarketSampler(Options, D, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            if (alter == long.MaxValue)
            {
                sampler.StepObserver = steps.Add;
            }

            foreach (var e in Events(day, 3, alter).Where(e => e.Quote.Time.Value <= cut))
            {
                Feed(sampler, e);
            }

            var row = new float[sampler.State.Schema.Width];
            sampler.State.WriteRow(0.001, 0.002, double.NaN, double.NaN, [0.3, 0.7], row);
            rows.Add(row);
        }

        Assert.Equal(rows[0], rows[1]); // the altered prices come after the cut only
        Assert.Equal(30 * 60 + 1, steps.Count); // 09:30:00 … 10:00:00 inclusive: a step at b holds the events before b
        Assert.All(steps.Zip(steps.Skip(1)), p => Assert.Equal(1_000_000_000L, p.Second.Time - p.First.Time));
        var openUtc = UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(9, 30)), TradingCalendar.UsEquity.TimeZone)).Value;
        Assert.Equal(openUtc, steps[0].Time);
        Assert.Equal(0.3f, rows[0][Options.Schema().Columns.ToList().IndexOf("regime_0")]);
    }

    [Fact]
    public void TheTrainingSetRebuildsTheServedRowsBitForBitAcrossTwoAppendedSessions()
    {
        var all = new JudgeSymbolRecording("IBM");
        var calendar = TradingCalendar.UsEquity;
        foreach (var (day, seed) in new[] { (new DateOnly(2013, 10, 8), 5), (new DateOnly(2013, 10, 9), 6) })
        {
            // What a grain with a recorder does: record every step, and at each candidate the row it served.
            var window = new JudgeSymbolRecording("IBM");
            var sampler = new JudgeMarketSampler(Options, D, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) { StepObserver = s => window.Steps.Add(s) };
            var random = new Random(seed);
            var events = Events(day, seed);
            for (var i = 0; i < events.Count; i++)
            {
                Feed(sampler, events[i]);
                if (i % 97 == 0 && sampler.IsReady)
                {
                    var mu = (random.NextDouble() - 0.5) * 0.002;
                    double[] posterior = [random.NextDouble() * 0.5, 0.5];
                    var row = new float[sampler.State.Schema.Width];
                    sampler.State.WriteRow(mu, 0.001, double.NaN, double.NaN, posterior, row);
                    window.Candidates.Add(new JudgeRecordedCandidate(events[i].Quote.Time.Value, window.Steps.Count - 1, mu, 0.001, 0.6, posterior, random.NextDouble() < 0.8, "test", row));
                }
            }

            all.AppendDay(window, day, calendar);
        }

        var eligible = all.Candidates.Where(c => c.RegimePassed && c.Mu != 0).ToList();
        var set = JudgeRecordingTrainer.Build([all], new JudgeRecordingOptions { Features = Options, FractionalDifference = D });
        Assert.Equal(eligible.Count, set.Data.Rows);
        Assert.Equal([new DateOnly(2013, 10, 8), new DateOnly(2013, 10, 9)], set.Days);
        var byStepTime = set.Data.Times.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        foreach (var c in eligible)
        {
            Assert.Equal(c.ServedRow!, set.Data.Row(byStepTime[all.Steps[c.Step].Time]).ToArray());
        }

        // The second session's spans sit after the first's on the common axis (23,400 steps a session).
        Assert.True(set.Data.Spans.Last().Start >= 23_400, $"last span starts at {set.Data.Spans.Last().Start}");
        var untilSecond = JudgeRecordingTrainer.Build([all], new JudgeRecordingOptions { Features = Options, FractionalDifference = D, Until = new DateOnly(2013, 10, 9) });
        Assert.Equal(eligible.Count(c => calendar.SessionDate(c.Time) < new DateOnly(2013, 10, 9)), untilSecond.Data.Rows);
    }
}
