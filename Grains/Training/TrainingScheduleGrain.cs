using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Grains.Training;

/// <summary>The persisted part of the nightly schedule.</summary>
[GenerateSerializer, Alias("qo.TrainingScheduleState")]
public sealed class TrainingScheduleState
{
    /// <summary>When the reminder is next due (UTC), as last registered.</summary>
    [Id(0)]
    public DateTime? NextFireUtc { get; set; }

    /// <summary>When a tick last started the families (UTC).</summary>
    [Id(1)]
    public DateTime? LastFiredUtc { get; set; }
}

/// <summary>
/// See <see cref="ITrainingScheduleGrain"/>. The reminder's period is one day, but every tick re-registers it with the
/// next tick's exact due time (<see cref="TrainingCalendar.NextFireUtc"/>), so the wall-clock time stays put across
/// daylight-saving changes (a fixed 24-hour period would drift by an hour) and days outside
/// <see cref="TrainingOptions.Days"/> are skipped. A tick starts every configured family; one family's failure to start
/// is logged and does not stop the others.
/// </summary>
public sealed class TrainingScheduleGrain : Grain, ITrainingScheduleGrain, IRemindable
{
    /// <summary>The key of the grid's one schedule.</summary>
    public const string NightlyKey = "nightly";

    /// <summary>The name of the schedule's reminder.</summary>
    public const string ReminderName = "nightly-training";

    /// <summary>The minimum distance from a tick to the next one: a tick that arrives a little early (reminder
    /// services are not exact) must not find the same market time still ahead of it.</summary>
    private static readonly TimeSpan TickGuard = TimeSpan.FromMinutes(1);

    private readonly IPersistentState<TrainingScheduleState> _state;
    private readonly TrainingOptions _options;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _time;
    private readonly ILogger<TrainingScheduleGrain> _logger;

    /// <summary>Creates the grain.</summary>
    public TrainingScheduleGrain(
        [PersistentState("schedule", GridStorage.Name)] IPersistentState<TrainingScheduleState> state,
        TrainingOptions options,
        TimeProvider time,
        ILogger<TrainingScheduleGrain> logger)
    {
        _state = state;
        _options = options;
        _zone = options.ResolveTimeZone();
        _time = time;
        _logger = logger;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public async Task<TrainingScheduleStatus> Enable()
    {
        await RegisterAsync(Now);
        return await GetStatus();
    }

    /// <inheritdoc />
    public async Task<TrainingScheduleStatus> Disable()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _state.State.NextFireUtc = null;
        await _state.WriteStateAsync();
        return await GetStatus();
    }

    /// <inheritdoc />
    public async Task<TrainingStatus[]> TrainNow(string? family)
    {
        if (family is not null && string.IsNullOrWhiteSpace(family))
        {
            throw new ArgumentException("The family to train must not be blank (pass null for every configured family).", nameof(family));
        }

        var request = new TrainingRequest("on-demand", Now);
        if (family is not null)
        {
            return [await GrainFactory.GetGrain<ITrainingGrain>(family).Start(request)];
        }

        return await StartAllAsync(request);
    }

    /// <inheritdoc />
    public async Task<TrainingScheduleStatus> GetStatus()
    {
        var registered = await this.GetReminder(ReminderName) is not null;
        return new TrainingScheduleStatus(
            registered,
            registered ? _state.State.NextFireUtc : null,
            _state.State.LastFiredUtc,
            _options.TimeZoneId,
            _options.LocalTime,
            [.. _options.Days],
            [.. _options.Families]);
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        var now = Now;
        _logger.LogInformation("Training schedule: tick due {Due:o} arrived {Now:o}; starting {Families}.", status.CurrentTickTime, now, string.Join(", ", _options.Families));
        _state.State.LastFiredUtc = now;
        await StartAllAsync(new TrainingRequest("nightly", now));
        await RegisterAsync(now + TickGuard);
    }

    private async Task RegisterAsync(DateTime afterUtc)
    {
        var now = Now;
        var next = TrainingCalendar.NextFireUtc(afterUtc, _options.LocalTime, _zone, [.. _options.Days]);
        await this.RegisterOrUpdateReminder(ReminderName, next - now, TimeSpan.FromDays(1));
        _state.State.NextFireUtc = next;
        await _state.WriteStateAsync();
    }

    private async Task<TrainingStatus[]> StartAllAsync(TrainingRequest request)
    {
        var started = new List<TrainingStatus>(_options.Families.Count);
        foreach (var family in _options.Families)
        {
            try
            {
                started.Add(await GrainFactory.GetGrain<ITrainingGrain>(family).Start(request));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Training schedule: family {Family} could not start ({Trigger}).", family, request.Trigger);
            }
        }

        return [.. started];
    }
}
