using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Lean;
using Quant.Orleans.MarketData.Replay;
using Quant.Orleans.Numerics.Signals;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Numerics.Tests.Signals;

public sealed class SymbolForecastSessionRealDataCheckpointTests
{
    /// <summary>IBM's NBBO on 2013-10-07 and 2013-10-08 (every quote the replay gives, pre-market and after hours
    /// included), through the grain's default session; restored into a new session at five cut points, it continues bit
    /// for bit. Skipped when the Lean data folder is absent.</summary>
    [Fact]
    public async Task IbmTwoDays_RestoredAtFiveCutPoints_ContinuesBitForBit()
    {
        var ibm = new Symbol("IBM");
        var quotes = new List<Quote>(1 << 18);
        using (var feed = ReplayFeed.FromLean(new LeanDataFolder(TestData.Require("lean")), [ibm], [new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8)]))
        {
            await feed.RunAsync(batch =>
            {
                foreach (var e in batch.Span)
                {
                    if (e.Kind == MarketEventKind.Quote)
                    {
                        quotes.Add(e.Quote);
                    }
                }

                return ValueTask.CompletedTask;
            }, TestContext.Current.CancellationToken);
        }

        var reference = new SymbolForecastSession(ibm);
        var candidates = new List<long[]>(quotes.Count);
        var sessions = new List<long[]>(quotes.Count);
        var roll = -1;
        foreach (var quote in quotes)
        {
            var emitted = reference.OnQuote(quote, out var candidate);
            candidates.Add(SessionObservation.Candidate(emitted, candidate));
            sessions.Add(SessionObservation.Session(reference));
            if (reference.LastCompletedDay is not null)
            {
                roll = candidates.Count - 1;
            }
        }

        Assert.True(roll > 0, "the two days did not roll");
        Assert.True(reference.CandidatesEmitted > 0, "no candidate on the second day");
        var cuts = new SortedSet<int> { roll / 3, roll, roll + 1, (roll + quotes.Count) / 2, quotes.Count - 1 };
        var session = new SymbolForecastSession(ibm);
        for (var i = 0; i < quotes.Count; i++)
        {
            if (cuts.Contains(i))
            {
                session = SymbolForecastSession.Restore(ibm, null, session.Capture());
            }

            var emitted = session.OnQuote(quotes[i], out var candidate);
            Assert.True(SessionObservation.Candidate(emitted, candidate).SequenceEqual(candidates[i]), $"the output of quote {i} differs");
            Assert.True(SessionObservation.Session(session).SequenceEqual(sessions[i]), $"the state after quote {i} differs");
        }
    }
}
