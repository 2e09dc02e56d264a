using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Tests.Validation;

public sealed class CombinatorialPurgedCVTests
{
    [Theory]
    [InlineData(6, 2, 15, 5)]
    [InlineData(5, 1, 5, 1)]
    [InlineData(8, 3, 56, 21)]
    public void SplitAndPathCountsFollowAfmlEquation12_2(int groups, int k, int splits, int paths)
    {
        var cv = new CombinatorialPurgedCV(groups, k, 2);
        Assert.Equal(splits, cv.SplitCount);
        Assert.Equal(paths, cv.PathCount);
        Assert.Equal(splits, cv.TestGroups().Count);
        Assert.Equal(paths, cv.Paths(100).Count);
    }

    [Fact]
    public void EveryPathCoversEveryGroupOnceAndUsesEachSplitGroupPairOnce()
    {
        var cv = new CombinatorialPurgedCV(6, 2, 3);
        var spans = SpanGenerator.Make(21, 600);
        var folds = cv.Split(spans);
        var tests = cv.TestGroups();
        var used = new HashSet<(int Split, int Group)>();
        foreach (var path in cv.Paths(spans.Length))
        {
            Assert.Equal(Enumerable.Range(0, 6), path.Segments.Select(s => s.Group));
            foreach (var s in path.Segments)
            {
                Assert.Contains(s.Group, tests[s.Split]);
                Assert.True(used.Add((s.Split, s.Group)));
                Assert.All(Enumerable.Range(s.First, s.Last - s.First + 1), i => Assert.Contains(i, folds[s.Split].Test));
            }

            Assert.Equal(Enumerable.Range(0, 600), path.Segments.SelectMany(s => Enumerable.Range(s.First, s.Last - s.First + 1)));
        }

        Assert.Equal(15 * 2, used.Count);
    }

    [Fact]
    public void NoTrainingLabelOverlapsAnyTestLabelInAnySplit()
    {
        var spans = SpanGenerator.Make(31, 480);
        foreach (var fold in new CombinatorialPurgedCV(6, 2, 5).Split(spans))
        {
            foreach (var i in fold.Train)
            {
                Assert.DoesNotContain(fold.Test, j => spans[i].Overlaps(spans[j]));
            }

            Assert.Equal(480, fold.Train.Length + fold.Test.Length + fold.Purged.Length + fold.Embargoed.Length);
        }
    }
}
