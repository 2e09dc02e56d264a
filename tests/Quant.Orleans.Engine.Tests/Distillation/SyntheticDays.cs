using Quant.Orleans.Core;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Engine.Tests.Distillation;

/// <summary>Small synthetic data sets with the shape of <see cref="DistillationDay"/> (a random walk whose next
/// moves the student's slope column partly announces) and a tiny configuration that trains in seconds.</summary>
internal static class SyntheticDays
{
    public static DistillationOptions TinyOptions(ulong seed = 3) => DistillationOptions.Tiny(seed);

    public static DistillationDay Day(string symbol, DateOnly day, int steps, ulong seed)
    {
        var options = new DistillationDatasetOptions { FeeRate = 0.0001 };
        var random = new DeterministicRandom(seed);
        var horizons = options.Horizons;
        var h = horizons.Length;
        var sw = DistillationSchemas.Student.Width;
        var tw = DistillationSchemas.Teacher.Width;
        var logMid = new double[steps];
        var signal = new double[steps];
        logMid[0] = Math.Log(100);
        for (var i = 1; i < steps; i++)
        {
            signal[i] = random.NextGaussian();
            logMid[i] = logMid[i - 1] + (1e-4 * ((0.3 * signal[i - 1]) + random.NextGaussian()));
        }

        var golden = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            double sum = 0;
            var n = 0;
            for (var k = Math.Max(0, i - 5); k <= Math.Min(steps - 1, i + 5); k++, n++)
            {
                sum += logMid[k];
            }

            golden[i] = sum / n;
        }

        var student = new float[steps * sw];
        var teacher = new float[steps * tw];
        var warm = new bool[steps];
        var half = new float[steps];
        var times = new long[steps];
        var goldenReturn = new float[steps * h];
        var midReturn = new float[steps * h];
        var barrier = new sbyte[steps];
        var open = new DateTimeOffset(day.Year, day.Month, day.Day, 13, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;
        for (var i = 0; i < steps; i++)
        {
            times[i] = open + ((i + 1) * 1_000_000_000L);
            warm[i] = i >= 20;
            half[i] = 5e-5f;
            for (var j = 0; j < sw; j++)
            {
                student[(i * sw) + j] = (float)random.NextGaussian();
            }

            student[(i * sw) + DistillationSchemas.StudentSlope] = (float)signal[i];
            student[(i * sw) + DistillationSchemas.StudentLogMidReturn] = i == 0 ? 0 : (float)(logMid[i] - logMid[i - 1]);
            for (var j = 0; j < tw; j++)
            {
                teacher[(i * tw) + j] = (float)random.NextGaussian();
            }

            for (var k = 0; k < h; k++)
            {
                var ahead = i + (int)horizons[k].TotalSeconds;
                goldenReturn[(i * h) + k] = ahead < steps ? (float)(golden[ahead] - golden[i]) : float.NaN;
                midReturn[(i * h) + k] = ahead < steps ? (float)(logMid[ahead] - logMid[i]) : float.NaN;
            }

            var last = midReturn[(i * h) + h - 1];
            barrier[i] = float.IsNaN(last) ? (sbyte)-1 : last > 5e-4 ? (sbyte)2 : last < -5e-4 ? (sbyte)0 : (sbyte)1;
        }

        return new DistillationDay
        {
            Symbol = symbol,
            Day = day,
            Cadence = options.Cadence,
            Steps = steps,
            Times = times,
            Student = student,
            Warm = warm,
            Teacher = teacher,
            LogMid = logMid,
            GoldenLevel = golden,
            HalfSpread = half,
            Horizons = horizons,
            GoldenReturn = goldenReturn,
            MidReturn = midReturn,
            Barrier = barrier,
            QuoteRecordEnd = new int[steps],
            TradeRecordEnd = new int[steps],
            Sources = [new DatasetSource($"synthetic/{symbol}/{day:yyyyMMdd}", seed.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), steps)],
            SchemaVersion = DistillationSchemas.Version,
        };
    }
}
