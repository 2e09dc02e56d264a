namespace Quant.Orleans.Grains.Interfaces.Training;

/// <summary>
/// The nightly training schedule (one grain, key <c>nightly</c>): an Orleans reminder that fires once per trading day
/// at the configured local market time (after the close; America/New_York 17:30 unless configured otherwise) and starts
/// the configured families' <see cref="ITrainingGrain"/>s; <see cref="TrainNow"/> starts them at once. The reminder is
/// persisted by the silo's reminder service (Azure Table storage in a cluster, memory in tests), so it survives silo
/// restarts.
/// </summary>
[Alias("qo.ITrainingScheduleGrain")]
public interface ITrainingScheduleGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-aligns) the reminder so that its next tick is the next configured market time.</summary>
    [Alias("Enable")]
    Task<TrainingScheduleStatus> Enable();

    /// <summary>Removes the reminder; runs in progress continue.</summary>
    [Alias("Disable")]
    Task<TrainingScheduleStatus> Disable();

    /// <summary>Starts <paramref name="family"/>'s pipeline now, or every configured family's when null (<c>train now</c>).</summary>
    /// <param name="family">A family, or null for all configured ones.</param>
    /// <returns>The started (or already running) runs, in the order started.</returns>
    /// <exception cref="ArgumentException"><paramref name="family"/> is empty or blank.</exception>
    /// <exception cref="InvalidOperationException">No steps are registered for a named family.</exception>
    [Alias("TrainNow")]
    Task<TrainingStatus[]> TrainNow(string? family);

    /// <summary>The schedule as it stands.</summary>
    [Alias("GetStatus")]
    Task<TrainingScheduleStatus> GetStatus();
}

/// <summary>The nightly schedule's settings and state.</summary>
/// <param name="ReminderRegistered">True when the reminder service holds the schedule's reminder.</param>
/// <param name="NextFireUtc">When the reminder is next due (UTC), or null when it is not registered.</param>
/// <param name="LastFiredUtc">When the reminder last started the families (UTC), or null.</param>
/// <param name="TimeZoneId">The IANA time zone of the market time.</param>
/// <param name="LocalTime">The local market time of each tick.</param>
/// <param name="Days">The days of the week (in that time zone) on which it fires.</param>
/// <param name="Families">The families a tick starts.</param>
[GenerateSerializer, Immutable, Alias("qo.TrainingScheduleStatus")]
public sealed record TrainingScheduleStatus(
    [property: Id(0)] bool ReminderRegistered,
    [property: Id(1)] DateTime? NextFireUtc,
    [property: Id(2)] DateTime? LastFiredUtc,
    [property: Id(3)] string TimeZoneId,
    [property: Id(4)] TimeOnly LocalTime,
    [property: Id(5)] DayOfWeek[] Days,
    [property: Id(6)] string[] Families);
