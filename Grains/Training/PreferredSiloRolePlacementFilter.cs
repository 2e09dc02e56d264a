using System.Collections.Immutable;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Quant.Orleans.Grains.Training;

/// <summary>
/// Places the grain class on silos whose Orleans silo metadata has <c>role</c> = the attribute's role when at least one
/// compatible silo has it, and on any compatible silo otherwise (a preference, never a requirement). Orleans applies
/// it before the grain's placement strategy, which then chooses among the silos that remain.
/// </summary>
/// <remarks>Orleans's built-in <c>PreferredMatchSiloMetadataPlacementFilter</c> prefers silos whose metadata equals the
/// <em>calling</em> silo's, so a call arriving at a silo without the role would prefer silos without it; this filter
/// compares with a fixed value instead. Register <see cref="PreferredSiloRolePlacementFilterDirector"/> on every silo
/// (<see cref="TrainingSiloBuilderExtensions.AddTrainingGrains"/> does).</remarks>
/// <param name="role">The preferred value of the silo metadata key <c>role</c>, e.g. <c>gpu</c>.</param>
/// <param name="order">The filter's place among the class's placement filters (lower runs first).</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PreferredSiloRolePlacementFilterAttribute(string role, int order = 0)
    : PlacementFilterAttribute(new PreferredSiloRolePlacementFilterStrategy(role, order));

/// <summary>The configuration of <see cref="PreferredSiloRolePlacementFilterAttribute"/>: the preferred role, written
/// into the grain manifest and read back on every silo.</summary>
public sealed class PreferredSiloRolePlacementFilterStrategy : PlacementFilterStrategy
{
    /// <summary>The silo metadata key holding a silo's role.</summary>
    public const string RoleMetadataKey = "role";

    private const string RoleProperty = "role";

    /// <summary>Creates the strategy with no role yet (Orleans's dependency injection does, then calls
    /// <see cref="AdditionalInitialize"/> with the grain's manifest).</summary>
    public PreferredSiloRolePlacementFilterStrategy()
        : base(0)
    {
        Role = string.Empty;
    }

    /// <summary>Creates the strategy for <paramref name="role"/>.</summary>
    /// <param name="role">The preferred role; not empty or blank.</param>
    /// <param name="order">The filter's order among the class's filters.</param>
    /// <exception cref="ArgumentException"><paramref name="role"/> is empty or blank.</exception>
    public PreferredSiloRolePlacementFilterStrategy(string role, int order)
        : base(order)
    {
        Role = Validate(role);
    }

    /// <summary>The preferred value of <see cref="RoleMetadataKey"/>.</summary>
    public string Role { get; private set; }

    /// <inheritdoc />
    public override void AdditionalInitialize(GrainProperties properties)
    {
        Role = Validate(GetPlacementFilterGrainProperty(RoleProperty, properties));
    }

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services,
        Type grainClass,
        GrainType grainType,
        IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new(RoleProperty, Role);
    }

    private static string Validate(string? role) => string.IsNullOrWhiteSpace(role)
        ? throw new ArgumentException($"The preferred silo role must not be empty (got '{role}').", nameof(role))
        : role;
}

/// <summary>Keeps the candidate silos whose cached silo metadata has <c>role</c> equal to the strategy's role; when none
/// has it, keeps them all. A silo whose metadata the local cache has not fetched yet (it joined moments ago) counts
/// as one without the role.</summary>
/// <param name="metadata">The silo's cache of every active silo's metadata (Orleans's <c>UseSiloMetadata</c>).</param>
public sealed class PreferredSiloRolePlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="filterStrategy"/> is not a
    /// <see cref="PreferredSiloRolePlacementFilterStrategy"/>.</exception>
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        if (filterStrategy is not PreferredSiloRolePlacementFilterStrategy strategy)
        {
            throw new ArgumentException(
                $"Expected a {nameof(PreferredSiloRolePlacementFilterStrategy)}, got {filterStrategy?.GetType().Name ?? "null"}.",
                nameof(filterStrategy));
        }

        var candidates = silos as IReadOnlyCollection<SiloAddress> ?? silos.ToList();
        var preferred = ImmutableArray.CreateBuilder<SiloAddress>();
        foreach (var silo in candidates)
        {
            if (HasRole(metadata.GetSiloMetadata(silo), strategy.Role))
            {
                preferred.Add(silo);
            }
        }

        return preferred.Count > 0 ? preferred.ToImmutable() : candidates;
    }

    private static bool HasRole(SiloMetadata silo, string role) =>
        silo.Metadata.TryGetValue(PreferredSiloRolePlacementFilterStrategy.RoleMetadataKey, out var value)
        && string.Equals(value, role, StringComparison.Ordinal);
}
