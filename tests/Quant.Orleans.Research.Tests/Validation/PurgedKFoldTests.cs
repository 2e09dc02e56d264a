using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Tests.Validation;

public sealed class PurgedKFoldTests
{
    public static TheoryData<ulong, int, int, int> Cases => new()
    {
        { 1, 200, 5, 0 },
        { 2, 500, 5, 7 },
        { 3, 1_000, 10, 25 },
        { 4, 97, 3, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoTrainingLabelOverlapsATestLabelAndEverySampleIsAccountedFor(ulong seed, int n, int k, int embargo)
    {
        var spans = SpanGenerator.Make(seed, n);
        var folds = new PurgedKFold(k, embargo).Split(spans);
        Assert.Equal(k, folds.Count);
        Assert.Equal(Enumerable.Range(0, n), folds.SelectMany(f => f.Test).Order());
        foreach (var fold in folds)
        {
            foreach (var i in fold.Train)
            {
                foreach (var j in fold.Test)
                {
                    Assert.False(spans[i].Overlaps(spans[j]), $"train {i} {spans[i]} overlaps test {j} {spans[j]}");
                }
            }

            var all = fold.Train.Concat(fold.Test).Concat(fold.Purged).Concat(fold.Embargoed).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, n), all);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PurgeAndEmbargoRemoveExactlyWhatTheyShould(ulong seed, int n, int k, int embargo)
    {
        var spans = SpanGenerator.Make(seed, n);
        foreach (var fold in new PurgedKFold(k, embargo).Split(spans))
        {
            var first = fold.Test[0];
            var last = fold.Test[^1];
            var hull = new LabelSpan(spans[first].Start, fold.Test.Max(i => spans[i].End));
            // Purged: exactly the non-test samples whose interval meets the test hull.
            var expectedPurged = Enumerable.Range(0, n).Where(i => (i < first || i > last) && spans[i].Overlaps(hull)).ToArray();
            Assert.Equal(expectedPurged, fold.Purged);
            // Embargoed: exactly the next `embargo` samples after the first one that starts past the hull.
            var after = Enumerable.Range(last + 1, n - last - 1).FirstOrDefault(i => spans[i].Start > hull.End, n);
            var expectedEmbargo = Enumerable.Range(after, Math.Max(0, Math.Min(embargo, n - after))).ToArray();
            Assert.Equal(expectedEmbargo, fold.Embargoed);
            Assert.Equal(Math.Min(embargo, n - after), fold.Embargoed.Length);
        }
    }

    [Fact]
    public void WithoutOverlapOrEmbargoItIsPlainKFold()
    {
        var spans = Enumerable.Range(0, 10).Select(i => new LabelSpan(i, i)).ToArray();
        var folds = new PurgedKFold(3, 0).Split(spans);
        Assert.Equal([0, 1, 2, 3], folds[0].Test); // array_split: 4, 3, 3
        Assert.Equal([4, 5, 6], folds[1].Test);
        Assert.Equal([0, 1, 2, 3, 7, 8, 9], folds[1].Train);
        Assert.Empty(folds[1].Purged);
    }

    [Fact]
    public void HandWorkedPurgeAndEmbargo()
    {
        // Labels of 3 observations each: [i, i+2]. Test block of fold 1 of 2 is 5..9, hull [5, 11].
        var spans = Enumerable.Range(0, 10).Select(i => new LabelSpan(i, i + 2)).ToArray();
        var fold = new PurgedKFold(2, 1).Split(spans)[0];
        Assert.Equal([0, 1, 2, 3, 4], fold.Test);
        // Hull [0, 6]: samples 5 and 6 start inside it (purged); 7 is the first after it (embargoed); 8, 9 train.
        Assert.Equal([5, 6], fold.Purged);
        Assert.Equal([7], fold.Embargoed);
        Assert.Equal([8, 9], fold.Train);
        var second = new PurgedKFold(2, 1).Split(spans)[1];
        // Test 5..9, hull [5, 11]: samples 3 ([3,5]) and 4 ([4,6]) end inside it; nothing after to embargo.
        Assert.Equal([3, 4], second.Purged);
        Assert.Empty(second.Embargoed);
        Assert.Equal([0, 1, 2], second.Train);
    }

    [Fact]
    public void RejectsUnsortedSpansAndTooFewSamples()
    {
        Assert.Throws<ArgumentException>(() => new PurgedKFold(2, 0).Split([new(5, 6), new(1, 2)]));
        Assert.Throws<ArgumentException>(() => new PurgedKFold(3, 0).Split([new(1, 2), new(2, 3)]));
        Assert.Equal(10, PurgedKFold.EmbargoFromFraction(1_000, 0.01));
    }
}
