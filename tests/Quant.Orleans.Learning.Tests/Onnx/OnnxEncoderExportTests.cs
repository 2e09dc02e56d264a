using Microsoft.ML.OnnxRuntime;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Onnx;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Onnx;

/// <summary><see cref="OnnxExport.Encoder"/>, the bare encoder the learning benchmark runs in ONNX Runtime.</summary>
public sealed class OnnxEncoderExportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheBareEncoderEqualsTheEnginesForwardWithADynamicBatch(bool relativeBias)
    {
        var random = new DeterministicRandom(71);
        var encoder = new TransformerEncoder(2, 16, 2, 32, random, relativeBias: relativeBias);
        using var session = new InferenceSession(OnnxExport.Encoder(encoder, 8));
        Assert.Equal([-1, 8, 16], session.InputMetadata[OnnxExport.InputName].Dimensions);
        Assert.Equal([-1, 8, 16], session.OutputMetadata[OnnxExport.EncoderOutputName].Dimensions);
        foreach (var batch in new[] { 1, 3 })
        {
            var x = Initializers.Normal(random, 0, 1, batch, 8, 16);
            float[] expected;
            using (GradientTape.Inference())
            {
                expected = encoder.Forward(x).ToArray();
            }

            using var input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), [batch, 8, 16]);
            using var options = new RunOptions();
            using var outputs = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.EncoderOutputName]);
            var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

            // Float32 on both sides in another summation order, other erf/exp kernels: TorchParityFloat32's reason.
            Tolerance.AssertAllClose(Array.ConvertAll(expected, v => (double)v), Array.ConvertAll(actual, v => (double)v), Tolerance.TorchParityFloat32, $"batch {batch}");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExport.Encoder(encoder, 0));
    }
}
