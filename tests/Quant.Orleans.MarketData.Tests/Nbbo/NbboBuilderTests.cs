using Quant.Orleans.MarketData.Nbbo;

namespace Quant.Orleans.MarketData.Tests.Nbbo;

/// <summary>A hand-checked sequence of venue quotes (PerExchange convention) and the consolidated-sides convention.</summary>
public sealed class NbboBuilderTests
{
    private static readonly Symbol Ibm = new("IBM");

    private static Price P(decimal value) => Price.FromDecimal(value);

    private static Quantity Q(long shares) => Quantity.FromUnits(shares);

    private static UnixNanos T(long ms) => new(ms * UnixNanos.NanosPerMillisecond);

    [Fact]
    public void PerExchangeHandChecked()
    {
        var nbbo = new NbboBuilder(Ibm);

        // 1. N bid only (one-sided): 100.00x200 / none.
        Assert.True(nbbo.Update('N', T(1), P(100.00m), Q(200), Price.Zero, Quantity.Zero, out var q));
        Assert.Equal(new Quote(Ibm, T(1), P(100.00m), Q(200), Price.Zero, Quantity.Zero), q);
        Assert.False(q.IsTwoSided);

        // 2. P two-sided at the same bid: sizes add (size = sum over venues at the best price), count 2.
        Assert.True(nbbo.Update('P', T(2), P(100.00m), Q(300), P(100.10m), Q(400), out q));
        Assert.Equal(new Quote(Ibm, T(2), P(100.00m), Q(500), P(100.10m), Q(400)), q);
        Assert.Equal(2, nbbo.BestBid.Count);

        // 3. Q ask worse than P's: no change, nothing emitted.
        Assert.False(nbbo.Update('Q', T(3), Price.Zero, Quantity.Zero, P(100.20m), Q(100), out q));
        Assert.Equal(T(2), q.Time);

        // 4. N re-quotes a bid with zero size: N has no bid any more -> best bid 100.00x300 (P only).
        Assert.True(nbbo.Update('N', T(4), P(100.00m), Quantity.Zero, Price.Zero, Quantity.Zero, out q));
        Assert.Equal(Q(300), q.BidSize);
        Assert.Equal(1, nbbo.BestBid.Count);

        // 5. P withdraws (both sides zero): bid disappears, ask falls back to Q 100.20x100.
        Assert.True(nbbo.Update('P', T(5), Price.Zero, Quantity.Zero, Price.Zero, Quantity.Zero, out q));
        Assert.Equal(new Quote(Ibm, T(5), Price.Zero, Quantity.Zero, P(100.20m), Q(100)), q);

        // 6. A zero price with a positive size is "no quote" on that side too.
        Assert.False(nbbo.Update('Z', T(6), Price.Zero, Q(500), Price.Zero, Quantity.Zero, out _));

        // 7. Z bids above Q's ask: crossed, still reported by the builder (the replay quarantines it).
        Assert.True(nbbo.Update('Z', T(7), P(100.30m), Q(100), Price.Zero, Quantity.Zero, out q));
        Assert.True(q.IsLockedOrCrossed);
        Assert.True(q.BidPrice > q.AskPrice);

        // 8. Same prices but a size change is a change.
        Assert.True(nbbo.Update('Q', T(8), Price.Zero, Quantity.Zero, P(100.20m), Q(900), out q));
        Assert.Equal(Q(900), q.AskSize);

        nbbo.Reset();
        Assert.Equal(default, nbbo.BestBid);
        Assert.Equal(default, nbbo.BestAsk);
    }

    [Fact]
    public void ConsolidatedSidesReplacesOneSideAtATime()
    {
        var nbbo = new NbboBuilder(Ibm, NbboInputConvention.ConsolidatedSides);

        // As in the IBM file: a bid line (K) then an ask line (Q) at the same millisecond.
        Assert.True(nbbo.Update('K', T(1), P(182.03m), Q(100), Price.Zero, Quantity.Zero, out _));
        Assert.True(nbbo.Update('Q', T(1), Price.Zero, Quantity.Zero, P(182.11m), Q(100), out var q));
        Assert.Equal(new Quote(Ibm, T(1), P(182.03m), Q(100), P(182.11m), Q(100)), q);

        // A lower bid from another venue replaces the best bid (the old one is not remembered).
        Assert.True(nbbo.Update('N', T(2), P(182.00m), Q(700), Price.Zero, Quantity.Zero, out q));
        Assert.Equal(P(182.00m), q.BidPrice);
        Assert.Equal(Q(700), q.BidSize);

        // The same side repeated is not a change.
        Assert.False(nbbo.Update('N', T(3), P(182.00m), Q(700), Price.Zero, Quantity.Zero, out _));

        // Both sides empty clears the NBBO.
        Assert.True(nbbo.Update('N', T(4), Price.Zero, Quantity.Zero, Price.Zero, Quantity.Zero, out q));
        Assert.Equal(new Quote(Ibm, T(4), Price.Zero, Quantity.Zero, Price.Zero, Quantity.Zero), q);
    }

    [Fact]
    public void RejectsNonLetterExchange()
    {
        var nbbo = new NbboBuilder(Ibm);
        Assert.Throws<ArgumentOutOfRangeException>(() => nbbo.Update('1', T(1), P(1m), Q(1), P(2m), Q(1), out _));
    }

    [Fact]
    public void UpdateDoesNotAllocate()
    {
        var nbbo = new NbboBuilder(Ibm);
        nbbo.Update('N', T(0), P(100m), Q(100), P(100.1m), Q(100), out _);
        Run(nbbo); // warm-up: tiered compilation and on-stack replacement allocate once on this thread
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(nbbo);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Run(NbboBuilder nbbo)
        {
            for (var i = 0; i < 10_000; i++)
            {
                nbbo.Update((char)('A' + (i % 26)), T(i), new Price(10_000_000_000L + (i % 7)), Q(100), new Price(10_010_000_000L + (i % 5)), Q(100), out _);
            }
        }
    }
}
