using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Wavelets;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Wavelets;

public sealed class ModwtTests
{
    public static TheoryData<WaveletFamily, ModwtBoundary> AllCases()
    {
        var data = new TheoryData<WaveletFamily, ModwtBoundary>();
        foreach (var f in Enum.GetValues<WaveletFamily>())
        {
            data.Add(f, ModwtBoundary.Periodic);
            data.Add(f, ModwtBoundary.Reflection);
        }

        return data;
    }

    [Fact]
    public void MatchesPyWaveletsSwtUpToTheDocumentedShiftAndSign()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "modwt_fixture.json")));
        var cases = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var family = Enum.Parse<WaveletFamily>(c.GetProperty("wavelet").GetString()!);
            var boundary = Enum.Parse<ModwtBoundary>(c.GetProperty("boundary").GetString()!);
            var levels = c.GetProperty("levels").GetInt32();
            var x = Doubles(c.GetProperty("x"));
            var filter = WaveletFilter.Of(family);
            var result = Modwt.Transform(x, filter, levels, boundary);
            var m = result.TransformLength;
            var j = 1;
            foreach (var level in c.GetProperty("swtDetails").EnumerateArray())
            {
                var swt = Doubles(level);
                Assert.Equal(m, swt.Length);
                var shift = filter.Length / 2 * ((1 << j) - 1);
                for (var t = 0; t < m; t++)
                {
                    Tolerance.AssertClose(-swt[(((t - shift) % m) + m) % m], result.Details[j - 1][t], Tolerance.FixtureDouble, $"{family} {boundary} W{j}[{t}]");
                }

                j++;
            }

            var approx = Doubles(c.GetProperty("swtApproximation"));
            var shiftJ = filter.Length / 2 * ((1 << levels) - 1);
            for (var t = 0; t < m; t++)
            {
                Tolerance.AssertClose(approx[(((t - shiftJ) % m) + m) % m], result.Smooth[t], Tolerance.FixtureDouble, $"{family} {boundary} V{levels}[{t}]");
            }

            cases++;
        }

        Assert.Equal(6, cases);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void InverseAndMraReconstructTheSeriesAndEnergyIsPreserved(WaveletFamily family, ModwtBoundary boundary)
    {
        foreach (var (n, levels) in new[] { (101, 5), (64, 3), (7, 2), (1, 1) })
        {
            var x = RandomWalk(n, (ulong)(n + levels));
            var result = Modwt.Transform(x, WaveletFilter.Of(family), levels, boundary);
            Tolerance.AssertAllClose(x, Modwt.Inverse(result), 1e-10, $"inverse n={n}");
            var mra = Modwt.MultiresolutionAnalysis(result);
            Assert.Equal(levels + 1, mra.Length);
            var sum = new double[n];
            foreach (var component in mra)
            {
                for (var t = 0; t < n; t++)
                {
                    sum[t] += component[t];
                }
            }

            Tolerance.AssertAllClose(x, sum, 1e-10, $"MRA sum n={n}");
            var energy = x.Sum(v => v * v) * (boundary == ModwtBoundary.Reflection ? 2 : 1);
            Tolerance.AssertClose(energy, result.Energy(), 1e-10 * energy, $"energy n={n}");
        }
    }

    [Fact]
    public void FiltersHaveTheModwtNormalisation()
    {
        foreach (var f in Enum.GetValues<WaveletFamily>())
        {
            var filter = WaveletFilter.Of(f);
            Tolerance.AssertClose(1.0, filter.Scaling.ToArray().Sum(), Tolerance.SameFormulaDouble, $"{f} sum g");
            Tolerance.AssertClose(0.0, filter.Wavelet.ToArray().Sum(), Tolerance.SameFormulaDouble, $"{f} sum h");
            Tolerance.AssertClose(0.5, filter.Scaling.ToArray().Sum(v => v * v), Tolerance.SameFormulaDouble, $"{f} sum g^2");
        }
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => Modwt.Transform([], WaveletFilter.Haar, 1));
        Assert.Throws<ArgumentException>(() => Modwt.Transform([1.0, double.NaN], WaveletFilter.Haar, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Modwt.Transform([1.0], WaveletFilter.Haar, 0));
    }

    internal static double[] RandomWalk(int n, ulong seed)
    {
        var rng = new DeterministicRandom(seed);
        var x = new double[n];
        var level = 3.0;
        for (var i = 0; i < n; i++)
        {
            level += rng.NextGaussian();
            x[i] = level + (0.5 * rng.NextGaussian());
        }

        return x;
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
