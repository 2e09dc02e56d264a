using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Nn;

/// <summary>Switches <see cref="SmallGemm.Wide"/>, a process-wide setting, so its tests run alone.</summary>
[CollectionDefinition(nameof(InferenceKernelCollection), DisableParallelization = true)]
public sealed class InferenceKernelCollection;

[Collection(nameof(InferenceKernelCollection))]
public sealed class TransformerEncoderInferenceTests
{
    public static TheoryData<bool> Kernels => new() { true, false };

    [Fact]
    public void MatchesTorchOnTheEncoderFixture()
    {
        var f = Load("transformer.safetensors");
        var model = new TransformerEncoder(2, 16, 4, 32, new DeterministicRandom(1));
        model.LoadStateDict(f.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value));
        var (b, t, d) = (f["x"].Shape[0], f["x"].Shape[1], f["x"].Shape[2]);
        var plan = new TransformerEncoderInference(model, t);
        var x = f["x"].ToArray();
        var expected = f["out"].ToArray();
        var y = new float[t * d];
        for (var s = 0; s < b; s++)
        {
            plan.Run(x.AsSpan(s * t * d, t * d), y);
            for (var i = 0; i < y.Length; i++)
            {
                Tolerance.AssertClose(expected[(s * t * d) + i], y[i], Tolerance.TorchParityFloat32, $"sequence {s} value {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesTheTapeOnTheBenchmarkModel(bool wide)
    {
        using var _ = new WideKernels(wide);
        var random = new DeterministicRandom(2);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var x = Initializers.Normal(random, 0, 1, 1, 64, 64);
        var plan = new TransformerEncoderInference(model, 64);
        AssertMatchesTape(model, plan, x, causal: false, padding: null);
        AssertMatchesTape(model, plan, x, causal: true, padding: null);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesTheTapeWithPaddedWidthsMasksAndRelativeBias(bool wide)
    {
        using var _ = new WideKernels(wide);

        // d 20 (head width 5), ff 36 and t 13: every dimension is padded inside the plan.
        var random = new DeterministicRandom(3);
        var model = new TransformerEncoder(3, 20, 4, 36, random, relativeBias: true);
        foreach (var (name, p) in model.NamedParameters().Where(p => p.Name.Contains("norm", StringComparison.Ordinal)))
        {
            var values = p.Span;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] += (float)(random.NextDouble() - 0.5);
            }
        }

        var plan = new TransformerEncoderInference(model, 16);
        var padding = new bool[13];
        padding[11] = padding[12] = true;
        foreach (var t in new[] { 13, 5, 16, 1 })
        {
            var x = Initializers.Normal(random, 0, 1, 1, t, 20);
            AssertMatchesTape(model, plan, x, causal: false, padding: null);
            AssertMatchesTape(model, plan, x, causal: true, padding: null);
            if (t == 13)
            {
                AssertMatchesTape(model, plan, x, causal: false, padding: padding);
                AssertMatchesTape(model, plan, x, causal: true, padding: padding);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void AStepWhoseKeysAreAllMaskedIsNaNAsInTheTapePath(bool wide)
    {
        using var _ = new WideKernels(wide);
        var random = new DeterministicRandom(8);
        var model = new TransformerEncoder(1, 16, 2, 32, random);
        var plan = new TransformerEncoderInference(model, 8);
        var x = Initializers.Normal(random, 0, 1, 1, 5, 16);
        var padding = new bool[5];
        padding[0] = padding[1] = true;

        // Causal: steps 0 and 1 see only padded keys; steps 2 to 4 see step 2 onwards.
        float[] expected;
        using (GradientTape.Inference())
        {
            expected = model.Forward(x, causal: true, padding).ToArray();
        }

        var actual = new float[expected.Length];
        plan.Run(x.ToArray(), actual, causal: true, padding);
        for (var i = 0; i < expected.Length; i++)
        {
            var step = i / 16;
            Assert.Equal(step < 2, float.IsNaN(expected[i]));
            Assert.Equal(step < 2, float.IsNaN(actual[i]));
            if (step >= 2)
            {
                Tolerance.AssertClose(expected[i], actual[i], Tolerance.TorchParityFloat32, $"value {i}");
            }
        }
    }

    [Fact]
    public void WideAndNarrowKernelsAgreeAndRepeatedRunsAreBitwiseEqual()
    {
        var random = new DeterministicRandom(4);
        var model = new TransformerEncoder(2, 64, 4, 256, random);
        var x = Initializers.Normal(random, 0, 1, 64, 64).ToArray();
        var plan = new TransformerEncoderInference(model, 64);
        var first = new float[x.Length];
        plan.Run(x, first);

        // Which core runs which half changes from run to run; the result must not.
        var again = new float[x.Length];
        for (var run = 0; run < 200; run++)
        {
            plan.Run(x, again);
            Assert.Equal(first, again);
        }

        using (new WideKernels(false))
        {
            plan.Run(x, again);
        }

        for (var i = 0; i < x.Length; i++)
        {
            Tolerance.AssertClose(first[i], again[i], Tolerance.TorchParityFloat32, $"narrow kernels, value {i}");
        }
    }

    [Fact]
    public void RefreshPicksUpNewWeights()
    {
        var random = new DeterministicRandom(5);
        var model = new TransformerEncoder(2, 16, 4, 32, random);
        var x = Initializers.Normal(random, 0, 1, 1, 8, 16);
        var plan = new TransformerEncoderInference(model, 8);
        var before = new float[8 * 16];
        plan.Run(x.ToArray(), before);
        var ff = model.Layers[1].FeedForward2.Weight.Span;
        for (var i = 0; i < ff.Length; i++)
        {
            ff[i] *= 2f;
        }

        var stale = new float[before.Length];
        plan.Run(x.ToArray(), stale);
        Assert.Equal(before, stale);
        plan.Refresh();
        AssertMatchesTape(model, plan, x, causal: false, padding: null);
    }

    [Fact]
    public void BadInputIsRefusedWithTheSizesNamed()
    {
        var model = new TransformerEncoder(1, 16, 4, 32, new DeterministicRandom(7));
        var plan = new TransformerEncoderInference(model, 8);
        var e = Assert.Throws<ArgumentException>(() => plan.Run(new float[17], new float[17]));
        Assert.Contains("17 values", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => plan.Run(new float[9 * 16], new float[9 * 16]));
        Assert.Contains("t ≤ 8", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => plan.Run(new float[32], new float[16]));
        Assert.Contains("room for 16", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => plan.Run(new float[32], new float[32], keyPadding: new bool[3]));
        Assert.Contains("3 flags for a sequence of 2", e.Message, StringComparison.Ordinal);
        var x = new float[48];
        x[37] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => plan.Run(x, new float[48]));
        Assert.Contains("value 37 (step 2, feature 5) is NaN", e.Message, StringComparison.Ordinal);
        x[37] = 0;
        x[3] = float.NegativeInfinity;
        e = Assert.Throws<ArgumentException>(() => plan.Run(x, new float[48]));
        Assert.Contains("value 3 (step 0, feature 3)", e.Message, StringComparison.Ordinal);

        // A non-finite weight is refused by Refresh, which keeps the weights it had.
        var before = new float[48];
        x[3] = 0.5f;
        plan.Run(x, before);
        model.Layers[0].FeedForward1.Weight.Span[7] = float.PositiveInfinity;
        var refused = Assert.Throws<InvalidOperationException>(plan.Refresh);
        Assert.Contains("layers.0.ff1.weight", refused.Message, StringComparison.Ordinal);
        Assert.Contains("flat index 7", refused.Message, StringComparison.Ordinal);
        var after = new float[48];
        plan.Run(x, after);
        Assert.Equal(before, after);
    }

    private static void AssertMatchesTape(TransformerEncoder model, TransformerEncoderInference plan, Tensor x, bool causal, bool[]? padding)
    {
        float[] expected;
        using (GradientTape.Inference())
        {
            expected = model.Forward(x, causal, padding).ToArray();
        }

        var actual = new float[expected.Length];
        plan.Run(x.ToArray(), actual, causal, padding);
        for (var i = 0; i < expected.Length; i++)
        {
            Tolerance.AssertClose(expected[i], actual[i], Tolerance.TorchParityFloat32, $"t {x.Shape[^2]}, causal {causal}, padded {padding is not null}, value {i}");
        }
    }

    private sealed class WideKernels : IDisposable
    {
        private readonly bool _saved = SmallGemm.Wide;

        public WideKernels(bool wide) => SmallGemm.Wide = wide && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

        public void Dispose() => SmallGemm.Wide = _saved;
    }
}
