using Quant.Orleans.Trading.Journal;

namespace Quant.Orleans.Trading.Tests.Journal;

/// <summary>The recovery rules across segments that every store shares: sequences continue from segment to segment,
/// only a segment allowed a torn tail may end in one, and an unfinished creation is not counted.</summary>
public sealed class JournalSegmentChainTests
{
    [Fact]
    public void RecordsOfConsecutiveSegmentsComeInOrderAndTheScanSaysWhatWasRead()
    {
        var delivered = new List<(long, string, long)>();
        var chain = new JournalSegmentChain(1024, r => delivered.Add((r.Sequence, r.Path, r.Offset)));
        chain.Add("a", Segment(1, 3), tornTailAllowed: false);
        chain.Add("b", Segment(4, 2), tornTailAllowed: true);
        Assert.Equal(5, chain.LastSequence);
        Assert.Equal(
            [(1L, "a", 24L), (2L, "a", 48L), (3L, "a", 72L), (4L, "b", 24L), (5L, "b", 48L)],
            delivered);
        var scan = chain.ToScan();
        Assert.Equal((5L, 1L, 5L, (JournalTornTail?)null), (scan.Records, scan.FirstSequence, scan.LastSequence, scan.TornTail));
        Assert.Equal(["a", "b"], scan.Segments);
    }

    [Fact]
    public void AGapBetweenSegmentsIsCorruptionOfTheLaterOne()
    {
        var chain = new JournalSegmentChain(1024, null);
        chain.Add("a", Segment(1, 2), tornTailAllowed: false);
        var e = Assert.Throws<JournalCorruptedException>(() => chain.Add("b", Segment(4, 1), tornTailAllowed: true));
        Assert.Equal(("b", 0L), (e.Path, e.Offset));
    }

    [Fact]
    public void ATornTailIsAcceptedOnlyWhereItIsAllowedAndReportedForTheLastSegmentAdded()
    {
        var torn = Segment(1, 2)[..^3];
        var e = Assert.Throws<JournalCorruptedException>(() => new JournalSegmentChain(1024, null).Add("a", torn, tornTailAllowed: false));
        Assert.Equal(("a", 48L), (e.Path, e.Offset));

        var chain = new JournalSegmentChain(1024, null);
        var result = chain.Add("a", torn, tornTailAllowed: true);
        Assert.Equal((1L, 48), (result.LastSequence, result.ValidLength));
        Assert.Equal(new JournalTornTail("a", 48, 21), chain.ToScan().TornTail);
        chain.Add("b", Segment(2, 1), tornTailAllowed: true); // a store that sealed "a" before its torn tail
        Assert.Null(chain.ToScan().TornTail);
        Assert.Equal(2, chain.LastSequence);
    }

    [Fact]
    public void AnUnfinishedLastSegmentIsNotCounted()
    {
        var chain = new JournalSegmentChain(1024, null);
        chain.Add("a", Segment(1, 1), tornTailAllowed: false);
        Assert.True(chain.Add("b", new byte[10], tornTailAllowed: true).HeaderTorn);
        Assert.Equal((1L, 1L), (chain.LastSequence, chain.ToScan().Records));
        Assert.Equal(["a"], chain.ToScan().Segments);
    }

    /// <summary>A segment starting at <paramref name="first"/> with <paramref name="records"/> 4-byte records.</summary>
    private static byte[] Segment(long first, int records)
    {
        var data = new byte[JournalFormat.SegmentHeaderBytes + (records * (JournalFormat.RecordHeaderBytes + 4))];
        JournalFormat.WriteSegmentHeader(data, first);
        var offset = JournalFormat.SegmentHeaderBytes;
        for (var i = 0; i < records; i++)
        {
            offset += JournalFormat.WriteRecord(data.AsSpan(offset), first + i, [1, 2, 3, (byte)i]);
        }

        return data;
    }
}
