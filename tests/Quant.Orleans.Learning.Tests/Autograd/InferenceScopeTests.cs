using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Autograd;

public sealed class InferenceScopeTests
{
    [Fact]
    public void InferenceMatchesNoGradRecordsNothingAndReusesBuffers()
    {
        var random = new DeterministicRandom(5);
        var model = new TransformerEncoder(2, 16, 4, 32, random);
        var x = Initializers.Normal(random, 0, 1, 1, 8, 16);
        float[] expected;
        using (GradientTape.NoGrad())
        {
            expected = model.Forward(x).ToArray();
        }

        var before = GradientTape.Current.Count;
        for (var run = 0; run < 3; run++)
        {
            // Later runs rent the buffers the earlier scopes returned; the values must not change.
            var actual = new float[expected.Length];
            using (GradientTape.Inference())
            {
                var y = model.Forward(x);
                Assert.False(y.RequiresGrad);
                y.CopyTo(actual);
            }

            Assert.Equal(expected, actual);
            Assert.Equal(before, GradientTape.Current.Count);
        }
    }

    [Fact]
    public void StridedCopyOfAPermutedViewIsRowMajor()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        var t = x.Transpose(0, 2);
        var expected = new float[24];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 2; k++)
                {
                    expected[(((i * 3) + j) * 2) + k] = (k * 12) + (j * 4) + i;
                }
            }
        }

        Assert.Equal(expected, t.ToArray());
    }
}
