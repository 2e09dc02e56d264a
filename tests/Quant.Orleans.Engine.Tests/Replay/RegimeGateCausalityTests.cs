using System.Globalization;
using System.IO.Compression;
using Quant.Orleans.Core;
using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Grains.Interfaces.Events;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Engine.Tests.Replay;

/// <summary>
/// Causality of the gates at the day roll (DESIGN §4; issue 15, item 5). The symbol grain refits the regime gate on a
/// finished day when the next day's first quote arrives; a batch that spans the day roll used to have the finished
/// day's candidates judged after that refit, by a model fitted on their own day. These tests replay real IBM ticks —
/// three days (2013-10-07..09) cut to 09:00–11:00 New York time so that <c>Replay:BatchSize</c> 1 stays short — through
/// a private silo and record every candidate's verdict as the symbol grain publishes it (time, forecast, regime
/// verdict, judge verdict, in order). What they assert:
/// <list type="number">
/// <item>The verdicts are the same, candidate for candidate and bit for bit, at batch sizes 1, 4,096 and 1,000,000
/// (at 1,000,000 the three days are one batch, so every day roll is inside a batch; at 1 none is).</item>
/// <item>At each of those batch sizes, removing the data after a point P — the day roll (day 3 removed) or 10:15 on
/// day 2 — leaves every verdict of a candidate before P unchanged, and so do the orders sent before P (id, time,
/// side, quantity, limit; not their fills, which happen after P).</item>
/// </list>
/// Skipped when <c>../shared/data</c> is absent.
/// </summary>
public sealed class RegimeGateCausalityTests : IDisposable
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly[] Days = [new(2013, 10, 7), new(2013, 10, 8), new(2013, 10, 9)];
    private readonly TempFolder _folder = new("qo-regime-causality");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<int> BatchSizes() => [1, 4096, 1_000_000];

    [Fact]
    public async Task VerdictsDoNotDependOnTheBatchSize()
    {
        var data = ShortData(TestData.Require("lean/equity/usa/tick/ibm"), "full", lastDay: Days[2], cutAt: null);
        var one = await ReplayAsync(data, Days[2], 1);
        var mid = await ReplayAsync(data, Days[2], 4096);
        var all = await ReplayAsync(data, Days[2], 1_000_000);

        // The data must exercise the gates on both later days: candidates passed and blocked by the regime gate.
        foreach (var day in Days[1..])
        {
            var ofDay = one.Verdicts.Where(v => SessionDate(v.Time) == day).ToArray();
            Assert.True(ofDay.Length >= 50, $"{ofDay.Length} candidates on {day:yyyy-MM-dd}");
            Assert.Contains(ofDay, v => v.RegimePass);
            Assert.Contains(ofDay, v => !v.RegimePass);
        }

        Assert.Equal(one.Verdicts, mid.Verdicts);
        Assert.Equal(one.Verdicts, all.Verdicts);
    }

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public async Task ChangingTheFutureDoesNotMoveEarlierVerdictsOrOrders(int batchSize)
    {
        var source = TestData.Require("lean/equity/usa/tick/ibm");
        var full = await ReplayAsync(ShortData(source, "full", lastDay: Days[2], cutAt: null), Days[2], batchSize);
        var dayRoll = Utc(Days[2], TimeOnly.MinValue);       // the future is day 3
        var midDay = Utc(Days[1], new TimeOnly(10, 15));      // the future is day 2 after 10:15, and day 3
        foreach (var (name, cut, cutAt) in new[] { ("day-roll", dayRoll, (TimeOnly?)null), ("mid-day", midDay, new TimeOnly(10, 15)) })
        {
            var truncated = await ReplayAsync(ShortData(source, name, lastDay: Days[1], cutAt), Days[1], batchSize);
            var expected = full.Verdicts.Where(v => v.Time < cut).ToArray();
            Assert.True(expected.Count(v => SessionDate(v.Time) == Days[1]) >= 20, $"{name}: too few day-2 candidates before the cut");
            Assert.Equal(expected, truncated.Verdicts.Where(v => v.Time < cut).ToArray());
            Assert.Equal(full.Orders.Where(o => o.Time < cut).ToArray(), truncated.Orders.Where(o => o.Time < cut).ToArray());
        }
    }

    private static DateOnly SessionDate(long utcNanos) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new UnixNanos(utcNanos).ToDateTime(), NewYork));

    private static long Utc(DateOnly day, TimeOnly time) =>
        UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time, DateTimeKind.Unspecified), NewYork)).Value;

    /// <summary>A Lean folder with IBM's quote and trade files of <see cref="Days"/> up to <paramref name="lastDay"/>,
    /// each cut to 09:00–11:00 New York time (Lean times are milliseconds after the exchange's midnight), the last
    /// day also cut at <paramref name="cutAt"/> when given.</summary>
    private string ShortData(string ibm, string name, DateOnly lastDay, TimeOnly? cutAt)
    {
        var root = Path.Combine(_folder.Path, name);
        var target = Directory.CreateDirectory(Path.Combine(root, "equity", "usa", "tick", "ibm")).FullName;
        foreach (var day in Days.Where(d => d <= lastDay))
        {
            var end = day == lastDay && cutAt is { } c ? c : new TimeOnly(11, 0);
            foreach (var kind in new[] { "quote", "trade" })
            {
                var file = $"{day:yyyyMMdd}_{kind}.zip";
                Cut(Path.Combine(ibm, file), Path.Combine(target, file), (long)new TimeOnly(9, 0).ToTimeSpan().TotalMilliseconds, (long)end.ToTimeSpan().TotalMilliseconds);
            }
        }

        return root;
    }

    private static void Cut(string source, string target, long fromMs, long toMs)
    {
        using var input = ZipFile.OpenRead(source);
        var entry = input.Entries.Single();
        using var reader = new StreamReader(entry.Open());
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        using var writer = new StreamWriter(output.CreateEntry(entry.FullName).Open());
        while (reader.ReadLine() is { } line)
        {
            var ms = long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            if (ms >= fromMs && ms < toMs)
            {
                writer.Write(line);
                writer.Write("\r\n");
            }
        }
    }

    private static async Task<(Verdict[] Verdicts, OrderSent[] Orders)> ReplayAsync(string data, DateOnly to, int batchSize)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Replay:DataFolder"] = data,
            ["Replay:From"] = Days[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Replay:To"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Replay:Symbols:0"] = "IBM",
            ["Replay:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        };
        var settings = SettingsLoader.Load(null, overrides);
        var hub = new TradingEventHub();
        using var subscription = hub.Subscribe(null, capacity: 1_000_000);
        var runtime = GridHost.Create(settings, new GridSiloOptions { MemoryStorage = true, Private = true, Hub = hub });
        await runtime.StartAsync();
        ReplayResult result;
        try
        {
            result = await new ReplayJob(settings.Replay, runtime.Grains).RunAsync();
        }
        finally
        {
            await runtime.DisposeAsync();
        }

        Assert.Equal(0, hub.Dropped);
        Assert.Empty(result.Quality.Failures);
        var verdicts = new List<Verdict>();
        while (subscription.Reader.TryRead(out var e))
        {
            if (e.Payload is SignalEvent s)
            {
                verdicts.Add(new Verdict(s.Symbol, s.Time.Value, s.Forecast, s.RegimePass, s.JudgePass));
            }
        }

        Assert.Equal(result.Symbols.Sum(s => s.Candidates), verdicts.Count);
        var orders = result.Record.Orders
            .Select(o => new OrderSent(o.Order.ClOrdId.ToString(), o.Order.SentTime.Value, o.Order.Side.ToString(), o.Order.Quantity.ToString(), o.Order.LimitPrice?.ToString() ?? string.Empty))
            .ToArray();
        return (verdicts.ToArray(), orders);
    }

    /// <summary>One candidate as the symbol grain judged it.</summary>
    private sealed record Verdict(string Symbol, long Time, double Forecast, bool RegimePass, bool JudgePass);

    /// <summary>What was decided when an order was sent (its fills come later).</summary>
    private sealed record OrderSent(string ClOrdId, long Time, string Side, string Quantity, string Limit);
}
