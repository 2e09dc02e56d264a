using System.Globalization;
using Quant.Orleans.Learning.Adaptation;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// How a symbol grain adapts its served student during the day with SimTS (<see cref="SimTsStudentAdapter"/>; Zheng et
/// al. 2023), as the settings <c>Strategy:StudentAdaptation:*</c> give it (docs/adaptation.md, "In the grain"). A run
/// starts at the <see cref="EveryTicks"/>-th NBBO update of the day since the previous run started, on today's student
/// rows seen so far (the cut), off the tick path; its weights are swapped in at the first batch boundary whose last
/// event is at least <see cref="SwapDelaySeconds"/> of market time after the run's starting update (the grain awaits
/// the run there if it is still going, so the swap point never depends on wall-clock speed). Adapted weights and the
/// SimTS predictor are dropped at the day roll unless <see cref="KeepAcrossDays"/>. Bindable (public init setters)
/// and immutable once bound.
/// </summary>
public sealed record StudentGrainAdaptation
{
    /// <summary>Adapt at all; false (the default): the student loaded at activation serves all day.</summary>
    public bool Enabled { get; init; }

    /// <summary>NBBO updates of the symbol between the starts of two runs of a day (the first run starts at the
    /// <c>EveryTicks</c>-th update of the day), &gt; 0. Default 20,000 (IBM 2013 has about 60,000 a day).</summary>
    public int EveryTicks { get; init; } = 20_000;

    /// <summary>AdamW steps per run, &gt; 0 (<see cref="StudentAdaptationOptions.Steps"/>). Default 8.</summary>
    public int Steps { get; init; } = 8;

    /// <summary>Constant AdamW learning rate, finite and &gt; 0 (<see cref="StudentAdaptationOptions.LearningRate"/>).
    /// Default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Windows per step, &gt; 0 (<see cref="StudentAdaptationOptions.BatchSize"/>). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Market time from a run's starting NBBO update to the earliest batch boundary where its weights may be
    /// swapped in, seconds, finite and ≥ 0. Default 60.</summary>
    public double SwapDelaySeconds { get; init; } = 60;

    /// <summary>Keep the adapted weights and the predictor across the day roll (each day then continues from the
    /// previous day's last swap); false (the default): every day starts from the loaded student.</summary>
    public bool KeepAcrossDays { get; init; }

    /// <summary>The swap delay in UTC nanoseconds of market time.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long SwapDelayNanos => (long)Math.Round(SwapDelaySeconds * 1e9);

    /// <summary>The problems of these settings, each naming the key (<c>Strategy:StudentAdaptation:&lt;name&gt;</c>),
    /// its value and the rule; empty when valid or when <see cref="Enabled"/> is false.</summary>
    /// <returns>The problems.</returns>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        const string prefix = "Strategy:StudentAdaptation:";
        if (EveryTicks <= 0)
        {
            yield return $"{prefix}EveryTicks must be > 0 (NBBO updates between two runs), got {EveryTicks}.";
        }

        if (Steps <= 0)
        {
            yield return $"{prefix}Steps must be > 0, got {Steps}.";
        }

        if (BatchSize <= 0)
        {
            yield return $"{prefix}BatchSize must be > 0, got {BatchSize}.";
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate) || !float.IsFinite((float)LearningRate) || (float)LearningRate == 0f)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{prefix}LearningRate must be finite and > 0 (as a 32-bit float), got {LearningRate}.");
        }

        if (!(SwapDelaySeconds >= 0) || !double.IsFinite(SwapDelaySeconds) || SwapDelaySeconds > 86_400)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{prefix}SwapDelaySeconds must be finite and in [0, 86400], got {SwapDelaySeconds}.");
        }
    }

    /// <summary>The library options of one run.</summary>
    /// <param name="seed">The run's seed (<see cref="SeedOf"/>).</param>
    /// <returns>Steps, learning rate, batch and seed from these settings; the library's defaults otherwise.</returns>
    public StudentAdaptationOptions ToOptions(ulong seed) => new()
    {
        Steps = Steps,
        LearningRate = (float)LearningRate,
        BatchSize = BatchSize,
        Seed = seed,
    };

    /// <summary>The seed of a run: FNV-1a (64-bit) over the ticker's UTF-16 code units, the trading day's number
    /// (<see cref="DateOnly.DayNumber"/>) and the run's index within the day — stable across processes and machines
    /// (unlike <see cref="string.GetHashCode()"/>), so a replay draws the same windows.</summary>
    /// <param name="ticker">The symbol.</param>
    /// <param name="day">The New York trading day.</param>
    /// <param name="run">The run's index within the day, from 0.</param>
    /// <returns>The seed.</returns>
    public static ulong SeedOf(string ticker, DateOnly day, int run)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        var hash = offset;
        foreach (var c in ticker)
        {
            hash = (hash ^ c) * prime;
        }

        foreach (var value in new[] { (ulong)(uint)day.DayNumber, (ulong)(uint)run })
        {
            for (var b = 0; b < 8; b++)
            {
                hash = (hash ^ ((value >> (8 * b)) & 0xFF)) * prime;
            }
        }

        return hash;
    }
}
