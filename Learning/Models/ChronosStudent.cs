using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// The student: a Chronos-Bolt-like patch encoder (Ansari et al. 2024, the Bolt variant: residual-block patch
/// embedding, T5 encoder, direct multi-horizon quantile output) over a causal window of standardised features, with
/// four heads on the last patch's encoder output.
/// <para>Patching of F features: the window (batch, L, F) is flattened time-major to (batch, L·F), so one patch of P
/// steps is P·F consecutive values (all features of those steps, step by step), and a single
/// <see cref="ResidualPatchEmbedding"/> with patch length and stride P·F embeds it with its observed mask:
/// out = W_out·ReLU(W_hidden·[p; m]) + W_res·[p; m], [p; m] of 2·P·F values, hidden width = FeedForward. This is
/// Bolt's block with the patch vector widened from P to P·F, so features of the same steps interact inside the
/// embedding (a feature-major flattening would mix steps of different features in one patch; a separate embedding per
/// feature, summed, costs F times as many products). Patches do not overlap: L / P of them.</para>
/// <para>Encoder: <see cref="TransformerEncoder"/> with the T5 relative bias, bidirectional over the patches (every
/// patch is in the past of the forecast origin, so attending forward within the window leaks nothing).</para>
/// <para>Heads on h = the encoder's output at the last patch (batch, d): quantiles W_q·h (batch, H, Q), logits over
/// the teacher's bins W_k·h (batch, H, K), position tanh(W_p·h) (batch) in [-1, 1], triple-barrier logits W_b·h
/// (batch, 3) in the order (down, time, up). Parameter names follow PyTorch's state-dict paths:
/// <c>patch_embedding.{hidden_layer,output_layer,residual_layer}.*</c>, <c>encoder.*</c>, <c>quantile_head.*</c>,
/// <c>logit_head.*</c>, <c>position_head.*</c>, <c>barrier_head.*</c>.</para>
/// </summary>
public sealed class ChronosStudent : Module
{
    /// <summary>Triple-barrier classes of <see cref="StudentOutput.BarrierLogits"/>: lower barrier, vertical (time)
    /// barrier, upper barrier (López de Prado 2018, AFML §3.4).</summary>
    public const int BarrierClasses = 3;

    /// <summary>Creates the student with seeded weights (PyTorch's default initialisation of each layer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The configuration is invalid (see
    /// <see cref="ChronosStudentConfig.Validate"/>).</exception>
    public ChronosStudent(ChronosStudentConfig config, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        Config = config;
        var patch = config.PatchLength * config.InputFeatures;
        PatchEmbedding = Child("patch_embedding", new ResidualPatchEmbedding(patch, patch, config.FeedForward, config.Model, random));
        Encoder = Child("encoder", new TransformerEncoder(config.Layers, config.Model, config.Heads, config.FeedForward, random, config.Dropout, relativeBias: true));
        QuantileHead = Child("quantile_head", new Linear(config.Model, config.Horizons * config.QuantileCount, random));
        LogitHead = Child("logit_head", new Linear(config.Model, config.Horizons * config.Bins, random));
        PositionHead = Child("position_head", new Linear(config.Model, 1, random));
        BarrierHead = Child("barrier_head", new Linear(config.Model, BarrierClasses, random));
    }

    /// <summary>The sizes.</summary>
    public ChronosStudentConfig Config { get; }

    /// <summary>Patches of P·F values with their mask (2·P·F) → d.</summary>
    public ResidualPatchEmbedding PatchEmbedding { get; }

    /// <summary>The bidirectional T5-style encoder over patches.</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>d → H·Q.</summary>
    public Linear QuantileHead { get; }

    /// <summary>d → H·K.</summary>
    public Linear LogitHead { get; }

    /// <summary>d → 1 (before tanh).</summary>
    public Linear PositionHead { get; }

    /// <summary>d → 3.</summary>
    public Linear BarrierHead { get; }

    /// <summary>The four outputs for x of shape (batch, L, F), L = <see cref="ChronosStudentConfig.Window"/>, the last
    /// step being the forecast origin. <paramref name="mask"/> of the same shape (1 observed, 0 missing; missing values
    /// should already be zero) or null (all observed).</summary>
    /// <exception cref="ArgumentException">x or the mask does not have shape (batch, L, F) with batch &gt; 0.</exception>
    public StudentOutput Forward(Tensor x, Tensor? mask = null)
    {
        var (c, f) = (Config, Config.InputFeatures);
        ChronosConfigChecks.Input(x, c.Window, f, nameof(x));
        var batch = x.Shape[0];
        Tensor? flatMask = null;
        if (mask is not null)
        {
            if (!mask.Shape.AsSpan().SequenceEqual(x.Shape))
            {
                throw new ArgumentException($"Mask must have the input's shape {ShapeUtil.Format(x.Shape)}; got {ShapeUtil.Format(mask.Shape)}.", nameof(mask));
            }

            flatMask = Ops.Reshape(mask, batch, c.Window * f);
        }

        var patches = PatchEmbedding.Forward(Ops.Reshape(x, batch, c.Window * f), flatMask);
        var encoded = Encoder.Forward(patches);
        var last = Ops.Reshape(Ops.Slice(encoded, 1, c.Patches - 1, 1), batch, c.Model);
        return new StudentOutput(
            Ops.Reshape(QuantileHead.Forward(last), batch, c.Horizons, c.QuantileCount),
            Ops.Reshape(LogitHead.Forward(last), batch, c.Horizons, c.Bins),
            Ops.Reshape(Ops.Tanh(PositionHead.Forward(last)), batch),
            BarrierHead.Forward(last));
    }
}
