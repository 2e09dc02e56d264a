using System.Security.Cryptography;
using Quant.Orleans.Core;
using Quant.Orleans.MarketData;
using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// Builds the teacher/student data set of one symbol and one recorded day (<see cref="DistillationDay"/>) from a Lean
/// data folder's tick files (<c>equity/usa/tick/&lt;sym&gt;/&lt;yyyyMMdd&gt;_{quote,trade}.zip</c>): a causal pass that
/// replays the day exactly as the grid's replay does and samples the live features on the grid
/// (<see cref="CausalDayPass"/>), then the ACAUSAL targets of the finished day (<see cref="AcausalDayTargets"/>).
/// The quality filter starts afresh with each day (the replay keeps its price-outlier reference from the previous day;
/// with the default rule it flags nothing in the recorded data either way). Deterministic: the same files and options
/// give the same arrays bit for bit, whatever the parallelism of <see cref="BuildMany"/>.
/// </summary>
public static class DistillationDatasetBuilder
{
    /// <summary>Builds the day.</summary>
    /// <param name="leanRoot">The Lean data folder (the one holding <c>equity/usa/tick</c>).</param>
    /// <param name="symbol">The ticker (any case).</param>
    /// <param name="day">The New York trading date.</param>
    /// <param name="options">The grid, targets and feature parameters; null for the defaults.</param>
    /// <param name="ct">Cancels the build.</param>
    /// <returns>The day on the grid.</returns>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid (<see cref="DistillationDatasetOptions.Validate"/>).</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="leanRoot"/> does not exist.</exception>
    /// <exception cref="FileNotFoundException">The quote or the trade file of the day does not exist (the message names it).</exception>
    /// <exception cref="MarketDataFormatException">A file is not a readable zip archive or a line is malformed; the
    /// message names the file, the entry and the line.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static DistillationDay Build(string leanRoot, string symbol, DateOnly day, DistillationDatasetOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        options ??= new DistillationDatasetOptions();
        options.Validate();
        var folder = new LeanDataFolder(leanRoot);
        var sym = new Symbol(symbol.ToUpperInvariant());
        var quotePath = folder.EquityPath(sym, LeanResolution.Tick, LeanTickType.Quote, day);
        var tradePath = folder.EquityPath(sym, LeanResolution.Tick, LeanTickType.Trade, day);
        foreach (var path in new[] { quotePath, tradePath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Lean tick file '{path}' does not exist (symbol {sym}, day {day:yyyy-MM-dd}).", path);
            }
        }

        var openNanos = LocalToUtcNanos(day, options.SessionOpen);
        var closeNanos = LocalToUtcNanos(day, options.SessionClose);
        var steps = options.Steps;
        var cadenceNanos = options.Cadence.Ticks * 100L;
        var times = new long[steps];
        for (var i = 0; i < steps; i++)
        {
            times[i] = openNanos + ((i + 1) * cadenceNanos);
        }

        // The hashes read the files on other threads while the pass decodes them (same bytes, independent result).
        var quoteHash = Task.Run(() => Sha256Hex(quotePath), ct);
        var tradeHash = Task.Run(() => Sha256Hex(tradePath), ct);
        var pass = new CausalDayPass(sym, options, times, openNanos, closeNanos);
        pass.Run(quotePath, tradePath, day, ct);

        var golden = AcausalDayTargets.GoldenLevel(times, pass.LogMid, options);
        AcausalDayTargets.FillTeacherGolden(golden, pass.LogMid, options.Cadence, pass.Teacher);
        var horizons = (TimeSpan[])options.Horizons.Clone();
        var sources = new[]
        {
            new DatasetSource(Relative(folder.Root, quotePath), quoteHash.GetAwaiter().GetResult(), pass.QuoteRecords),
            new DatasetSource(Relative(folder.Root, tradePath), tradeHash.GetAwaiter().GetResult(), pass.TradeRecords),
        };
        return new DistillationDay
        {
            Symbol = sym.Ticker,
            Day = day,
            Cadence = options.Cadence,
            Steps = steps,
            Times = times,
            Student = pass.Student,
            Warm = pass.Warm,
            Teacher = pass.Teacher,
            LogMid = pass.LogMid,
            GoldenLevel = golden,
            HalfSpread = pass.HalfSpread,
            Horizons = horizons,
            GoldenReturn = AcausalDayTargets.HorizonReturns(golden, horizons, options.Cadence),
            MidReturn = AcausalDayTargets.HorizonReturns(pass.LogMid, horizons, options.Cadence),
            Barrier = AcausalDayTargets.Barriers(times, pass.LogMid, pass.HalfSpread, options),
            QuoteRecordEnd = pass.QuoteRecordEnd,
            TradeRecordEnd = pass.TradeRecordEnd,
            Sources = sources,
            SchemaVersion = DistillationSchemas.Version,
            QuoteQuality = pass.QuoteLog.CreateReport(),
            TradeQuality = pass.TradeLog.CreateReport(),
            QuotesDelivered = pass.QuotesDelivered,
            TradesDelivered = pass.TradesDelivered,
        };
    }

    /// <summary>Builds several (symbol, day) pairs, up to <paramref name="maxDegreeOfParallelism"/> at once. Each day is
    /// built independently, so the result — in the order of <paramref name="items"/> — does not depend on the
    /// parallelism.</summary>
    /// <param name="leanRoot">The Lean data folder.</param>
    /// <param name="items">The (symbol, day) pairs.</param>
    /// <param name="options">As for <see cref="Build"/>.</param>
    /// <param name="maxDegreeOfParallelism">Days built at once, ≥ 1 (e.g. <see cref="Environment.ProcessorCount"/>).</param>
    /// <param name="ct">Cancels the builds.</param>
    /// <returns>One day per item, in the items' order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is below 1, or an option is invalid.</exception>
    /// <exception cref="AggregateException">A build failed; its inner exceptions are those of <see cref="Build"/>.</exception>
    public static IReadOnlyList<DistillationDay> BuildMany(
        string leanRoot, IReadOnlyList<(string Symbol, DateOnly Day)> items, DistillationDatasetOptions? options = null, int maxDegreeOfParallelism = 1, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        options ??= new DistillationDatasetOptions();
        options.Validate();
        var result = new DistillationDay[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = ct }, i =>
            result[i] = Build(leanRoot, items[i].Symbol, items[i].Day, options, ct));
        return result;
    }

    /// <summary>The days (ascending) for which both the tick quote and the tick trade file of <paramref name="symbol"/> exist.</summary>
    /// <param name="leanRoot">The Lean data folder.</param>
    /// <param name="symbol">The ticker (any case).</param>
    /// <returns>The dates; empty when the symbol has no tick folder.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="leanRoot"/> does not exist.</exception>
    public static IReadOnlyList<DateOnly> AvailableDays(string leanRoot, string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var folder = new LeanDataFolder(leanRoot);
        var sym = new Symbol(symbol.ToUpperInvariant());
        var trades = folder.EquityDates(sym, LeanResolution.Tick, LeanTickType.Trade).ToHashSet();
        return [.. folder.EquityDates(sym, LeanResolution.Tick, LeanTickType.Quote).Where(trades.Contains)];
    }

    private static long LocalToUtcNanos(DateOnly day, TimeOnly local) =>
        UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(local, DateTimeKind.Unspecified), LeanTimeZones.NewYork)).Value;

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
