namespace Quant.Orleans.Learning.Models;

/// <summary>Sizes of a <see cref="ChronosStudent"/>. Defaults: the size used for the 1 s grid (8 features, 64 steps,
/// patches of 8 steps, d 64, 4 heads, 2 layers, feed-forward 128, 3 horizons, 64 bins, 9 quantiles, no dropout).</summary>
public sealed record ChronosStudentConfig
{
    /// <summary>Features per step (F).</summary>
    public int InputFeatures { get; init; } = 8;

    /// <summary>Steps in the causal input window (L); a multiple of <see cref="PatchLength"/>.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Steps per patch (P); patches do not overlap (stride P), so there are L / P of them.</summary>
    public int PatchLength { get; init; } = 8;

    /// <summary>Model width (d); a multiple of <see cref="Heads"/>.</summary>
    public int Model { get; init; } = 64;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Encoder layers.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Feed-forward width of each encoder layer, also the hidden width of the patch embedding's residual
    /// block (as Chronos-Bolt's <c>d_ff</c>).</summary>
    public int FeedForward { get; init; } = 128;

    /// <summary>Forecast horizons (H).</summary>
    public int Horizons { get; init; } = 3;

    /// <summary>Bins of the teacher's categorical output per horizon (K).</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Quantile levels per horizon (Q).</summary>
    public int QuantileCount { get; init; } = 9;

    /// <summary>Dropout probability on the encoder's residual branches, in [0, 1).</summary>
    public float Dropout { get; init; }

    /// <summary>Patches per window, L / P.</summary>
    public int Patches => Window / PatchLength;

    /// <summary>The sizes as named integers (a model manifest's <c>architecture</c>; dropout is not stored: a served
    /// model runs in evaluation mode).</summary>
    /// <returns>input_features, window, patch_length, model, heads, layers, feed_forward, horizons, bins, quantile_count.</returns>
    public Dictionary<string, int> ToArchitecture() => new(StringComparer.Ordinal)
    {
        ["input_features"] = InputFeatures,
        ["window"] = Window,
        ["patch_length"] = PatchLength,
        ["model"] = Model,
        ["heads"] = Heads,
        ["layers"] = Layers,
        ["feed_forward"] = FeedForward,
        ["horizons"] = Horizons,
        ["bins"] = Bins,
        ["quantile_count"] = QuantileCount,
    };

    /// <summary>The sizes from a manifest's <c>architecture</c> (<see cref="ToArchitecture"/>'s names).</summary>
    /// <param name="architecture">The named sizes.</param>
    /// <returns>The validated config.</returns>
    /// <exception cref="ArgumentException">A size is missing (named) or invalid.</exception>
    public static ChronosStudentConfig FromArchitecture(IReadOnlyDictionary<string, int> architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        int Get(string key) => architecture.TryGetValue(key, out var v) ? v : throw new ArgumentException($"The architecture has no '{key}'.", nameof(architecture));
        var config = new ChronosStudentConfig
        {
            InputFeatures = Get("input_features"),
            Window = Get("window"),
            PatchLength = Get("patch_length"),
            Model = Get("model"),
            Heads = Get("heads"),
            Layers = Get("layers"),
            FeedForward = Get("feed_forward"),
            Horizons = Get("horizons"),
            Bins = Get("bins"),
            QuantileCount = Get("quantile_count"),
        };
        config.Validate();
        return config;
    }

    /// <summary>Checks every size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <see cref="Window"/> is not a multiple of
    /// <see cref="PatchLength"/>, <see cref="Model"/> is not a multiple of <see cref="Heads"/>, <see cref="Bins"/> is
    /// below 2, or <see cref="Dropout"/> is outside [0, 1) (the message names the setting, its value and the rule).</exception>
    public void Validate()
    {
        ChronosConfigChecks.Positive(InputFeatures, nameof(InputFeatures));
        ChronosConfigChecks.Positive(Window, nameof(Window));
        ChronosConfigChecks.Positive(PatchLength, nameof(PatchLength));
        ChronosConfigChecks.Positive(Model, nameof(Model));
        ChronosConfigChecks.Positive(Heads, nameof(Heads));
        ChronosConfigChecks.Positive(Layers, nameof(Layers));
        ChronosConfigChecks.Positive(FeedForward, nameof(FeedForward));
        ChronosConfigChecks.Positive(Horizons, nameof(Horizons));
        ChronosConfigChecks.Positive(QuantileCount, nameof(QuantileCount));
        ChronosConfigChecks.AtLeast(Bins, 2, nameof(Bins));
        if (Window % PatchLength != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, $"Window {Window} must be a multiple of PatchLength ({PatchLength}).");
        }

        ChronosConfigChecks.HeadsDivideModel(Model, Heads);
        ChronosConfigChecks.Dropout(Dropout);
    }
}
