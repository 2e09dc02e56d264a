using Quant.Orleans.Grains.Symbols;

namespace Quant.Orleans.Grains.Tests.Symbols;

/// <summary>The grain's adaptation settings: validation messages and run seeds.</summary>
public sealed class StudentGrainAdaptationTests
{
    [Fact]
    public void RunSeedsAreFnv1aOfSymbolDayAndRunAsTheReferenceScriptComputesThem()
    {
        // Values printed by adaptation_seed_reference.py (beside this file) under /usr/bin/python3.
        Assert.Equal(9028161903707188404UL, StudentGrainAdaptation.SeedOf("IBM", new DateOnly(2013, 10, 7), 0));
        Assert.Equal(11260477310674777813UL, StudentGrainAdaptation.SeedOf("IBM", new DateOnly(2013, 10, 7), 1));
        Assert.Equal(13166618323630120346UL, StudentGrainAdaptation.SeedOf("AIG", new DateOnly(2013, 10, 8), 0));
    }

    [Fact]
    public void DisabledSettingsHaveNoProblemsAndEnabledOnesNameEveryBrokenKey()
    {
        Assert.Empty(new StudentGrainAdaptation { EveryTicks = -1 }.Problems());
        Assert.Empty(new StudentGrainAdaptation { Enabled = true }.Problems());
        var problems = new StudentGrainAdaptation { Enabled = true, EveryTicks = 0, Steps = 0, BatchSize = -2, LearningRate = 1e-60, SwapDelaySeconds = -1 }.Problems().ToArray();
        Assert.Equal(5, problems.Length);
        Assert.Contains(problems, p => p.StartsWith("Strategy:StudentAdaptation:EveryTicks must be > 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Strategy:StudentAdaptation:Steps must be > 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Strategy:StudentAdaptation:BatchSize must be > 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Strategy:StudentAdaptation:LearningRate must be finite and > 0 (as a 32-bit float), got 1E-60", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Strategy:StudentAdaptation:SwapDelaySeconds must be finite and in [0, 86400], got -1", StringComparison.Ordinal));
    }
}
