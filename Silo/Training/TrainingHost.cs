using Quant.Orleans.Grains.Registry;
using Quant.Orleans.Grains.Training;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Training;

/// <summary>The silo's training wiring (every silo, after <c>UseSiloMetadata</c>): the training and schedule grains with
/// <c>Training:*</c>'s families and nightly time, the model-registry grains over the silo's registry store (<see cref="StudentTrainingPaths.OpenRegistry"/>), and
/// the <c>student</c> family's pipeline <c>distill</c> → <c>evaluate</c> → <c>validate</c> → <c>register</c>, the
/// <c>judge</c> family's <c>judge-train</c> → <c>judge-register</c> and the <c>policy</c> family's <c>policy-train</c> →
/// <c>policy-register</c> (docs/training.md).</summary>
public static class TrainingHost
{
    /// <summary>The silo-metadata value of <see cref="PreferredSiloRolePlacementFilterStrategy.RoleMetadataKey"/> for a
    /// silo with <paramref name="roles"/>: <c>gpu</c> when <c>Cluster:Roles</c> lists it, else the first role, else
    /// <c>cpu</c>.</summary>
    /// <param name="roles">The silo's configured roles.</param>
    /// <returns>The role training placement compares with <c>gpu</c>.</returns>
    public static string Role(IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Contains(TrainingGrain.GpuRole, StringComparer.Ordinal) ? TrainingGrain.GpuRole : roles.Count > 0 ? roles[0] : "cpu";
    }

    /// <summary>Adds the training grains, the registry grain and the <c>student</c> pipeline to <paramref name="silo"/>.</summary>
    /// <param name="silo">The silo being built (with silo metadata and a reminder service already configured).</param>
    /// <param name="settings">Validated settings.</param>
    /// <exception cref="InvalidOperationException">The silo has no metadata (see <see cref="TrainingSiloBuilderExtensions.AddTrainingGrains"/>).</exception>
    public static void Configure(ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var paths = new StudentTrainingPaths(settings);
        silo.Services.AddSingleton(paths);
        silo.AddTrainingGrains(settings.Training.ToOptions(paths.WorkRoot));
        silo.AddModelRegistry(sp => paths.OpenRegistry(sp.GetService<TimeProvider>()));
        silo.AddTrainingStep<DistillStep>("student")
            .AddTrainingStep<EvaluateStep>("student")
            .AddTrainingStep<ValidateStep>("student")
            .AddTrainingStep<RegisterStep>("student");
        silo.AddTrainingStep<JudgeTrainStep>("judge")
            .AddTrainingStep<JudgeRegisterStep>("judge");
        silo.AddTrainingStep<PolicyTrainStep>("policy")
            .AddTrainingStep<PolicyRegisterStep>("policy");
    }
}
