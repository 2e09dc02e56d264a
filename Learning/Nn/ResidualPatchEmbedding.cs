using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>
/// Chronos-Bolt's input embedding (Ansari et al. 2024, "Chronos"; the Bolt variant's <c>ResidualBlock</c>): the
/// series of shape (batch, length) is cut into patches of <c>patchLength</c> every <c>stride</c> steps, each patch is
/// concatenated with its observed-mask patch (2·patchLength features), and a residual MLP maps it to d:
/// out = W_out·ReLU(W_hidden·p) + W_res·p. Output of shape (batch, patches, d), patches = (length - patchLength) / stride + 1.
/// </summary>
public sealed class ResidualPatchEmbedding : Module
{
    private readonly int _patchLength;
    private readonly int _stride;
    private Tensor? _ones;

    /// <summary>Creates the embedding with seeded weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Patch length or stride is not positive.</exception>
    public ResidualPatchEmbedding(int patchLength, int stride, int hidden, int model, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        _patchLength = patchLength;
        _stride = stride;
        Hidden = Child("hidden_layer", new Linear(2 * patchLength, hidden, random));
        Output = Child("output_layer", new Linear(hidden, model, random));
        Residual = Child("residual_layer", new Linear(2 * patchLength, model, random));
    }

    /// <summary>2P → hidden.</summary>
    public Linear Hidden { get; }

    /// <summary>hidden → d.</summary>
    public Linear Output { get; }

    /// <summary>2P → d skip connection.</summary>
    public Linear Residual { get; }

    /// <summary>Embeds a series of shape (batch, length) with its mask of the same shape (1 observed, 0 missing; null
    /// means all observed; missing values should already be zero). Patches by <see cref="Ops.Unfold"/>.</summary>
    /// <exception cref="ArgumentException">The series is shorter than one patch.</exception>
    public Tensor Forward(Tensor series, Tensor? mask = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var (b, length) = (series.Shape[0], series.Shape[1]);
        if (length < _patchLength)
        {
            throw new ArgumentException($"Series of length {length} is shorter than one patch ({_patchLength}).", nameof(series));
        }

        var patches = Ops.Unfold(series, 1, _patchLength, _stride);
        var maskPatches = mask is null ? AllObserved(b, patches.Shape[1]) : Ops.Unfold(mask, 1, _patchLength, _stride);
        var input = Ops.Concat(patches, maskPatches, 2);
        var hidden = Ops.Relu(Hidden.Forward(input));
        return Ops.Add(Output.Forward(hidden), Residual.Forward(input));
    }

    /// <summary>Mask patches of ones for a fully observed batch: one constant tensor kept for the last shape, so a
    /// forward pass without a mask allocates nothing in steady state.</summary>
    private Tensor AllObserved(int batch, int patches)
    {
        if (_ones is null || _ones.Shape[0] != batch || _ones.Shape[1] != patches)
        {
            _ones = Tensor.Ones(batch, patches, _patchLength);
        }

        return _ones;
    }
}
