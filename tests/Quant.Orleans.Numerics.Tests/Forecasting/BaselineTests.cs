using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Numerics.Tests.Forecasting;

public sealed class BaselineTests
{
    private static readonly DateOnly Day1 = new(2013, 10, 7);
    private static readonly DateOnly Day2 = new(2013, 10, 8);

    [Fact]
    public void TargetBuilder_NeverUsesARowAfterTheHorizonEnd_AndSubsamples()
    {
        var log = SimulateDay(Day1, seed: 1, out _);
        var options = new TrainingSetOptions { Horizon = TimeSpan.FromSeconds(60), SampleInterval = TimeSpan.FromSeconds(1) };
        var set = AcausalHorizonTargetBuilder.Build(log, options);
        Assert.True(set.Targets.Length > 1000);
        var horizon = 60L * UnixNanos.NanosPerSecond;
        var times = log.Times.ToArray();
        for (var i = 0; i < set.Targets.Length; i++)
        {
            Assert.True(set.TargetTimes[i] <= set.RowTimes[i] + horizon, $"row {i}: target time beyond the horizon end");
            Assert.True(set.TargetTimes[i] >= set.RowTimes[i]);
            // The target row is the LAST one at or before t + H: the next recorded row lies after the horizon end.
            var idx = Array.IndexOf(times, set.TargetTimes[i]);
            while (idx + 1 < times.Length && times[idx + 1] == set.TargetTimes[i])
            {
                idx++;
            }

            Assert.True(idx + 1 == times.Length || times[idx + 1] > set.RowTimes[i] + horizon);
            if (i > 0)
            {
                Assert.True(set.RowTimes[i] - set.RowTimes[i - 1] >= UnixNanos.NanosPerSecond, "at most one row per second");
            }
        }

        Assert.True(set.RowTimes[^1] + horizon <= times[^1], "rows whose horizon passes the day's end are dropped");
    }

    [Fact]
    public void WalkForward_ModelFittedOnDayOneNeverSeesDayTwo()
    {
        var log1 = SimulateDay(Day1, seed: 1, out _);
        var model = BaselineTrainer.Fit(log1);
        Assert.Equal(Day1, model.TrainedThrough);
        var set = AcausalHorizonTargetBuilder.Build(log1, new TrainingSetOptions());
        Assert.All(set.RowTimes.Concat(set.TargetTimes), t => Assert.Equal(Day1, new UnixNanos(t).UtcDate));

        var sameDay = new BaselineForecaster(Day1);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => sameDay.Load(model)).ParamName);
        Assert.False(sameDay.IsReady);
        Assert.False(sameDay.TryForecast(new double[FeatureIndex.Count], out var none, out _));
        Assert.True(double.IsNaN(none));

        // Freeze, ship, load the next day.
        var json = JsonSerializer.Serialize(model);
        var shipped = JsonSerializer.Deserialize<BaselineModel>(json)!;
        var forecaster = new BaselineForecaster(Day2);
        forecaster.Load(shipped);
        Assert.True(forecaster.IsReady);
        var log2 = SimulateDay(Day2, seed: 2, out var engine);
        Assert.True(forecaster.TryForecast(engine.Features, out var forecast, out var noise));
        Assert.True(double.IsFinite(forecast) && noise > 0.0);
        Assert.True(log2.Count > 0);

        var direct = new BaselineForecaster(Day2);
        direct.Load(model);
        Assert.True(direct.TryForecast(engine.Features, out var forecastDirect, out _));
        Assert.Equal(forecastDirect, forecast);
    }

    [Fact]
    public void SameDataGivesTheSameModelBitForBit()
    {
        var a = BaselineTrainer.Fit(SimulateDay(Day1, seed: 5, out _));
        var b = BaselineTrainer.Fit(SimulateDay(Day1, seed: 5, out _));
        Assert.Equal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b));
    }

    internal static DayFeatureLog SimulateDay(DateOnly day, ulong seed, out SymbolFeatureEngine engine)
    {
        var rng = new DeterministicRandom(seed);
        engine = new SymbolFeatureEngine();
        var log = new DayFeatureLog(day);
        var open = UnixNanos.FromDateTime(day.ToDateTime(new TimeOnly(13, 30), DateTimeKind.Utc));
        var t = open.Value;
        var close = open.Add(TimeSpan.FromHours(2)).Value;
        var logPrice = Math.Log(180.0);
        while (t < close)
        {
            var dtNanos = 1 + (long)(rng.NextDouble() * 0.5 * UnixNanos.NanosPerSecond);
            t += dtNanos;
            logPrice += 7e-5 * Math.Sqrt(dtNanos / 1e9) * rng.NextGaussian();
            var mid = Math.Round(Math.Exp(logPrice + (3e-5 * rng.NextGaussian())) * 200.0) / 200.0;
            var features = engine.Update(new UnixNanos(t), mid);
            if (engine.IsWarm)
            {
                log.Append(new UnixNanos(t), engine.LastLogMid, features);
            }
        }

        return log;
    }
}
