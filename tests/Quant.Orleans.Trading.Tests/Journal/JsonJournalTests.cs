using System.Text;
using System.Text.Json.Serialization;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Trading.Tests.Journal;

public sealed class JsonJournalTests : IDisposable
{
    private readonly TempFolder _folder = new("qo-journal");

    private string _root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EntriesRoundTripWithTheirSequences()
    {
        using (var journal = JsonJournal<TestEntry>.Open(_root, "j", TestJournalContext.Default.TestEntry, null))
        {
            Assert.Equal(2, journal.Append([new TestEntry("a", 1.25m), new TestEntry("b", -3m)]));
            Assert.Equal(3, journal.Append([new TestEntry("c", 0.1m)]));
        }

        var replayed = new List<(long, TestEntry)>();
        using (JsonJournal<TestEntry>.Open(_root, "j", TestJournalContext.Default.TestEntry, (s, e) => replayed.Add((s, e))))
        {
            Assert.Equal([(1, new TestEntry("a", 1.25m)), (2, new TestEntry("b", -3m)), (3, new TestEntry("c", 0.1m))], replayed);
        }

        Assert.Equal(replayed, JsonJournal<TestEntry>.ReadAll(_root, "j", TestJournalContext.Default.TestEntry));
    }

    [Fact]
    public void AWholeRecordThatDoesNotDecodeFailsWithPathOffsetAndSequence()
    {
        string segment;
        using (var raw = FileJournal.Open(_root, "j"))
        {
            raw.Append(Encoding.UTF8.GetBytes("{\"Name\":\"a\",\"Amount\":1}"));
            raw.Append(Encoding.UTF8.GetBytes("{\"Name\":\"b\",\"Amount\":\"lots\"}"));
            segment = raw.SegmentPath;
        }

        var e = Assert.Throws<JournalCorruptedException>(() => JsonJournal<TestEntry>.Open(_root, "j", TestJournalContext.Default.TestEntry, (_, _) => { }));
        Assert.Equal(segment, e.Path);
        Assert.Equal(24 + 20 + 23, e.Offset);
        Assert.Contains("record 2", e.Message, StringComparison.Ordinal);
    }
}

public sealed record TestEntry(string Name, decimal Amount);

[JsonSerializable(typeof(TestEntry))]
internal sealed partial class TestJournalContext : JsonSerializerContext;
