using System.Text;
using Quant.Orleans.Research.Drift;

namespace Quant.Orleans.Research.Tests.Drift;

/// <summary>The drift reference file: round trip, thinning, and refusals naming the field.</summary>
public sealed class DriftReferenceTests
{
    [Fact]
    public void ARoundTripKeepsEveryValueBitForBit()
    {
        var reference = new DriftReference("test", ["a", "b"], [[1.5, -2.25, 1e-300], [0.1, 0.2, 0.3]], [Math.PI, -Math.E]);
        var back = DriftReference.FromJson(reference.ToJson(), "memory");
        Assert.Equal(reference.FeatureNames, back.FeatureNames);
        Assert.Equal(reference.Features[0], back.Features[0]);
        Assert.Equal(reference.Features[1], back.Features[1]);
        Assert.Equal(reference.Predictions, back.Predictions);
    }

    [Fact]
    public void ThinningTakesEvenlySpacedElementsInOrder()
    {
        var values = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        Assert.Equal([0.0, 2, 5, 7], DriftReference.Thin(values, 4)); // ⌊i·10/4⌋ = 0, 2, 5, 7
        Assert.Equal(values, DriftReference.Thin(values, 10));
        Assert.Equal(DriftReference.MaxValues, DriftReference.Thin(new double[12_345]).Length);
    }

    [Fact]
    public void ABrokenFileIsRefusedNamingTheSourceAndTheField()
    {
        var e = Assert.Throws<InvalidDataException>(() => DriftReference.FromJson(Encoding.UTF8.GetBytes("""{"method":"m","feature_names":["a"],"features":[[1,2]],"predictions":[]}"""), "v/drift-reference.json"));
        Assert.Contains("'v/drift-reference.json'", e.Message, StringComparison.Ordinal);
        Assert.Contains("predictions sample is empty", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<InvalidDataException>(() => DriftReference.FromJson(Encoding.UTF8.GetBytes("""{"method":"m","feature_names":["a","b"],"features":[[1]],"predictions":[1]}"""), "x"));
        Assert.Contains("2 feature names but 1 feature samples", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<InvalidDataException>(() => DriftReference.FromJson(Encoding.UTF8.GetBytes("""{"method":"m","feature_names":["a"],"features":[[1]],"predictions":[1],"extra":1}"""), "x"));
        Assert.Contains("not a drift reference", e.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => new DriftReference("m", ["a"], [[double.NaN]], [1]).ToJson());
    }
}
