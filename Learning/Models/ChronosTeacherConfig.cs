namespace Quant.Orleans.Learning.Models;

/// <summary>Sizes of a <see cref="ChronosTeacher"/>. Defaults: 8 features, 128 steps, d 64, 4 heads, 4 layers,
/// feed-forward 256, 3 horizons, 64 bins, no dropout.</summary>
public sealed record ChronosTeacherConfig
{
    /// <summary>Features per step (F).</summary>
    public int InputFeatures { get; init; } = 8;

    /// <summary>Steps in the (acausal) input window (T).</summary>
    public int Window { get; init; } = 128;

    /// <summary>Model width (d); a multiple of <see cref="Heads"/>.</summary>
    public int Model { get; init; } = 64;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Encoder layers.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Feed-forward width of each encoder layer.</summary>
    public int FeedForward { get; init; } = 256;

    /// <summary>Forecast horizons (H).</summary>
    public int Horizons { get; init; } = 3;

    /// <summary>Bins of the categorical output per horizon (K).</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Dropout probability on the encoder's residual branches, in [0, 1).</summary>
    public float Dropout { get; init; }

    /// <summary>The sizes as named integers (a model manifest's <c>architecture</c>; dropout is not stored).</summary>
    /// <returns>input_features, window, model, heads, layers, feed_forward, horizons, bins.</returns>
    public Dictionary<string, int> ToArchitecture() => new(StringComparer.Ordinal)
    {
        ["input_features"] = InputFeatures,
        ["window"] = Window,
        ["model"] = Model,
        ["heads"] = Heads,
        ["layers"] = Layers,
        ["feed_forward"] = FeedForward,
        ["horizons"] = Horizons,
        ["bins"] = Bins,
    };

    /// <summary>Checks every size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <see cref="Model"/> is not a multiple of
    /// <see cref="Heads"/>, <see cref="Bins"/> is below 2, or <see cref="Dropout"/> is outside [0, 1) (the message
    /// names the setting, its value and the rule).</exception>
    public void Validate()
    {
        ChronosConfigChecks.Positive(InputFeatures, nameof(InputFeatures));
        ChronosConfigChecks.Positive(Window, nameof(Window));
        ChronosConfigChecks.Positive(Model, nameof(Model));
        ChronosConfigChecks.Positive(Heads, nameof(Heads));
        ChronosConfigChecks.Positive(Layers, nameof(Layers));
        ChronosConfigChecks.Positive(FeedForward, nameof(FeedForward));
        ChronosConfigChecks.Positive(Horizons, nameof(Horizons));
        ChronosConfigChecks.HeadsDivideModel(Model, Heads);
        ChronosConfigChecks.AtLeast(Bins, 2, nameof(Bins));
        ChronosConfigChecks.Dropout(Dropout);
    }
}
