using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Research.Labels;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Labels;

public sealed class EwmaVolatilityTests
{
    /// <summary>Causality (DESIGN §4): changing the future of the prices must not move any earlier output. Each price
    /// from index k on is changed in turn and the outputs before k are compared bit for bit; index 0 used to be seeded
    /// with r[1] = ln p[1] − ln p[0] and moved when p[1] changed.</summary>
    [Fact]
    public void ChangingTheFutureDoesNotMoveThePast()
    {
        var rng = new DeterministicRandom(5);
        var n = 64;
        var prices = new double[n];
        prices[0] = 100;
        for (var i = 1; i < n; i++)
        {
            prices[i] = prices[i - 1] * Math.Exp(0.01 * rng.NextGaussian());
        }

        var reference = new double[n];
        EwmaVolatility.Compute(prices, 10, reference);
        for (var k = 1; k < n; k++)
        {
            var changed = (double[])prices.Clone();
            for (var j = k; j < n; j++)
            {
                changed[j] *= 1.5;
            }

            var output = new double[n];
            EwmaVolatility.Compute(changed, 10, output);
            for (var i = 0; i < k; i++)
            {
                Assert.True(
                    reference[i].Equals(output[i]),
                    $"output[{i}] moved from {reference[i]:R} to {output[i]:R} when the prices from index {k} on changed");
            }
        }
    }

    [Fact]
    public void MatchesThePandasFixtureAndIsUndefinedBeforeTheFirstReturn()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ewma_volatility_fixture.json")));
        var root = doc.RootElement;
        var prices = root.GetProperty("prices").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = root.GetProperty("volatility").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
        var actual = new double[prices.Length];
        EwmaVolatility.Compute(prices, root.GetProperty("span").GetInt32(), actual);

        Assert.True(double.IsNaN(actual[0]), $"volatility[0] = {actual[0]:R}: no return exists at index 0");
        Tolerance.AssertAllClose(expected.AsSpan(1), actual.AsSpan(1), Tolerance.FixtureDouble, "ewma volatility");
    }
}
