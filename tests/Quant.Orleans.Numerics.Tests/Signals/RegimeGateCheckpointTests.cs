using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

public sealed class RegimeGateCheckpointTests
{
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);
    private static readonly DateOnly Day3 = new(2013, 10, 9);
    private static readonly Lazy<List<GateEvent>> Events = new(() => CreateEvents(20_131_007UL));

    /// <summary>One call on a gate: a fit on a finished day's sample, or a decision on a value at a time.</summary>
    private sealed record GateEvent(bool IsFit, DateOnly Day, double[] Sample, long Time, double Volatility);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnHmmGateRestoredIntoANewObjectAtEveryCutPointDecidesBitForBit(bool throughJson)
    {
        var events = Events.Value;
        var reference = new HmmRegimeGate(3, 0.5, 1.0);
        var expected = events.Select(e => Apply(reference, e)).ToList();
        Assert.Contains(expected, o => o[0] == 1 && o.Length > 2);
        Assert.Contains(expected, o => o[0] == 0 && o.Length > 2 && o[1] != BitConverter.DoubleToInt64Bits(double.NaN));

        var gate = new HmmRegimeGate(3, 0.5, 1.0);
        var cuts = CutPoints(events);
        for (var i = 0; i < events.Count; i++)
        {
            if (cuts.Contains(i))
            {
                var state = gate.Capture();
                if (throughJson)
                {
                    state = JsonSerializer.Deserialize<HmmRegimeGateState>(JsonSerializer.Serialize(state))!;
                }

                gate = new HmmRegimeGate(3, 0.5, 1.0);
                gate.Restore(state);
                Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(gate.Capture()));
            }

            Assert.True(expected[i].SequenceEqual(Apply(gate, events[i])), $"event {i} differs (last cut before it: {cuts.GetViewBetween(0, i).Max})");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APercentileGateRestoredIntoANewObjectAtEveryCutPointDecidesBitForBit(bool throughJson)
    {
        var events = Events.Value;
        var reference = new VolatilityPercentileGate(10, 95);
        var expected = events.Select(e => Apply(reference, e)).ToList();
        Assert.Contains(expected, o => o[0] == 1 && o.Length > 2);

        var gate = new VolatilityPercentileGate(10, 95);
        var cuts = CutPoints(events);
        for (var i = 0; i < events.Count; i++)
        {
            if (cuts.Contains(i))
            {
                var state = gate.Capture();
                if (throughJson)
                {
                    state = JsonSerializer.Deserialize<VolatilityPercentileGateState>(JsonSerializer.Serialize(state))!;
                }

                gate = new VolatilityPercentileGate(10, 95);
                gate.Restore(state);
                Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(gate.Capture()));
            }

            Assert.True(expected[i].SequenceEqual(Apply(gate, events[i])), $"event {i} differs (last cut before it: {cuts.GetViewBetween(0, i).Max})");
        }
    }

    [Fact]
    public void GateCapturesAreDeepCopiesAndRestoresDoNotAliasThem()
    {
        var events = Events.Value;
        var fitted = events.FindIndex(e => e.IsFit) + 100;
        var hmm = new HmmRegimeGate();
        var percentile = new VolatilityPercentileGate();
        foreach (var e in events.Take(fitted))
        {
            Apply(hmm, e);
            Apply(percentile, e);
        }

        var hmmState = hmm.Capture();
        var percentileState = percentile.Capture();
        var hmmJson = JsonSerializer.Serialize(hmmState);
        var percentileJson = JsonSerializer.Serialize(percentileState);
        var hmmCopy = new HmmRegimeGate();
        hmmCopy.Restore(hmmState);
        var percentileCopy = new VolatilityPercentileGate();
        percentileCopy.Restore(percentileState);
        foreach (var e in events.Skip(fitted))
        {
            Apply(hmm, e); // refits on later days
            Apply(percentile, e);
        }

        Assert.Equal(hmmJson, JsonSerializer.Serialize(hmmState));
        Assert.Equal(percentileJson, JsonSerializer.Serialize(percentileState));

        Array.Fill(hmmState.Filter!.Probabilities, 0.25);
        Array.Fill(hmmState.Filter.Model.Means, 7.0);
        Array.Fill(percentileState.Sample!, 1.0);
        Assert.Equal(hmmJson, JsonSerializer.Serialize(hmmCopy.Capture()));
        Assert.Equal(percentileJson, JsonSerializer.Serialize(percentileCopy.Capture()));
    }

    [Theory]
    [InlineData("States", "States = ")]
    [InlineData("Threshold", "MaxHighVolatilityProbability = ")]
    [InlineData("SampleInterval", "SampleIntervalSeconds = ")]
    [InlineData("Version", "HmmRegimeGateState.Version")]
    [InlineData("ProbabilitiesNaN", "GaussianHmmFilterState.Probabilities[1]")]
    [InlineData("ProbabilitiesLength", "GaussianHmmFilterState.Probabilities")]
    [InlineData("TransitionLength", "GaussianHmmState.Transition")]
    [InlineData("TransitionRow", "GaussianHmmState.Transition row 0")]
    [InlineData("VarianceNegative", "GaussianHmmState.Variances")]
    [InlineData("MeansNaN", "GaussianHmmState.Means[2]")]
    [InlineData("FittedDayWithoutModel", "HmmRegimeGateState.Filter")]
    [InlineData("SpacingNaN", "HmmRegimeGateState.SpacingSeconds")]
    public void AnHmmGateRefusesAnotherConfigurationOrACorruptCheckpointWithTheFieldNamed(string corruption, string named)
    {
        var gate = new HmmRegimeGate(3, 0.5, 1.0);
        foreach (var e in Events.Value.Take(Events.Value.FindIndex(e => e.IsFit) + 50))
        {
            Apply(gate, e);
        }

        var state = gate.Capture();
        var filter = state.Filter!;
        var model = filter.Model;
        var target = new HmmRegimeGate(3, 0.5, 1.0);
        var bad = state;
        switch (corruption)
        {
            case "States": target = new HmmRegimeGate(2, 0.5, 1.0); break;
            case "Threshold": target = new HmmRegimeGate(3, 0.4, 1.0); break;
            case "SampleInterval": target = new HmmRegimeGate(3, 0.5, 2.0); break;
            case "Version": bad = state with { Version = 0 }; break;
            case "ProbabilitiesNaN": bad = state with { Filter = filter with { Probabilities = [0.5, double.NaN, 0.5] } }; break;
            case "ProbabilitiesLength": bad = state with { Filter = filter with { Probabilities = [0.5, 0.5] } }; break;
            case "TransitionLength": bad = state with { Filter = filter with { Model = model with { Transition = model.Transition[..^1] } } }; break;
            case "TransitionRow": bad = state with { Filter = filter with { Model = model with { Transition = [0.5, 0.4, 0.0, .. model.Transition[3..]] } } }; break;
            case "VarianceNegative": bad = state with { Filter = filter with { Model = model with { Variances = [model.Variances[0], -1.0, model.Variances[2]] } } }; break;
            case "MeansNaN": bad = state with { Filter = filter with { Model = model with { Means = [model.Means[0], model.Means[1], double.NaN] } } }; break;
            case "FittedDayWithoutModel": bad = state with { Filter = null }; break;
            case "SpacingNaN": bad = state with { SpacingSeconds = double.NaN }; break;
            default: throw new ArgumentOutOfRangeException(nameof(corruption));
        }

        var before = JsonSerializer.Serialize(target.Capture());
        var error = Assert.Throws<ArgumentException>(() => target.Restore(bad));

        Assert.Equal("state", error.ParamName);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, JsonSerializer.Serialize(target.Capture())); // nothing was changed
    }

    [Theory]
    [InlineData("Upper", "UpperPercent = ")]
    [InlineData("Lower", "LowerPercent = ")]
    [InlineData("Version", "VolatilityPercentileGateState.Version")]
    [InlineData("SampleShort", "VolatilityPercentileGateState.Sample")]
    [InlineData("SampleNaN", "VolatilityPercentileGateState.Sample[3]")]
    [InlineData("SampleNegative", "VolatilityPercentileGateState.Sample")]
    [InlineData("SampleWithoutDay", "VolatilityPercentileGateState.Sample")]
    public void APercentileGateRefusesOtherBoundsOrACorruptCheckpointWithTheFieldNamed(string corruption, string named)
    {
        var gate = new VolatilityPercentileGate(10, 95);
        gate.Fit(Day1, Events.Value.First(e => e.IsFit).Sample);
        var state = gate.Capture();
        var sample = state.Sample!;
        var target = new VolatilityPercentileGate(10, 95);
        var bad = state;
        switch (corruption)
        {
            case "Upper": target = new VolatilityPercentileGate(10, 90); break;
            case "Lower": target = new VolatilityPercentileGate(5, 95); break;
            case "Version": bad = state with { Version = 2 }; break;
            case "SampleShort": bad = state with { Sample = sample[..29] }; break;
            case "SampleNaN": bad = state with { Sample = [.. sample[..3], double.NaN, .. sample[4..]] }; break;
            case "SampleNegative": bad = state with { Sample = [-1.0, .. sample[1..]] }; break;
            case "SampleWithoutDay": bad = state with { FittedDay = null }; break;
            default: throw new ArgumentOutOfRangeException(nameof(corruption));
        }

        var error = Assert.Throws<ArgumentException>(() => target.Restore(bad));

        Assert.Equal("state", error.ParamName);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Null(target.FittedDay);
    }

    private static long[] Apply(HmmRegimeGate gate, GateEvent e)
    {
        if (e.IsFit)
        {
            return [gate.Fit(e.Day, e.Sample) ? 1 : 0, gate.FittedDay?.DayNumber ?? -1];
        }

        var passes = gate.Passes(new UnixNanos(e.Time), e.Volatility, out var p);
        return [passes ? 1 : 0, BitConverter.DoubleToInt64Bits(p), gate.FittedDay?.DayNumber ?? -1];
    }

    private static long[] Apply(VolatilityPercentileGate gate, GateEvent e)
    {
        if (e.IsFit)
        {
            return [gate.Fit(e.Day, e.Sample) ? 1 : 0, gate.FittedDay?.DayNumber ?? -1];
        }

        var passes = gate.Passes(e.Volatility, out var percentile);
        return [passes ? 1 : 0, BitConverter.DoubleToInt64Bits(percentile), gate.FittedDay?.DayNumber ?? -1];
    }

    /// <summary>Every 97th event, and just before and after every fit (the day roll).</summary>
    private static SortedSet<int> CutPoints(List<GateEvent> events)
    {
        var cuts = new SortedSet<int> { 0, 1 };
        for (var i = 0; i < events.Count; i++)
        {
            if (i % 97 == 5)
            {
                cuts.Add(i);
            }

            if (events[i].IsFit)
            {
                cuts.Add(i);
                cuts.Add(i + 1);
                cuts.Add(i + 2);
            }
        }

        return cuts;
    }

    /// <summary>
    /// Decisions before any fit; a fit on day 1's sample (three volatility regimes with Markov switching, one value per
    /// second); decisions on day 2 at irregular times (repeated timestamps, long gaps, zero and NaN values); a refit on
    /// day 2; more decisions; a refused fit on a too-short day 3; more decisions.
    /// </summary>
    private static List<GateEvent> CreateEvents(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var means = new[] { Math.Log(1e-4), Math.Log(2.5e-4), Math.Log(7e-4) };
        var regime = 0;
        double Next()
        {
            if (random.NextDouble() < 0.01)
            {
                regime = random.NextInt(3);
            }

            return Math.Exp(means[regime] + (0.25 * random.NextGaussian()));
        }

        double[] Sample(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToArray();

        var events = new List<GateEvent>();
        var time = UnixNanos.FromDateTime(Day2.ToDateTime(new TimeOnly(13, 30), DateTimeKind.Utc)).Value;
        void Decide(int count)
        {
            for (var k = 0; k < count; k++)
            {
                var u = random.NextDouble();
                time += u < 0.1 ? 0 : u < 0.98 ? (long)((0.2 + (3.0 * random.NextDouble())) * 1e9) : 600_000_000_000L;
                var v = random.NextDouble();
                var value = v < 0.01 ? 0.0 : v < 0.02 ? double.NaN : Next();
                events.Add(new GateEvent(false, default, [], time, value));
            }
        }

        Decide(20);
        events.Add(new GateEvent(true, Day1, Sample(6_000), 0, 0));
        Decide(2_500);
        events.Add(new GateEvent(true, Day2, Sample(5_000), 0, 0));
        Decide(1_500);
        events.Add(new GateEvent(true, Day3, Sample(20), 0, 0));
        Decide(500);
        return events;
    }
}
