using System.Globalization;
using Quant.Orleans.Engine.Distillation;
using Quant.Orleans.Grains.Training;

namespace Quant.Orleans.Silo.Training;

/// <summary>The nightly training (<c>Training:*</c>; docs/training.md): which families run, when, and the size of the
/// distillation they train. The data are the replay's (<c>Replay:DataFolder</c>, <c>Replay:Symbols</c>,
/// <c>Replay:From</c>..<c>Replay:To</c>).</summary>
public sealed class TrainingSettings
{
    /// <summary>The families this code can train: <c>student</c> (distil teacher and student, evaluate, validate,
    /// register), <c>judge</c> (record out-of-sample candidates, train the FastTree judge, register) and <c>policy</c>
    /// (record out-of-sample candidates, train the Beta policy head with GRPO, register).</summary>
    public static IReadOnlyList<string> KnownFamilies { get; } = ["student", "judge", "policy"];

    /// <summary>The families trained when <see cref="Families"/> is empty: <c>student</c>.</summary>
    public static IReadOnlyList<string> DefaultFamilies { get; } = ["student"];

    /// <summary>The model sizes <see cref="Model"/> accepts.</summary>
    public static IReadOnlyList<string> Models { get; } = ["default", "tiny"];

    /// <summary>True: <c>serve</c> enables the nightly reminder when the silo starts. False (default): no nightly run;
    /// <c>POST /api/training/{family}/run</c> still trains on demand.</summary>
    public bool Enabled { get; set; }

    /// <summary>Families trained each night, in order (each one of <see cref="KnownFamilies"/>); empty means
    /// <see cref="DefaultFamilies"/> (a configured list replaces it; the configuration binder would append to a non-empty
    /// default).</summary>
    public string[] Families { get; set; } = [];

    /// <summary>The families trained: <see cref="Families"/>, or <see cref="DefaultFamilies"/> when it is empty.</summary>
    public IReadOnlyList<string> EffectiveFamilies => Families is { Length: > 0 } ? Families : DefaultFamilies;

    /// <summary>Wall-clock time of the nightly start in <see cref="TimeZone"/>, <c>HH:mm</c> (default <c>17:30</c>, after
    /// the New York close).</summary>
    public string NightlyTime { get; set; } = "17:30";

    /// <summary>Days of the week (English names, e.g. <c>Monday</c>) on which the nightly run fires, in
    /// <see cref="TimeZone"/>; empty means Monday to Friday (a configured list replaces it).</summary>
    public string[] Weekdays { get; set; } = [];

    /// <summary>The days of <see cref="Weekdays"/>, or Monday to Friday when it is empty.</summary>
    /// <exception cref="ArgumentException">A name is not a day of the week.</exception>
    public IReadOnlyList<DayOfWeek> EffectiveWeekdays => Weekdays is { Length: > 0 }
        ? [.. Weekdays.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true))]
        : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>IANA time zone of <see cref="NightlyTime"/> (default <c>America/New_York</c>).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Run the walk-forward evaluation (test day d scored by models trained on days before d) before the final
    /// training; false skips it and registers the version without metrics.</summary>
    public bool Evaluate { get; set; } = true;

    /// <summary>Days the <c>validate</c> step holds back at the end of the range for its walk-forward (each scored by a
    /// model trained only on the days before it), at least 1 (default 5; at most all days but the first are used).</summary>
    public int ValidationDays { get; set; } = 5;

    /// <summary>Seed of initialisation and batch order.</summary>
    public ulong Seed { get; set; } = 17;

    /// <summary><c>default</c>: the distillation configuration of the <c>distill</c> command
    /// (<see cref="DistillationOptions"/>' defaults); <c>tiny</c>: width-16, one-layer models trained for one or two
    /// epochs, a smoke test of the pipeline that trains in seconds (not a model to trade with).</summary>
    public string Model { get; set; } = "default";

    /// <summary>The promotion gates the <c>validate</c> step applies to the pooled nightly walk-forward evidence
    /// (<c>Training:Gates:*</c>).</summary>
    public PromotionGateSettings Gates { get; set; } = new();

    /// <summary>The time of <see cref="NightlyTime"/>.</summary>
    /// <exception cref="FormatException">The value is not <c>HH:mm</c>.</exception>
    public TimeOnly LocalTime => TimeOnly.ParseExact(NightlyTime, "HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The schedule's options for <see cref="TrainingSiloBuilderExtensions.AddTrainingGrains"/>.</summary>
    /// <param name="workRoot">The root of the steps' per-execution work folders (the silo passes
    /// <c>&lt;Storage:Path&gt;/training</c>); the grains' default when null.</param>
    /// <returns>Families, time zone, local time and days of the week (<see cref="EffectiveWeekdays"/>).</returns>
    public TrainingOptions ToOptions(string? workRoot = null)
    {
        var options = new TrainingOptions { Families = EffectiveFamilies, TimeZoneId = TimeZone, LocalTime = LocalTime, Days = EffectiveWeekdays };
        return workRoot is null ? options : options with { WorkRoot = workRoot };
    }

    /// <summary>The distillation configuration of <see cref="Model"/> with <see cref="Seed"/>.</summary>
    /// <returns>The options.</returns>
    public DistillationOptions Distillation() => Model == "tiny"
        ? DistillationOptions.Tiny(Seed)
        : new DistillationOptions { Seed = Seed };

    internal IEnumerable<string> Validate()
    {
        if (Families is not null)
        {
            foreach (var family in Families)
            {
                if (!KnownFamilies.Contains(family, StringComparer.Ordinal))
                {
                    yield return $"Training:Families has an unknown family '{family}' (known: {string.Join(", ", KnownFamilies)}).";
                }
            }

            if (Families.Distinct(StringComparer.Ordinal).Count() != Families.Length)
            {
                yield return $"Training:Families lists a family twice: {string.Join(", ", Families)}.";
            }
        }

        if (!TimeOnly.TryParseExact(NightlyTime, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return $"Training:NightlyTime must be HH:mm (24-hour), got '{NightlyTime}'.";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? string.Empty, out _))
        {
            yield return $"Training:TimeZone must be an IANA time zone (e.g. America/New_York), got '{TimeZone}'.";
        }

        foreach (var day in Weekdays ?? [])
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(day, out _))
            {
                yield return $"Training:Weekdays has '{day}', which is not a day of the week (Monday..Sunday).";
            }
        }

        if (ValidationDays < 1)
        {
            yield return $"Training:ValidationDays must be at least 1, got {ValidationDays}.";
        }

        if (!Models.Contains(Model, StringComparer.Ordinal))
        {
            yield return $"Training:Model must be 'default' or 'tiny', got '{Model}'.";
        }

        foreach (var error in Gates?.Validate() ?? ["Training:Gates must be an object."])
        {
            yield return error;
        }
    }
}
