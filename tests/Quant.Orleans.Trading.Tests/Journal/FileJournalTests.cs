using System.Buffers.Binary;
using System.Text;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Trading.Tests.Journal;

public sealed class FileJournalTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-journal");

    private string _root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RecordsRoundTripThroughReopenAndRead()
    {
        var written = new List<byte[]>();
        using (var journal = FileJournal.Open(_root, "acct/1"))
        {
            Assert.Equal(0, journal.LastSequence);
            Assert.Equal(0, journal.Recovery.Records);
            for (var batch = 0; batch < 10; batch++)
            {
                var payloads = Enumerable.Range(0, batch).Select(i => Payload((batch * 100) + i, i * 37)).ToArray();
                written.AddRange(payloads);
                Assert.Equal(written.Count, journal.Append(payloads.Select(p => (ReadOnlyMemory<byte>)p).ToArray()));
            }

            Assert.Equal(9, journal.Appends);
            Assert.Equal(9, journal.Flushes);
        }

        var recovered = new List<JournalRecord>();
        using (var journal = FileJournal.Open(_root, "acct/1", recovered.Add))
        {
            Assert.Equal(written.Count, journal.LastSequence);
            Assert.Null(journal.Recovery.TornTail);
            Assert.Equal(written.Count, journal.Recovery.Records);
            Assert.EndsWith("acct%2F1.0000000000000001.qoj", journal.SegmentPath, StringComparison.Ordinal);
        }

        Assert.Equal(Enumerable.Range(1, written.Count).Select(i => (long)i), recovered.Select(r => r.Sequence));
        Assert.All(recovered, r => Assert.Equal(written[(int)r.Sequence - 1], r.Payload.ToArray()));

        var read = new List<JournalRecord>();
        var scan = FileJournal.Read(_root, "acct/1", read.Add);
        Assert.Equal(recovered.Select(r => (r.Sequence, r.Offset)), read.Select(r => (r.Sequence, r.Offset)));
        Assert.Equal((1L, (long)written.Count), (scan.FirstSequence, scan.LastSequence));
    }

    [Fact]
    public void SequencesContinueAfterReopen()
    {
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append([Payload(1, 3), Payload(2, 3)]);
        }

        using (var journal = FileJournal.Open(_root, "j"))
        {
            Assert.Equal(2, journal.LastSequence);
            Assert.Equal(3, journal.Append(Payload(3, 3)));
            journal.Append([Payload(4, 0), Payload(5, 1)]);
        }

        var sequences = new List<long>();
        using (FileJournal.Open(_root, "j", r => sequences.Add(r.Sequence)))
        {
            Assert.Equal([1, 2, 3, 4, 5], sequences);
        }
    }

    [Fact]
    public void ATornLastRecordIsTruncatedAtEveryByteOffsetAndNeverDelivered()
    {
        string segment;
        long endOfSecond, endOfThird;
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append([Payload(1, 10), Payload(2, 20)]);
            endOfSecond = new FileInfo(journal.SegmentPath).Length;
            journal.Append(Payload(3, 40));
            endOfThird = new FileInfo(journal.SegmentPath).Length;
            segment = journal.SegmentPath;
        }

        var full = File.ReadAllBytes(segment);
        for (var cut = endOfSecond; cut < endOfThird; cut++)
        {
            File.WriteAllBytes(segment, full[..(int)cut]);
            var recovered = new List<long>();
            using (var journal = FileJournal.Open(_root, "j", r => recovered.Add(r.Sequence)))
            {
                Assert.Equal([1, 2], recovered);
                Assert.Equal(2, journal.LastSequence);
                if (cut == endOfSecond)
                {
                    Assert.Null(journal.Recovery.TornTail);
                }
                else
                {
                    Assert.Equal(new JournalTornTail(segment, endOfSecond, cut - endOfSecond), journal.Recovery.TornTail);
                }

                Assert.Equal(endOfSecond, new FileInfo(segment).Length);

                // The next append takes the torn record's sequence and lands right after the last whole record.
                Assert.Equal(3, journal.Append(Payload(30, 5)));
            }

            var after = new List<JournalRecord>();
            using (var journal = FileJournal.Open(_root, "j", after.Add))
            {
                Assert.Null(journal.Recovery.TornTail);
            }

            Assert.Equal([1, 2, 3], after.Select(r => r.Sequence));
            Assert.Equal(Payload(30, 5), after[2].Payload.ToArray());
        }
    }

    [Fact]
    public void AZeroFilledTailIsTornToo()
    {
        string segment;
        long end;
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append(Payload(1, 8));
            segment = journal.SegmentPath;
            end = new FileInfo(segment).Length;
        }

        // A crash can leave the file longer than what reached the disk, the rest reading as zeros.
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(new byte[4096]);
        }

        using var reopened = FileJournal.Open(_root, "j");
        Assert.Equal(1, reopened.LastSequence);
        Assert.Equal(new JournalTornTail(segment, end, 4096), reopened.Recovery.TornTail);
        Assert.Equal(end, new FileInfo(segment).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(20)]
    [InlineData(25)]
    public void ADamagedMiddleRecordFailsWithPathAndOffsetAndChangesNothing(int byteInRecord)
    {
        string segment;
        long secondOffset;
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append(Payload(1, 12));
            secondOffset = new FileInfo(journal.SegmentPath).Length;
            journal.Append([Payload(2, 12), Payload(3, 12)]);
            segment = journal.SegmentPath;
        }

        var bytes = File.ReadAllBytes(segment);
        bytes[secondOffset + byteInRecord] ^= 0x40;
        File.WriteAllBytes(segment, bytes);

        var delivered = new List<long>();
        var open = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_root, "j", r => delivered.Add(r.Sequence)));
        Assert.Equal(segment, open.Path);
        Assert.Equal(secondOffset, open.Offset);
        Assert.Contains(segment, open.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {secondOffset}", open.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(segment));

        var read = Assert.Throws<JournalCorruptedException>(() => FileJournal.Read(_root, "j", _ => { }));
        Assert.Equal(secondOffset, read.Offset);

        // The failed open released the writer lock.
        File.WriteAllBytes(segment, bytes[..(int)secondOffset]);
        using var repaired = FileJournal.Open(_root, "j");
        Assert.Equal(1, repaired.LastSequence);
    }

    [Fact]
    public void ASequenceGapFailsWithPathAndOffset()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "j.0000000000000001.qoj");
        var data = new byte[JournalFormat.SegmentHeaderBytes + (3 * (JournalFormat.RecordHeaderBytes + 4))];
        JournalFormat.WriteSegmentHeader(data, 1);
        var offset = JournalFormat.SegmentHeaderBytes;
        offset += JournalFormat.WriteRecord(data.AsSpan(offset), 1, "abcd"u8);
        offset += JournalFormat.WriteRecord(data.AsSpan(offset), 2, "efgh"u8);
        var third = offset;
        JournalFormat.WriteRecord(data.AsSpan(offset), 4, "ijkl"u8);
        File.WriteAllBytes(path, data);

        var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_root, "j"));
        Assert.Equal((path, (long)third), (e.Path, e.Offset));
        Assert.Contains("sequence 4 where 3 was expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendFlushesToDiskAfterTheWriteAndBeforeReturning()
    {
        var log = new List<string>();
        RecordingFileStream? stream = null;
        var options = new FileJournalOptions { OpenSegmentStream = (p, m) => stream = new RecordingFileStream(p, m, log) };
        using var journal = FileJournal.Open(_root, "j", null, options);
        log.Clear();

        journal.Append([Payload(1, 10), Payload(2, 30)]);
        var size = JournalFormat.SegmentHeaderBytes + (2 * JournalFormat.RecordHeaderBytes) + 14 + 34;
        Assert.Equal([$"write {size - JournalFormat.SegmentHeaderBytes}", $"flush True at {size}"], log);

        // Without a flush the records reach the file but not the disk, until the next durable append or Flush().
        log.Clear();
        journal.Append(Payload(3, 1), flushToDisk: false);
        Assert.Equal(["write 25"], log);
        journal.Append(ReadOnlySpan<ReadOnlyMemory<byte>>.Empty);
        Assert.Equal(["write 25", $"flush True at {size + 25}"], log);
        journal.Flush();
        Assert.Equal(2, log.Count);

        // A failed flush leaves the file in an unknown state: the journal refuses every later append.
        stream!.FailFlush = true;
        Assert.Throws<IOException>(() => journal.Append(Payload(4, 1)));
        var refused = Assert.Throws<InvalidOperationException>(() => journal.Append(Payload(5, 1)));
        Assert.Contains("Reopen it to recover", refused.Message, StringComparison.Ordinal);
        stream.FailFlush = false;
    }

    [Fact]
    public async Task AConcurrentReaderSeesOnlyWholeRecords()
    {
        using var journal = FileJournal.Open(_root, "j");
        const int Batches = 400;
        var writer = Task.Run(() =>
        {
            var random = new Random(3);
            var sequence = 0;
            for (var b = 0; b < Batches; b++)
            {
                var payloads = new ReadOnlyMemory<byte>[random.Next(1, 6)];
                for (var i = 0; i < payloads.Length; i++)
                {
                    payloads[i] = Payload(++sequence, random.Next(0, 3000));
                }

                journal.Append(payloads, flushToDisk: b % 8 == 0);
            }
        });

        var reads = 0;
        long lastSeen = 0;
        do
        {
            long expected = 1;
            FileJournal.Read(_root, "j", r =>
            {
                Assert.Equal(expected++, r.Sequence);
                Assert.Equal(r.Sequence, BinaryPrimitives.ReadInt32LittleEndian(r.Payload.Span));
                Assert.Equal(Payload((int)r.Sequence, r.Payload.Length - 4), r.Payload.ToArray());
            });
            Assert.True(expected - 1 >= lastSeen, "a later read saw fewer records");
            lastSeen = expected - 1;
            reads++;
        }
        while (!writer.IsCompleted);

        await writer;
        Assert.True(reads > 0);
        Assert.Equal(journal.LastSequence, FileJournal.Read(_root, "j", _ => { }).LastSequence);
    }

    [Fact]
    public void OnlyOneWriterAtATime()
    {
        using var first = FileJournal.Open(_root, "j");
        var second = Assert.Throws<IOException>(() => FileJournal.Open(_root, "j"));
        Assert.Contains("another writer", second.Message, StringComparison.Ordinal);
        using var other = FileJournal.Open(_root, "k");
    }

    [Fact]
    public void SegmentsAreReadInOrderAndAMissingSegmentIsAGap()
    {
        string[] segments;
        using (var journal = FileJournal.Open(_root, "day", null, new FileJournalOptions { MaxSegmentBytes = 200 }))
        {
            journal.Append([Payload(1, 10), Payload(2, 10)]);
            Assert.True(journal.StartSegment());
            Assert.False(journal.StartSegment());
            journal.Append(Payload(3, 10));

            // Past 200 bytes the journal starts the next segment by itself.
            for (var i = 4; i <= 12; i++)
            {
                journal.Append(Payload(i, 30));
            }

            segments = Directory.GetFiles(_root, "*.qoj").Order(StringComparer.Ordinal).ToArray();
            Assert.True(segments.Length >= 4, string.Join(", ", segments));
            Assert.EndsWith("day.0000000000000003.qoj", segments[1], StringComparison.Ordinal);
        }

        var sequences = new List<long>();
        using (var journal = FileJournal.Open(_root, "day", r => sequences.Add(r.Sequence)))
        {
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), sequences);
            Assert.Equal(segments, journal.Recovery.Segments);
        }

        File.Delete(segments[1]);
        var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_root, "day"));
        Assert.Equal(segments[2], e.Path);
        Assert.Contains("previous segment ends at 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATornTailInASegmentThatIsNotTheLastIsCorruption()
    {
        string first;
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append([Payload(1, 10), Payload(2, 10)]);
            first = journal.SegmentPath;
            journal.StartSegment();
            journal.Append(Payload(3, 10));
        }

        var bytes = File.ReadAllBytes(first);
        File.WriteAllBytes(first, bytes[..^3]);
        var e = Assert.Throws<JournalCorruptedException>(() => FileJournal.Open(_root, "j"));
        Assert.Equal(first, e.Path);
        Assert.Contains("not the journal's last one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALastSegmentWhoseHeaderWasNotFinishedIsStartedAgain()
    {
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append([Payload(1, 10), Payload(2, 10)]);
        }

        var half = Path.Combine(_root, "j.0000000000000003.qoj");
        var header = new byte[JournalFormat.SegmentHeaderBytes];
        JournalFormat.WriteSegmentHeader(header, 3);
        File.WriteAllBytes(half, header[..11]);

        using (var journal = FileJournal.Open(_root, "j"))
        {
            Assert.Equal(new JournalTornTail(half, 0, 11), journal.Recovery.TornTail);
            Assert.Equal(2, journal.LastSequence);
            Assert.Equal(3, journal.Append(Payload(3, 1)));
            Assert.Equal(half, journal.SegmentPath);
        }

        var sequences = new List<long>();
        using (FileJournal.Open(_root, "j", r => sequences.Add(r.Sequence)))
        {
            Assert.Equal([1, 2, 3], sequences);
        }
    }

    [Fact]
    public void AnOversizedPayloadIsRefusedBeforeAnythingIsWritten()
    {
        using var journal = FileJournal.Open(_root, "j", null, new FileJournalOptions { MaxPayloadBytes = 100 });
        var e = Assert.Throws<ArgumentException>(() => journal.Append([Payload(1, 10), new byte[101]]));
        Assert.Contains("Record 1 of the batch has 101 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, journal.LastSequence);
        Assert.Equal(1, journal.Append(Payload(1, 10)));
    }

    /// <summary>A payload that encodes its sequence (4 bytes) then <paramref name="extra"/> bytes derived from it.</summary>
    private static byte[] Payload(int sequence, int extra)
    {
        var bytes = new byte[4 + extra];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, sequence);
        for (var i = 0; i < extra; i++)
        {
            bytes[4 + i] = (byte)((sequence * 31) + i);
        }

        return bytes;
    }

    [Fact]
    public void PayloadsAreOpaqueBytes()
    {
        using (var journal = FileJournal.Open(_root, "j"))
        {
            journal.Append([Encoding.UTF8.GetBytes("ä"), Array.Empty<byte>()]);
        }

        var records = new List<JournalRecord>();
        FileJournal.Read(_root, "j", records.Add);
        Assert.Equal(["ä", string.Empty], records.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
    }
}
