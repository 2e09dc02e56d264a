using Quant.Orleans.Learning.Nn;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// <c>manifest.json</c> of a policy model folder (<see cref="PolicyModelFolder"/>), snake_case JSON:
/// <c>format_version</c>, <c>model_type</c> (<c>policy-beta</c>), <c>version</c> (the name the audit trail records as
/// <c>policy@version</c>), <c>config</c> (the head's sizes), <c>feature_schema</c> (the state columns and the state
/// function's version, <see cref="Core.PolicyState"/>), <c>seed</c>, <c>training_data_hash</c>, <c>created_utc</c> and
/// <c>weights_sha256</c> (SHA-256 of <c>model.safetensors</c>, lower-case hex).
/// </summary>
/// <param name="FormatVersion">Layout version of the folder (<see cref="PolicyModelFolder.FormatVersion"/>).</param>
/// <param name="ModelType">Always <see cref="PolicyModelFolder.ModelType"/>.</param>
/// <param name="Version">The policy's version, e.g. <c>policy-beta-2026-12-06</c>: letters, digits, '.', '_', '-', ':',
/// '+' only (it goes into orders.csv).</param>
/// <param name="Config">The head's sizes.</param>
/// <param name="FeatureSchema">The state the head was trained on.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="TrainingDataHash">SHA-256 (hex) of the training data set, as the trainer computed it.</param>
/// <param name="CreatedUtc">When the folder was written, UTC.</param>
/// <param name="WeightsSha256">SHA-256 of <c>model.safetensors</c>, 64 lower-case hex digits.</param>
public sealed record PolicyModelManifest(
    int FormatVersion,
    string ModelType,
    string Version,
    PolicyModelConfig Config,
    PolicyFeatureSchema FeatureSchema,
    ulong Seed,
    string TrainingDataHash,
    DateTimeOffset CreatedUtc,
    string WeightsSha256);

/// <summary>The head's sizes as the manifest records them (<see cref="PolicyHeadConfig"/>).</summary>
/// <param name="Features">Columns of a state row.</param>
/// <param name="Hidden">Hidden layer widths.</param>
/// <param name="Activation">Activation after each hidden layer (snake_case name, e.g. <c>tanh</c>).</param>
public sealed record PolicyModelConfig(int Features, int[] Hidden, Activation Activation)
{
    /// <summary>The head configuration.</summary>
    public PolicyHeadConfig ToHeadConfig() => new() { Features = Features, Hidden = Hidden, Activation = Activation };

    /// <summary>The manifest form of a head configuration.</summary>
    /// <param name="config">The head's configuration.</param>
    public static PolicyModelConfig From(PolicyHeadConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new PolicyModelConfig(config.Features, [.. config.Hidden], config.Activation);
    }
}

/// <summary>The state a policy reads: the state function's version and its column names.</summary>
/// <param name="Version">The state function's version (<see cref="Core.PolicyState.Version"/>).</param>
/// <param name="Columns">The column names in order (<see cref="Core.PolicyState.Columns"/>).</param>
public sealed record PolicyFeatureSchema(int Version, string[] Columns)
{
    /// <summary>The schema of the state function this code serves with.</summary>
    public static PolicyFeatureSchema Current => new(Core.PolicyState.Version, [.. Core.PolicyState.Columns]);
}
