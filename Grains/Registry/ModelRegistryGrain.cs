using System.Text.Json;
using Quant.Orleans.Grains.Interfaces.Registry;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Grains.Registry;

/// <summary>
/// <see cref="IModelRegistryGrain"/>: the family in the silo's registry store (<see cref="ModelRegistryOptions.Registry"/>:
/// files, or Azure Blob storage in a cluster). Holds no state of its own (the store is the state); the rules and the
/// journal are the library's (<see cref="FamilyRegistry"/>). Orleans runs one call at a time per activation; writers on
/// other silos or in the nightly steps are excluded by the store's per-family lock.
/// </summary>
public sealed class ModelRegistryGrain(ModelRegistryOptions options) : Grain, IModelRegistryGrain
{
    private readonly IModelRegistry _registry = options.Registry;

    private string Family => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<ModelFamilyView> GetFamily()
    {
        var state = await _registry.ReadStateAsync(FamilyRegistry.CheckFamily(Family));
        var versions = new List<ModelVersionView>();
        foreach (var entry in state.Versions.OrderByDescending(v => v.RegisteredUtc).ThenBy(v => v.VersionId, StringComparer.Ordinal))
        {
            versions.Add(ToView(entry, await _registry.LoadManifestAsync(Family, entry.VersionId)));
        }

        return new ModelFamilyView(state.Family, state.Live?.VersionId, state.JournalLength, [.. versions]);
    }

    /// <inheritdoc />
    public Task<ModelRegistryChangeResult> Promote(ModelPromotionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Stage(request.Stage) is not { } stage)
        {
            return Task.FromResult(Invalid($"stage must be 'shadow', 'canary' or 'live', got '{request.Stage}'."));
        }

        return Change(request.VersionId, () => _registry.PromoteAsync(Family, request.VersionId, stage, request.Reason, request.Actor, request.Manual ? PromotionMode.Manual : PromotionMode.Automatic));
    }

    /// <inheritdoc />
    public async Task<ModelRegistryChangeResult> Rollback(ModelRollbackRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = request.VersionId;
        if (version is null)
        {
            version = (await _registry.ReadStateAsync(Family)).Live?.VersionId;
            if (version is null)
            {
                return new ModelRegistryChangeResult("refused", $"family '{Family}' has no live version to roll back; name the version.", []);
            }
        }

        return await Change(version, () => _registry.RollbackAsync(Family, version, request.Reason, request.Actor, manual: true));
    }

    /// <inheritdoc />
    public async Task<ModelTransitionView[]> GetJournal(int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last, 1);
        var journal = await _registry.ReadJournalAsync(FamilyRegistry.CheckFamily(Family));
        return journal.Skip(Math.Max(0, journal.Count - last)).Select(ToView).ToArray();
    }

    /// <summary>Snake-case name of an enum value as the registry's JSON writes it (<c>MonitorOnly</c> → <c>monitor_only</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its snake-case name.</returns>
    public static string Snake(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private async Task<ModelRegistryChangeResult> Change(string versionId, Func<Task<RegistryChange>> change)
    {
        if (string.IsNullOrWhiteSpace(versionId) || versionId.Length != ContentAddress.IdLength || !versionId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return Invalid($"version must be {ContentAddress.IdLength} lower-case hex digits, got '{versionId}'.");
        }

        if (!(await _registry.ReadStateAsync(Family)).Versions.Any(v => v.VersionId == versionId))
        {
            return new ModelRegistryChangeResult("not_found", $"family '{Family}' has no version '{versionId}'.", []);
        }

        try
        {
            var done = await change();
            return new ModelRegistryChangeResult("done", null, done.Transitions.Select(ToView).ToArray());
        }
        catch (ArgumentException e)
        {
            return Invalid(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return new ModelRegistryChangeResult("refused", e.Message, []);
        }
    }

    private static ModelRegistryChangeResult Invalid(string message) => new("invalid", message, []);

    private static RegistryStage? Stage(string? name) => name switch
    {
        "shadow" => RegistryStage.Shadow,
        "canary" => RegistryStage.Canary,
        "live" => RegistryStage.Live,
        _ => null,
    };

    private static ModelVersionView ToView(RegistryEntry entry, VersionManifest manifest) => new(
        entry.VersionId,
        Snake(entry.Stage),
        entry.MonitorOnly,
        entry.ModelType,
        entry.RegisteredUtc,
        Snake(manifest.Data.Regime),
        manifest.Data.Symbols,
        manifest.Data.FirstDay,
        manifest.Data.LastDay,
        manifest.ParentVersions,
        manifest.CodeVersion,
        manifest.Metrics.Select(m => new ModelMetricView(m.Name, m.Method, m.Value, m.Status, m.Observations, m.Unit)).ToArray());

    private static ModelTransitionView ToView(RegistryTransition t) => new(
        t.Sequence, t.VersionId, t.From is { } from ? Snake(from) : null, Snake(t.To), Snake(t.Action), t.Reason, t.Actor, t.Manual, t.MonitorOnlyOverride, t.TimeUtc);
}
