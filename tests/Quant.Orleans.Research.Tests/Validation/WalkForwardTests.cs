using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Tests.Validation;

public sealed class WalkForwardTests
{
    [Theory]
    [InlineData(WalkForwardMode.Expanding)]
    [InlineData(WalkForwardMode.Rolling)]
    public void TrainsOnlyOnThePastAndNeverOnALabelThatReachesTheTest(WalkForwardMode mode)
    {
        var spans = SpanGenerator.Make(11, 400);
        var folds = new WalkForward(mode, trainSize: 100, testSize: 60).Split(spans);
        Assert.Equal(5, folds.Count); // ⌈300/60⌉
        Assert.Equal(Enumerable.Range(100, 300), folds.SelectMany(f => f.Test));
        foreach (var fold in folds)
        {
            Assert.All(fold.Train, i => Assert.True(i < fold.Test[0]));
            Assert.All(fold.Train, i => Assert.True(spans[i].End < spans[fold.Test[0]].Start));
            Assert.Empty(fold.Embargoed);
            var window = mode == WalkForwardMode.Expanding ? fold.Test[0] : 100;
            Assert.Equal(window, fold.Train.Length + fold.Purged.Length);
        }
    }
}
