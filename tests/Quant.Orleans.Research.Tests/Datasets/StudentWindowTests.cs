using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Quality;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Research.Tests.Datasets;

public sealed class StudentWindowTests
{
    /// <summary>
    /// Train as you serve: the live window, fed the replay's own events (<see cref="LeanTickSource"/>, what a symbol
    /// grain receives), holds at every grid step exactly the rows and log mids of the data set the student is trained
    /// on, bit for bit, and is ready exactly where a training sample could be taken.
    /// </summary>
    [Fact]
    public void TheLiveWindowHoldsTheTrainingRowsAtEveryStepOfARecordedDay()
    {
        var root = DistillationDataFixture.LeanRoot();
        var date = new DateOnly(2013, 10, 7);
        var day = DistillationDataFixture.IbmDay();
        const int L = 64;
        var window = new StudentWindow(new DistillationDatasetOptions(), L);
        var f = DistillationSchemas.Student.Width;
        var rows = new float[L * f];
        var logMids = new double[L + 1];
        var checkedSteps = 0;
        var readySteps = 0;
        var lastChecked = -1;
        var covered = new bool[day.Steps];

        void CheckWindow()
        {
            var i = window.StepsSampled - 1;
            if (i == lastChecked || i < 0)
            {
                return;
            }

            lastChecked = i;
            var run = 0;
            for (var k = Math.Max(0, i - L + 1); k <= i; k++)
            {
                var good = day.Warm[k];
                foreach (var v in day.StudentRow(k))
                {
                    good &= float.IsFinite(v);
                }

                run = good ? run + 1 : 0;
            }

            var expectedReady = i >= L && run >= L && double.IsFinite(day.LogMid[i - L]);
            Assert.True(expectedReady == window.IsReady, $"step {i}: ready {window.IsReady}, expected {expectedReady}");
            if (!window.IsReady)
            {
                return;
            }

            readySteps++;
            window.CopyTo(rows, logMids);
            Assert.Equal(day.Student.AsSpan((i - L + 1) * f, L * f).ToArray(), rows);
            Assert.Equal(day.LogMid.AsSpan(i - L, L + 1).ToArray(), logMids);
            checkedSteps++;
            for (var k = i - L + 1; k <= i; k++)
            {
                covered[k] = true;
            }
        }

        using (var source = new LeanTickSource(new LeanDataFolder(root), new Symbol("IBM"), [date], new QuarantineLog(keepRecords: false)))
        {
            while (source.TryRead(out var e))
            {
                if (e.Kind == MarketEventKind.Trade)
                {
                    window.OnTrade(e.Time, e.Trade.Price.ToDouble(), e.Trade.Size.ToDouble());
                }
                else
                {
                    window.OnNbbo(e.Quote);
                }

                CheckWindow();
            }
        }

        Assert.Equal(date, window.Day);
        // A window is compared after every event that closed a step (several steps can close at once), so each
        // served row of the session is compared at least once.
        var coveredSteps = covered.Count(c => c);
        Assert.True(checkedSteps > 10_000 && coveredSteps > 23_000, $"{checkedSteps} windows compared, covering {coveredSteps} of {day.Steps} steps");
        Assert.Equal(readySteps, checkedSteps);
    }

    [Fact]
    public void ANewTradingDayStartsAnEmptyWindow()
    {
        var window = new StudentWindow(new DistillationDatasetOptions(), 4);
        var monday = UnixNanos.FromDateTime(new DateTime(2013, 10, 7, 14, 0, 0, DateTimeKind.Utc)); // 10:00 New York
        for (var s = 0; s < 400; s++)
        {
            var t = new UnixNanos(monday.Value + (s * 1_000_000_000L));
            window.OnNbbo(new Quote(new Symbol("IBM"), t, Price.FromDecimal(100m + (s % 3 * 0.01m)), Quantity.FromDecimal(100), Price.FromDecimal(100.02m + (s % 3 * 0.01m)), Quantity.FromDecimal(100)));
        }

        Assert.True(window.StepsSampled > 1800);
        var tuesday = new UnixNanos(monday.Value + TimeSpan.FromDays(1).Ticks * 100L);
        window.AdvanceTo(tuesday.Value);
        Assert.Equal(new DateOnly(2013, 10, 8), window.Day);
        Assert.False(window.IsReady);
        Assert.Throws<InvalidOperationException>(() => window.CopyTo(new float[4 * DistillationSchemas.Student.Width], new double[5]));
    }
}
