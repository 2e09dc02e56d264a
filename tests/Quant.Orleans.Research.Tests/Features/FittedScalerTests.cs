using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Validation;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Features;

public sealed class FittedScalerTests
{
    private static readonly FeatureSchema Schema = new(2, ["ret_1m", "spread_bp"]);

    [Fact]
    public void FitsOnTrainingRowsOnlyAndTestRowsNeverMoveTheParameters()
    {
        double[] data = [1, 10, 2, 20, 3, 30, 1000, -5];
        var a = FittedScaler.Fit(Schema, data, [0, 1, 2]);
        Tolerance.AssertAllClose([2, 20], a.Mean, Tolerance.SameFormulaDouble, "mean");
        Tolerance.AssertAllClose([Math.Sqrt(2.0 / 3), Math.Sqrt(200.0 / 3)], a.Scale, Tolerance.SameFormulaDouble, "scale (population sd)");
        data[6] = -77; // a test row changes: the fitted parameters must not
        var b = FittedScaler.Fit(Schema, data, [0, 1, 2]);
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(a.Scale, b.Scale);

        // With a purged fold's training indices.
        var fold = new PurgedKFold(2, 0).Split([new(0, 0), new(1, 1), new(2, 2), new(3, 3)])[1];
        var c = FittedScaler.Fit(Schema, data, fold.Train);
        Tolerance.AssertAllClose([1.5, 15], c.Mean, Tolerance.SameFormulaDouble, "fold mean");
    }

    [Fact]
    public void RoundTripsThroughAFileAndTransformsWithSavedParameters()
    {
        var scaler = FittedScaler.Fit(Schema, [1, 10, 3, 30], [0, 1]);
        var path = Path.Combine(Path.GetTempPath(), $"qo-scaler-{Guid.NewGuid():N}.json");
        try
        {
            scaler.Save(path);
            var loaded = FittedScaler.Load(path, Schema);
            var z = new double[2];
            loaded.Transform(Schema, [5, 0], z);
            Tolerance.AssertAllClose([(5 - 2) / 1.0, (0 - 20) / 10.0], z, Tolerance.SameFormulaDouble, "z");

            var renamed = new FeatureSchema(2, ["spread_bp", "ret_1m"]);
            var e = Assert.Throws<FeatureSchemaMismatchException>(() => FittedScaler.Load(path, renamed));
            Assert.Contains("column 0 is 'spread_bp' but the fitted scaler (schema version 2) expects 'ret_1m'", e.Message, StringComparison.Ordinal);
            var v3 = Assert.Throws<FeatureSchemaMismatchException>(() => loaded.Transform(new FeatureSchema(3, Schema.Columns), [1, 2], z));
            Assert.Contains("version 3 does not match the fitted scaler's version 2", v3.Message, StringComparison.Ordinal);
            Assert.Throws<FeatureSchemaMismatchException>(() => loaded.Transform(new FeatureSchema(2, ["ret_1m"]), [1], new double[1]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ACorruptFileFailsWithItsPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qo-scaler-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => FittedScaler.Load(path, Schema));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
