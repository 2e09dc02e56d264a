namespace Quant.Orleans.Core.Tests;

public sealed class DeterministicRandomTests
{
    [Fact]
    public void SameSeedSameSequence()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void DifferentSeedsDiffer() => Assert.NotEqual(new DeterministicRandom(1).NextUInt64(), new DeterministicRandom(2).NextUInt64());

    [Fact]
    public void OutputsArePinnedAcrossMachines()
    {
        // Reference values from an independent Python transcription of xoshiro256** seeded by SplitMix64(0)
        // (Blackman and Vigna's reference C code), so a change of algorithm or seeding is caught.
        var random = new DeterministicRandom(0);
        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, random.NextUInt64());
        Assert.Equal(0x1A5F849D4933E6E0UL, random.NextUInt64());
    }

    [Fact]
    public void RangesHold()
    {
        var random = new DeterministicRandom(7);
        double sum = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var u = random.NextDouble();
            Assert.InRange(u, 0.0, 0.9999999999999999);
            Assert.InRange(random.NextInt(10), 0, 9);
            sum += random.NextGaussian();
        }

        Assert.InRange(sum / 10_000, -0.05, 0.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }
}
