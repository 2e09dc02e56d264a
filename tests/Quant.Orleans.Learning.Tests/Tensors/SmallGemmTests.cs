using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests.Tensors;

[Collection(nameof(Nn.InferenceKernelCollection))]
public sealed unsafe class SmallGemmTests
{
    public static TheoryData<bool> Kernels => new() { true, false };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void PackedProductsMatchADoublePrecisionReferenceForEveryEpilogue(bool wide)
    {
        var saved = SmallGemm.Wide;
        SmallGemm.Wide = wide && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        try
        {
            var random = new Random(3);
            const int Rows = 16, K = 37, N = 48;
            var w = new float[K, N];
            var bias = new float[N];
            foreach (var (p, j) in Enumerable.Range(0, K).SelectMany(p => Enumerable.Range(0, N).Select(j => (p, j))))
            {
                w[p, j] = (random.NextSingle() * 2) - 1;
            }

            for (var j = 0; j < N; j++)
            {
                bias[j] = random.NextSingle() - 0.5f;
            }

            var packed = new PackedWeight(K, N, (p, j) => w[p, j], j => bias[j]);
            var a = Enumerable.Range(0, Rows * K).Select(_ => (random.NextSingle() * 2) - 1).ToArray();
            var start = Enumerable.Range(0, Rows * N).Select(_ => random.NextSingle()).ToArray();
            foreach (var epilogue in new[] { TileEpilogue.Store, TileEpilogue.Accumulate, TileEpilogue.Gelu })
            {
                var c = (float[])start.Clone();
                fixed (float* pa = a, pc = c)
                {
                    packed.Apply(pa, K, Rows, pc, N, epilogue);
                }

                for (var r = 0; r < Rows; r++)
                {
                    var sums = new float[N];
                    for (var j = 0; j < N; j++)
                    {
                        var sum = (double)bias[j];
                        for (var p = 0; p < K; p++)
                        {
                            sum += (double)a[(r * K) + p] * w[p, j];
                        }

                        sums[j] = (float)sum;
                    }

                    var expected = sums.ToArray();
                    if (epilogue == TileEpilogue.Gelu)
                    {
                        GeluMath.Forward(sums, expected);
                    }

                    for (var j = 0; j < N; j++)
                    {
                        var e = epilogue == TileEpilogue.Accumulate ? expected[j] + start[(r * N) + j] : expected[j];
                        Tolerance.AssertClose(e, c[(r * N) + j], 1e-5, $"{epilogue} [{r}, {j}]");
                    }
                }
            }
        }
        finally
        {
            SmallGemm.Wide = saved;
        }
    }

    [Theory]
    [InlineData(32, 64)]
    [InlineData(13, 21)]
    [InlineData(8, 8)]
    [InlineData(1, 5)]
    public void TransposeMovesEveryElement(int rows, int cols)
    {
        var src = Enumerable.Range(0, rows * (cols + 3)).Select(i => (float)i).ToArray();
        var dst = new float[cols * (rows + 5)];
        fixed (float* ps = src, pd = dst)
        {
            SmallGemm.Transpose(ps, cols + 3, rows, cols, pd, rows + 5);
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                Assert.Equal(src[(r * (cols + 3)) + c], dst[(c * (rows + 5)) + r]);
            }
        }
    }
}
