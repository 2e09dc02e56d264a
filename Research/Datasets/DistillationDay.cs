using Quant.Orleans.MarketData.Quality;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// One symbol's recorded trading day on a fixed market-time grid of the regular session, for teacher/student
/// distillation (built by <see cref="DistillationDatasetBuilder"/>). Step i covers (tᵢ − cadence, tᵢ] and is stamped
/// with its end tᵢ = open + (i + 1)·cadence; row-major arrays hold one row per step.
/// <para><b>Causal</b>: <see cref="Student"/>, <see cref="Warm"/>, <see cref="LogMid"/>, <see cref="HalfSpread"/>,
/// <see cref="QuoteRecordEnd"/> and <see cref="TradeRecordEnd"/> at step i depend only on records with times ≤ tᵢ.
/// <b>ACAUSAL</b>: <see cref="Teacher"/>'s golden columns, <see cref="GoldenLevel"/>, <see cref="GoldenReturn"/>,
/// <see cref="MidReturn"/> and <see cref="Barrier"/> read the rest of the day (the teacher's depth columns are
/// causal).</para>
/// </summary>
public sealed class DistillationDay
{
    /// <summary>The ticker, upper case.</summary>
    public string Symbol { get; init; } = string.Empty;

    /// <summary>The New York trading date.</summary>
    public DateOnly Day { get; init; }

    /// <summary>The grid step.</summary>
    public TimeSpan Cadence { get; init; }

    /// <summary>Grid steps n (23,400 for 09:30–16:00 at 1 s).</summary>
    public int Steps { get; init; }

    /// <summary>Grid times tᵢ (end of each step), UTC Unix nanoseconds, shape (n).</summary>
    public long[] Times { get; init; } = [];

    /// <summary>CAUSAL features as of the last event at or before tᵢ, row-major, shape (n, <see cref="DistillationSchemas.Student"/>.Width).
    /// Finite; 0 where a value is not yet defined (before the first quote or trade; see <see cref="Warm"/>).</summary>
    public float[] Student { get; init; } = [];

    /// <summary>True when the feature engine is warm (<c>SymbolFeatureEngine.IsWarm</c>) and a two-sided NBBO has been seen, shape (n).</summary>
    public bool[] Warm { get; init; } = [];

    /// <summary>Teacher inputs, row-major, shape (n, <see cref="DistillationSchemas.Teacher"/>.Width): ACAUSAL golden
    /// columns (0 where the golden level is undefined), causal depth columns.</summary>
    public float[] Teacher { get; init; } = [];

    /// <summary>ln mid of the prevailing two-sided NBBO at tᵢ, ln(USD); NaN before the first, shape (n).</summary>
    public double[] LogMid { get; init; } = [];

    /// <summary>ACAUSAL smoothed log level (MODWT + unscented RTS smoother) at tᵢ, ln(USD); NaN where <see cref="LogMid"/> is, shape (n).</summary>
    public double[] GoldenLevel { get; init; } = [];

    /// <summary>(ask − bid) / 2 / mid of the prevailing two-sided NBBO, dimensionless; NaN before the first, shape (n).</summary>
    public float[] HalfSpread { get; init; } = [];

    /// <summary>The target horizons, shape (H).</summary>
    public TimeSpan[] Horizons { get; init; } = [];

    /// <summary>ACAUSAL golden(tᵢ + h) − golden(tᵢ), row-major, shape (n, H); NaN where tᵢ + h is after the session's last
    /// grid time or either level is NaN.</summary>
    public float[] GoldenReturn { get; init; } = [];

    /// <summary>ACAUSAL ln mid(tᵢ + h) − ln mid(tᵢ), row-major, shape (n, H); NaN likewise.</summary>
    public float[] MidReturn { get; init; } = [];

    /// <summary>ACAUSAL triple-barrier class after costs (see <see cref="DistillationDatasetOptions"/>): 0 lower barrier
    /// first, 1 vertical (time) barrier, 2 upper barrier first; −1 where unknown (the vertical barrier passes the
    /// session's last grid time with no touch before it, or no volatility/price yet), shape (n).</summary>
    public sbyte[] Barrier { get; init; } = [];

    /// <summary>Quote-file lines consumed up to step i: the longest prefix of the file whose lines all have times ≤ tᵢ
    /// (1-based lines 1..QuoteRecordEnd[i]), shape (n). A window [i − L + 1, i] reads lines
    /// QuoteRecordEnd[i − L] + 1 .. QuoteRecordEnd[i] beyond what step i − L had.</summary>
    public int[] QuoteRecordEnd { get; init; } = [];

    /// <summary>Trade-file lines consumed up to step i, defined as <see cref="QuoteRecordEnd"/>, shape (n).</summary>
    public int[] TradeRecordEnd { get; init; } = [];

    /// <summary>The source files: [0] the quote file, [1] the trade file.</summary>
    public IReadOnlyList<DatasetSource> Sources { get; init; } = [];

    /// <summary>The schema version of <see cref="Student"/> and <see cref="Teacher"/> (<see cref="DistillationSchemas.Version"/>).</summary>
    public int SchemaVersion { get; init; }

    /// <summary>What the quality filter inspected and quarantined in the quote file (suspicious, out-of-order, outlier
    /// lines and locked/crossed NBBOs are dropped and counted here).</summary>
    public DataQualityReport QuoteQuality { get; init; } = null!;

    /// <summary>What the quality filter inspected and quarantined in the trade file.</summary>
    public DataQualityReport TradeQuality { get; init; } = null!;

    /// <summary>NBBO changes delivered over the whole day (the replay's quote events).</summary>
    public long QuotesDelivered { get; init; }

    /// <summary>Trades delivered over the whole day (the replay's trade events).</summary>
    public long TradesDelivered { get; init; }

    /// <summary>Row <paramref name="step"/> of <see cref="Student"/>.</summary>
    /// <param name="step">0 ≤ step &lt; <see cref="Steps"/>.</param>
    /// <returns>A view of width <see cref="DistillationSchemas.Student"/>.Width.</returns>
    public ReadOnlySpan<float> StudentRow(int step) => Student.AsSpan(step * DistillationSchemas.Student.Width, DistillationSchemas.Student.Width);

    /// <summary>Row <paramref name="step"/> of <see cref="Teacher"/>.</summary>
    /// <param name="step">0 ≤ step &lt; <see cref="Steps"/>.</param>
    /// <returns>A view of width <see cref="DistillationSchemas.Teacher"/>.Width.</returns>
    public ReadOnlySpan<float> TeacherRow(int step) => Teacher.AsSpan(step * DistillationSchemas.Teacher.Width, DistillationSchemas.Teacher.Width);
}
