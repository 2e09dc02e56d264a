using Quant.Orleans.Core;

namespace Quant.Orleans.Learning.Training;

/// <summary>The batches of one epoch: the sample order and where each batch starts in it. A pure function of the
/// options, N and the epoch, so a resumed run recomputes the order of the epoch it stopped in.</summary>
internal sealed class EpochPlan
{
    private readonly int[] _order;
    private readonly int[] _starts;

    private EpochPlan(int[] order, int[] starts)
    {
        _order = order;
        _starts = starts;
    }

    /// <summary>Batches per epoch, ⌈N / B⌉ in every order.</summary>
    public static int BatchesPerEpoch(int samples, int batchSize) => (samples + batchSize - 1) / batchSize;

    /// <summary>Batches in this epoch.</summary>
    public int Batches => _starts.Length - 1;

    /// <summary>The sample indices of batch <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Batch(int index) => _order.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>The plan of epoch <paramref name="epoch"/> (0-based); the shuffling generator is
    /// <see cref="DeterministicRandom"/> seeded with seed + (epoch + 1)·0x9E3779B97F4A7C15 (a fresh generator per
    /// epoch: its state is (seed, epoch), which the checkpoint stores).</summary>
    public static EpochPlan Create(BatchOrder order, int samples, int batchSize, ulong seed, int epoch)
    {
        var batches = BatchesPerEpoch(samples, batchSize);
        var indices = new int[samples];
        var starts = new int[batches + 1];
        var random = new DeterministicRandom(unchecked(seed + ((ulong)(epoch + 1) * 0x9E3779B97F4A7C15UL)));
        switch (order)
        {
            case BatchOrder.ContiguousBlocks:
                var blocks = Permutation(batches, random);
                var pos = 0;
                for (var j = 0; j < batches; j++)
                {
                    starts[j] = pos;
                    var begin = blocks[j] * batchSize;
                    var end = Math.Min(samples, begin + batchSize);
                    for (var s = begin; s < end; s++)
                    {
                        indices[pos++] = s;
                    }
                }

                starts[batches] = pos;
                return new EpochPlan(indices, starts);
            case BatchOrder.Shuffled:
                indices = Permutation(samples, random);
                break;
            default:
                for (var s = 0; s < samples; s++)
                {
                    indices[s] = s;
                }

                break;
        }

        for (var j = 0; j <= batches; j++)
        {
            starts[j] = Math.Min(samples, j * batchSize);
        }

        return new EpochPlan(indices, starts);
    }

    /// <summary>A uniform permutation of 0..n-1 (Fisher-Yates, Knuth TAOCP vol. 2, Algorithm 3.4.2P).</summary>
    private static int[] Permutation(int n, DeterministicRandom random)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
