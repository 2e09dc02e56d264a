namespace Quant.Orleans.Grains.Training;

/// <summary>The training grains' settings, one instance per silo (every silo of a cluster should hold the same).</summary>
public sealed record TrainingOptions
{
    /// <summary>The IANA time zone of <see cref="LocalTime"/>.</summary>
    public string TimeZoneId { get; init; } = "America/New_York";

    /// <summary>The local market time at which the nightly reminder fires (after the close: 17:30 by default, an hour
    /// and a half after the 16:00 New York close).</summary>
    public TimeOnly LocalTime { get; init; } = new(17, 30);

    /// <summary>The local days of the week on which it fires (Monday to Friday by default; exchange holidays are not
    /// skipped).</summary>
    public IReadOnlyList<DayOfWeek> Days { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The families a nightly tick (or <c>train now</c> without a family) starts, in that order.</summary>
    public IReadOnlyList<string> Families { get; init; } = [];

    /// <summary>The period of the reminder a running training grain keeps so that, when its silo dies, the grain is
    /// re-activated on another silo and resumes within about this time even if nobody calls it. At least Orleans's
    /// minimum reminder period (one minute by default).</summary>
    public TimeSpan ResumeCheckPeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The root of the steps' per-execution working folders (<see cref="TrainingStepContext.WorkFolder"/>); the
    /// silo sets <c>&lt;Storage:Path&gt;/training</c>, so that a run's folders sit in its run folder. Default: the
    /// system temporary folder's <c>quant-training</c>.</summary>
    public string WorkRoot { get; init; } = Path.Combine(Path.GetTempPath(), "quant-training");

    /// <summary>How long a deactivating training grain waits for its signalled step to stop before it lets the
    /// deactivation finish (default 10 s). A step still running after that is abandoned: it keeps its own working
    /// folder and nothing it returns is written to the grain's state.</summary>
    public TimeSpan StepStopWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The time zone of <see cref="TimeZoneId"/>.</summary>
    /// <exception cref="ArgumentException">The id is not a time zone of this machine.</exception>
    public TimeZoneInfo ResolveTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"{nameof(TimeZoneId)} '{TimeZoneId}' is not a time zone known to this machine.", nameof(TimeZoneId), ex);
        }
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public void Validate()
    {
        ResolveTimeZone();
        if (Days is null || Days.Count == 0)
        {
            throw new ArgumentException($"{nameof(Days)} must name at least one day of the week.", nameof(Days));
        }

        for (var i = 0; i < Days.Count; i++)
        {
            if (!Enum.IsDefined(Days[i]))
            {
                throw new ArgumentException($"{nameof(Days)}[{i}] = {(int)Days[i]} is not a day of the week.", nameof(Days));
            }
        }

        if (Families is null)
        {
            throw new ArgumentException($"{nameof(Families)} must not be null.", nameof(Families));
        }

        for (var i = 0; i < Families.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Families[i]))
            {
                throw new ArgumentException($"{nameof(Families)}[{i}] is empty.", nameof(Families));
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(Families[i], Families[j], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"{nameof(Families)}[{i}] = '{Families[i]}' repeats {nameof(Families)}[{j}].", nameof(Families));
                }
            }
        }

        if (string.IsNullOrWhiteSpace(WorkRoot))
        {
            throw new ArgumentException($"{nameof(WorkRoot)} must not be empty.", nameof(WorkRoot));
        }

        if (StepStopWait < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(StepStopWait)} = {StepStopWait} must not be negative.", nameof(StepStopWait));
        }

        if (ResumeCheckPeriod < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException(
                $"{nameof(ResumeCheckPeriod)} = {ResumeCheckPeriod} is below Orleans's minimum reminder period of one minute.",
                nameof(ResumeCheckPeriod));
        }
    }
}
