using System.Globalization;
using System.IO.Compression;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Forecasting;

public sealed class SymbolFeatureEngineTests
{
    [Fact]
    public void Causality_ChangingMidsAfterT_LeavesFeaturesUpToTBitForBit()
    {
        var a = Run(2);
        var b = Run(3);
        for (var i = 0; i <= 3_000; i++)
        {
            Assert.Equal(a[i], b[i]);
        }

        Assert.NotEqual(a[^1], b[^1]);

        static double[][] Run(ulong seedAfter)
        {
            var engine = new SymbolFeatureEngine();
            var before = new DeterministicRandom(1);
            var after = new DeterministicRandom(seedAfter);
            var output = new double[5_000][];
            var t = 1_381_152_600_000_000_000L;
            var mid = 180.0;
            for (var i = 0; i < output.Length; i++)
            {
                var rng = i <= 3_000 ? before : after;
                t += 1 + (long)(rng.NextDouble() * 1e9);
                mid += 0.01 * Math.Round(rng.NextGaussian());
                output[i] = engine.Update(new UnixNanos(t), mid).ToArray();
            }

            return output;
        }
    }

    [Fact]
    public void BadTicksAreCountedAndRefused()
    {
        var engine = new SymbolFeatureEngine();
        Assert.True(engine.TryUpdate(new UnixNanos(1_000), 100.0));
        Assert.False(engine.TryUpdate(new UnixNanos(2_000), double.NaN));
        Assert.False(engine.TryUpdate(new UnixNanos(2_000), 0.0));
        Assert.False(engine.TryUpdate(new UnixNanos(500), 100.0));
        Assert.Equal(3, engine.RejectedCount);
        Assert.Equal(1, engine.TickCount);
        Assert.Equal("mid", Assert.Throws<ArgumentOutOfRangeException>(() => engine.Update(new UnixNanos(3_000), -1.0)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentOutOfRangeException>(() => engine.Update(new UnixNanos(3), 100.0)).ParamName);
    }

    [Fact]
    public void RealIbmDay_NoNaN_AndFilteredLevelIsSmootherThanTheMid()
    {
        var path = TestData.Require("lean/equity/usa/tick/ibm/20131007_quote.zip");
        var day = new DateOnly(2013, 10, 7);
        // Lean tick times are milliseconds since midnight in New York; 2013-10-07 is EDT (UTC−4).
        var midnightUtc = UnixNanos.FromDateTime(day.ToDateTime(new TimeOnly(4, 0), DateTimeKind.Utc));
        var engine = new SymbolFeatureEngine();
        var log = new DayFeatureLog(day, initialCapacity: 1 << 16);
        double prevMid = double.NaN, prevLevel = double.NaN;
        // Each Lean quote row updates one side of one exchange (the other side is 0). A simple test-only NBBO: keep each
        // exchange's last bid and ask, take the best across exchanges, and use the mid when bid > 0, ask > 0, bid < ask.
        var bids = new Dictionary<string, double>();
        var asks = new Dictionary<string, double>();
        var midDiffs = new List<double>();
        var levelDiffs = new List<double>();
        using (var zip = ZipFile.OpenRead(path))
        {
            using var reader = new StreamReader(zip.Entries[0].Open());
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var f = line.Split(',');
                var ms = long.Parse(f[0], CultureInfo.InvariantCulture);
                if (f[7] != "0")
                {
                    continue;
                }

                var rowBid = double.Parse(f[1], CultureInfo.InvariantCulture) / 10_000.0;
                var rowAsk = double.Parse(f[3], CultureInfo.InvariantCulture) / 10_000.0;
                if (rowBid > 0.0)
                {
                    bids[f[5]] = rowBid;
                }

                if (rowAsk > 0.0)
                {
                    asks[f[5]] = rowAsk;
                }

                var bid = bids.Count > 0 ? bids.Values.Max() : 0.0;
                var ask = asks.Count > 0 ? asks.Values.Min() : 0.0;
                if (!(bid > 0.0 && ask > 0.0 && bid < ask))
                {
                    continue;
                }

                var time = midnightUtc.AddNanos(ms * UnixNanos.NanosPerMillisecond);
                if (!engine.TryUpdate(time, 0.5 * (bid + ask)))
                {
                    continue;
                }

                var features = engine.Features;
                foreach (var v in features)
                {
                    Assert.False(double.IsNaN(v) || double.IsInfinity(v), $"non-finite feature at {time}");
                }

                if (engine.IsWarm)
                {
                    log.Append(time, engine.LastLogMid, features);
                    if (!double.IsNaN(prevMid))
                    {
                        midDiffs.Add(engine.LastLogMid - prevMid);
                        levelDiffs.Add(features[FeatureIndex.Level] - prevLevel);
                    }

                    prevMid = engine.LastLogMid;
                    prevLevel = features[FeatureIndex.Level];
                }
            }
        }

        Assert.True(midDiffs.Count > 500, $"only {midDiffs.Count} warm ticks");
        var midVar = Variance(midDiffs);
        var levelVar = Variance(levelDiffs);
        Assert.True(levelVar < midVar, $"filtered level tick-to-tick variance {levelVar:E3} should be below the mid's {midVar:E3}");
        Assert.Equal(0, engine.JitterCount);

        var model = BaselineTrainer.Fit(log);
        Assert.True(double.IsFinite(model.Ridge.ResidualStandardDeviation) && model.Ridge.ResidualStandardDeviation > 0.0);
    }

    private static double Variance(List<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
