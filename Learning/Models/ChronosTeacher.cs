using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// The teacher: a Chronos-T5-like encoder (Ansari et al. 2024, "Chronos: Learning the Language of Time Series"; T5
/// relative position bias from Raffel et al. 2020, §2.1) over an acausal window of standardised features, with a
/// categorical output over K bins per horizon. Chronos tokenises a univariate series and decodes one token at a time;
/// here F features per step are projected linearly to d (no tokeniser), the encoder is bidirectional, and the head
/// reads the mean over steps of the encoder's output (no decoder):
/// logits = reshape(W_head · mean_t(Encoder(W_in·x)) + b_head, (batch, H, K)).
/// Parameter names follow PyTorch's state-dict paths: <c>input_proj.*</c>, <c>encoder.layers.{i}.*</c> (with
/// <c>attn.relative_attention_bias</c> of shape (32, heads)), <c>encoder.norm.*</c>, <c>head.*</c>.
/// </summary>
public sealed class ChronosTeacher : Module
{
    /// <summary>Creates the teacher with seeded weights (PyTorch's default initialisation of each layer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The configuration is invalid (see
    /// <see cref="ChronosTeacherConfig.Validate"/>).</exception>
    public ChronosTeacher(ChronosTeacherConfig config, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        config.Validate();
        Config = config;
        InputProjection = Child("input_proj", new Linear(config.InputFeatures, config.Model, random));
        Encoder = Child("encoder", new TransformerEncoder(config.Layers, config.Model, config.Heads, config.FeedForward, random, config.Dropout, relativeBias: true));
        Head = Child("head", new Linear(config.Model, config.Horizons * config.Bins, random));
    }

    /// <summary>The sizes.</summary>
    public ChronosTeacherConfig Config { get; }

    /// <summary>F → d.</summary>
    public Linear InputProjection { get; }

    /// <summary>The bidirectional T5-style encoder (pre-norm layers, final layer norm).</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>d → H·K.</summary>
    public Linear Head { get; }

    /// <summary>Logits of shape (batch, H, K) for x of shape (batch, T, F), T = <see cref="ChronosTeacherConfig.Window"/>
    /// (the window may include steps after the forecast origin: the teacher sees both sides).</summary>
    /// <exception cref="ArgumentException">x does not have shape (batch, T, F) with batch &gt; 0.</exception>
    public Tensor Forward(Tensor x)
    {
        ChronosConfigChecks.Input(x, Config.Window, Config.InputFeatures, nameof(x));
        var batch = x.Shape[0];
        var h = Encoder.Forward(InputProjection.Forward(x));
        var pooled = Ops.Mean(h, 1);
        return Ops.Reshape(Head.Forward(pooled), batch, Config.Horizons, Config.Bins);
    }
}
