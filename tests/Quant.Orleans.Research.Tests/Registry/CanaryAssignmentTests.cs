using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Research.Tests.Registry;

public sealed class CanaryAssignmentTests
{
    /// <summary>Positions computed independently by Python's hashlib (/usr/bin/python3):
    /// <c>(int.from_bytes(sha256((v + '\n' + s).encode()).digest()[:8], 'big') &gt;&gt; 11) / 2**53</c>. Equal values here
    /// mean the assignment is the same in every process and on every machine.</summary>
    [Theory]
    [InlineData("3fa94c0d1be27a55", "AIG", 0.5811432672204048)]
    [InlineData("3fa94c0d1be27a55", "IBM", 0.24575469557401342)]
    [InlineData("0123456789abcdef", "BAC", 0.3798652384768866)]
    [InlineData("0123456789abcdef", "AAPL", 0.34196348377857977)]
    public void PositionsMatchPythonHashlib(string version, string symbol, double expected)
    {
        Assert.Equal(expected, CanaryAssignment.Position(version, symbol));
        Assert.Equal(expected < 0.5, CanaryAssignment.InCanary(version, symbol, 0.5));
    }

    [Fact]
    public void ShareZeroSelectsNoneShareOneAllAndTheShareIsMonotone()
    {
        var symbols = Enumerable.Range(0, 10_000).Select(i => $"S{i:D5}").ToArray();
        Assert.DoesNotContain(symbols, s => CanaryAssignment.InCanary("3fa94c0d1be27a55", s, 0.0));
        Assert.All(symbols, s => Assert.True(CanaryAssignment.InCanary("3fa94c0d1be27a55", s, 1.0)));
        var at20 = symbols.Where(s => CanaryAssignment.InCanary("3fa94c0d1be27a55", s, 0.2)).ToHashSet();
        var at50 = symbols.Where(s => CanaryAssignment.InCanary("3fa94c0d1be27a55", s, 0.5)).ToHashSet();
        Assert.Subset(at50, at20);

        // Binomial(10,000, 0.2): sd 40; 5 sd either side.
        Assert.InRange(at20.Count, 2000 - 200, 2000 + 200);

        // Another version draws another subset of about the same size.
        var other = symbols.Where(s => CanaryAssignment.InCanary("0123456789abcdef", s, 0.2)).ToHashSet();
        Assert.InRange(other.Count, 1800, 2200);
        Assert.NotEqual(at20, other);
    }

    [Fact]
    public void AShareOutsideTheUnitIntervalIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CanaryAssignment.InCanary("v", "AIG", 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => CanaryAssignment.InCanary("v", "AIG", double.NaN));
        Assert.Throws<ArgumentException>(() => CanaryAssignment.InCanary(" ", "AIG", 0.5));
    }
}
