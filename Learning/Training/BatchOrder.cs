namespace Quant.Orleans.Learning.Training;

/// <summary>How a <see cref="Trainer"/> forms and orders an epoch's batches from samples 0..N-1.</summary>
public enum BatchOrder
{
    /// <summary>Every sample in a seeded random order (Fisher-Yates), cut into consecutive batches.</summary>
    Shuffled,

    /// <summary>Contiguous blocks [jB, (j+1)B) of samples, each block one batch with its samples in time order; the
    /// order of the blocks is shuffled per epoch (for losses that need time-ordered batches).</summary>
    ContiguousBlocks,

    /// <summary>Samples in index order, cut into consecutive batches, every epoch the same.</summary>
    Sequential,
}
